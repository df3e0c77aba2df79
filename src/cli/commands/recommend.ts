import type { Command } from 'commander';
import { z } from 'zod';
import { MODEL_NAMES, type ModelName } from '../../recommend/index.js';
import { evaluateFiles, type EvaluateFilesInput, type FileEvaluation, type SplitSpec } from '../../recommend/run/evaluate-file.js';
import { InteractionFileError } from '../../recommend/run/interaction-file.js';
import { recommendForCustomer, UnknownCustomerError, type CustomerRecommendations } from '../../recommend/run/customer-recommendations.js';
import { withStore } from '../context.js';
import { UsageError } from '../errors.js';
import { formatTable, printResult, type GlobalOptions } from '../output.js';

const SEPARATORS: Record<string, string> = { tab: '\t', '\\t': '\t', ',': ',', comma: ',', ';': ';', '|': '|', space: ' ' };

const EvaluateFlags = z
  .object({
    train: z.string().optional(),
    test: z.string().optional(),
    file: z.string().optional(),
    split: z
      .string()
      .regex(/^(random|time|chrono):(0?\.\d+)$/, 'must be random:FRACTION, time:FRACTION or chrono:FRACTION, e.g. random:0.25')
      .optional(),
    columns: z.string().optional(),
    sep: z.string().optional(),
    k: z.coerce.number().int().min(1).max(1000),
    seed: z.coerce.number().int(),
    models: z.string().optional(),
  })
  .refine((o) => (o.file !== undefined) !== (o.train !== undefined || o.test !== undefined), 'give --train and --test, or --file with --split')
  .refine((o) => o.file === undefined || o.split !== undefined, '--file needs --split random:0.25 or time:0.25')
  .refine((o) => o.file !== undefined || (o.train !== undefined && o.test !== undefined), '--train needs --test, and --test needs --train');

/** Turns the flags into the evaluation's input, or a usage error saying what is wrong. */
function evaluateInput(raw: unknown): EvaluateFilesInput {
  const parsed = EvaluateFlags.safeParse(raw);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => (i.path.length ? `--${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
  const o = parsed.data;
  const separator = o.sep === undefined ? undefined : (SEPARATORS[o.sep.toLowerCase()] ?? o.sep);
  const models = o.models?.split(',').map((m) => m.trim());
  const unknown = models?.filter((m) => !(MODEL_NAMES as readonly string[]).includes(m));
  if (unknown?.length) throw new UsageError(`unknown model ${unknown.join(', ')}: choose from ${MODEL_NAMES.join(', ')}`);
  const read = {
    ...(separator !== undefined ? { separator } : {}),
    ...(o.columns !== undefined ? { columns: o.columns.split(',') } : {}),
  };
  const common = { read, k: o.k, ...(models ? { models: models as ModelName[] } : {}) };
  if (o.file !== undefined) {
    const [kind, fraction] = o.split!.split(':') as ['random' | 'time' | 'chrono', string];
    const split: SplitSpec = kind === 'random' ? { kind, testFraction: Number(fraction), seed: o.seed } : { kind, testFraction: Number(fraction) };
    return { file: o.file, split, ...common };
  }
  return { train: o.train!, test: o.test!, ...common };
}

const round = (v: number | undefined, digits = 4) => (v === undefined ? undefined : +v.toFixed(digits));

function describe(result: FileEvaluation): string {
  const k = result.k;
  const rows = result.rows.map((r) =>
    r.error !== undefined
      ? { model: r.model, [`P@${k}`]: '—', error: r.error }
      : {
          model: r.model,
          [`P@${k}`]: round(r.precision),
          [`R@${k}`]: round(r.recall),
          [`NDCG@${k}`]: round(r.ndcg),
          [`MAP@${k}`]: round(r.map),
          [`hit@${k}`]: round(r.hitRate),
          coverage: round(r.coverage),
          novelty: round(r.novelty, 2),
          'train s': round(r.trainSeconds, 2),
        },
  );
  const columns = ['model', `P@${k}`, `R@${k}`, `NDCG@${k}`, `MAP@${k}`, `hit@${k}`, 'coverage', 'novelty', 'train s'];
  const errors = result.rows.filter((r) => r.error !== undefined).map((r) => `${r.model}: ${r.error}`);
  const t = result.test;
  return [
    `train: ${result.train.interactions} interactions, ${result.train.users} users, ${result.train.items} items (split: ${result.input.split})`,
    `test: ${t.interactions} interactions of ${t.users} users; evaluated ${t.evaluatedUsers} users`,
    `cold start: ${t.coldStartUsers} test users never seen in train (not evaluated; they would get popular items), ${t.coldStartItemInteractions} test interactions with items never seen in train (counted as misses)`,
    ...(result.input.nonPositiveRows ? [`left out: ${result.input.nonPositiveRows} rows with a rating or count of 0 or less`] : []),
    ...(result.input.missingIdRows ? [`left out: ${result.input.missingIdRows} rows without a user or an item`] : []),
    '',
    formatTable(columns, rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? '']))), 50),
    ...errors.map((e) => `not run: ${e}`),
  ].join('\n');
}

const CustomerFlags = z.object({
  k: z.coerce.number().int().min(1).max(200),
  model: z.enum(MODEL_NAMES),
  exclude: z.string().optional(),
  includeOutOfStock: z.boolean().optional(),
});

function describeCustomer(r: CustomerRecommendations): string {
  const head = r.coldStart
    ? `customer ${r.customerId}: no purchases or views yet, so the most popular products`
    : `customer ${r.customerId}: ${r.history.purchased} products bought, ${r.history.viewed} viewed (model ${r.model})`;
  const rows = r.items.map((item, i) => ({ '#': i + 1, product: item.productId, name: item.name ?? '', category: item.category ?? '', why: item.reason.text }));
  return `${head}\n\n${formatTable(['#', 'product', 'name', 'category', 'why'], rows)}`;
}

/**
 * `cairn recommend CUSTOMER` from the store; `cairn recommend evaluate` on the user's own
 * interaction files, no store needed.
 */
export function registerRecommend(program: Command): void {
  const recommend = program
    .command('recommend')
    .description('product recommendations for a customer from the store, or `evaluate` the models on interaction files')
    .argument('[customer]', 'customer id (c_…)')
    .option('--k <n>', 'products to recommend', '10')
    .option('--model <name>', `one of ${MODEL_NAMES.join(', ')}`, 'item-knn')
    .option('--exclude <categories>', 'comma-separated categories never to recommend')
    .option('--include-out-of-stock', 'recommend products marked out of stock too')
    .addHelpText('after', `
Never recommends a product the customer bought. Customers without purchases or views get the most
popular products, said so.

Examples:
  cairn recommend c_3f9a1e --k 5
  cairn recommend c_3f9a1e --exclude "Gift Cards,Books" --json`)
    .action(async (customer: string | undefined, _opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions & Record<string, unknown>>();
      if (customer === undefined) throw new UsageError('give a customer id: cairn recommend CUSTOMER (or cairn recommend evaluate --train FILE --test FILE)');
      const parsed = CustomerFlags.safeParse(cmd.opts());
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
      const o = parsed.data;
      const result = await withStore(options, async (store) => {
        try {
          return await recommendForCustomer(store, customer, {
            k: o.k,
            model: o.model,
            ...(o.exclude ? { excludeCategories: o.exclude.split(',').map((c) => c.trim()) } : {}),
            ...(o.includeOutOfStock ? { includeOutOfStock: true } : {}),
          });
        } catch (err) {
          if (err instanceof UnknownCustomerError) throw new Error(`${err.message}; cairn sql "SELECT customer_id FROM customers LIMIT 10" lists some`, { cause: err });
          throw err;
        }
      });
      printResult(options, result, () => describeCustomer(result));
    });
  recommend
    .command('evaluate')
    .description('fit every model on a train file and rank each test user\'s unseen items (Microsoft Recommenders\' metric definitions)')
    .option('--train <file>', 'training interactions')
    .option('--test <file>', 'test interactions')
    .option('--file <file>', 'one interaction file, split with --split')
    .option('--split <how>', 'share of the --file going to test: random:F, time:F (the latest F, one cut-off for all) or chrono:F (each user\'s latest F)')
    .option('--columns <names>', 'with a header: the columns for user,item[,rating[,timestamp]]; without: each field\'s role in order, e.g. user,item,rating,timestamp')
    .option('--sep <sep>', 'field separator: TAB, "," or any string (default: tab if the first line has one, else comma)')
    .option('--k <n>', 'length of each recommendation list', '10')
    .option('--seed <n>', 'seed of a random split', '42')
    .option('--models <names>', `comma-separated subset of ${MODEL_NAMES.join(', ')}`)
    .addHelpText('after', `
Ratings or counts are weights (rows with 0 or less are left out); every test item is relevant.
Test users without training history are counted as cold start and not evaluated.

Examples:
  cairn recommend evaluate --train u1.base --test u1.test --columns user,item,rating,timestamp --sep TAB
  cairn recommend evaluate --file ratings.csv --split random:0.25 --k 10 --json`)
    .action(async (_opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions & Record<string, unknown>>();
      const input = evaluateInput(options);
      let result: FileEvaluation;
      try {
        result = await evaluateFiles(input);
      } catch (err) {
        // A file the user gave us that we cannot read is bad usage, with the line named.
        if (err instanceof InteractionFileError) throw new UsageError(err.message);
        throw err;
      }
      printResult(options, result, () => describe(result));
    });
}
