import type { Command } from 'commander';
import { isDay } from '../../models/run/days.js';
import {
  computeProfileFeatures,
  defaultProfileAsOf,
  FEATURE_POLICY,
  readProfileFeatures,
  type FeaturePolicy,
  type FeatureSummary,
  type ProfileFeaturesRun,
  type StoredProfile,
} from '../../profiles/index.js';
import { withStore } from '../context.js';
import { UsageError } from '../errors.js';
import { formatTable, printResult, say, type GlobalOptions } from '../output.js';

interface FeaturesFlags extends GlobalOptions {
  asOf?: string;
  customer?: string;
  limit?: string;
  out?: string;
}

type FeaturesResult = ProfileFeaturesRun & { rows?: { customerId: string; values: StoredProfile['values'] }[] };

/** Customers shown side by side in the text output (the JSON and the CSV file have them all). */
const SHOWN = 8;

/** `cairn features`: every customer's profile features as of a day, stored in the features table. */
export function registerFeatures(program: Command): void {
  program
    .command('features')
    .description('compute every customer\'s profile features as of a day (recency, frequency, value, sessions, carts, channel and device mix, …), store them and summarise them')
    .option('--as-of <date>', 'YYYY-MM-DD: only data dated before this day counts (default: the day after the last order or event)')
    .option('--customer <id>', 'compute (and replace) one customer\'s row only, and show it')
    .option('--limit <n>', 'also show the features of the first N customers')
    .option('--out <file.csv>', 'also write every row to a CSV file (customer_id and one column per feature)')
    .addHelpText('after', `
Rows go to the features table (feature_set 'profile', one row per customer and as-of day; a new
run for the same day replaces the old one), with "values" a JSON object of the features. A
missing value follows the feature's policy (see FEATURE_POLICY in src/profiles/feature-policy.ts):
left null with a flag (has_orders, has_repeat_purchase, has_events), imputed with a flag, or null.

Examples:
  cairn features
  cairn features --as-of 2011-09-01 --out profiles.csv
  cairn features --customer c_1a2b3c --json`)
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<FeaturesFlags>();
      if (flags.asOf !== undefined && !isDay(flags.asOf)) throw new UsageError(`--as-of ${flags.asOf} is not a date: use YYYY-MM-DD`);
      if (flags.limit !== undefined && !/^\d+$/.test(flags.limit)) throw new UsageError(`--limit must be a whole number, got ${flags.limit}`);
      if (flags.out !== undefined && !flags.out.trim()) throw new UsageError('--out needs a file name');
      const result = await withStore(flags, async (store): Promise<FeaturesResult> => {
        const asOf = flags.asOf ?? (await defaultProfileAsOf(store));
        if (asOf === null) throw new UsageError('the store has no orders or events: import some first (cairn import … --source …)');
        const run = await computeProfileFeatures(store, {
          asOf,
          ...(flags.customer === undefined ? {} : { customerId: flags.customer }),
          ...(flags.out === undefined ? {} : { csv: flags.out }),
          onProgress: (step) => say(`features: ${step}…`),
        });
        if (flags.customer !== undefined && run.customers === 0) {
          throw new UsageError(`no customer ${flags.customer} was seen before ${asOf}: check the id (cairn sql "SELECT customer_id FROM customers LIMIT 5") or give a later --as-of`);
        }
        const limit = flags.customer !== undefined ? 1 : flags.limit === undefined ? 0 : Number(flags.limit);
        if (limit === 0) return run;
        const rows = await readProfileFeatures(store, { asOf, limit, ...(flags.customer === undefined ? {} : { customerId: flags.customer }) });
        return { ...run, rows: rows.map((r) => ({ customerId: r.customerId, values: r.values })) };
      });
      printResult(flags, result, () => describe(result));
    });
}

const n = (x: number) => x.toLocaleString('en-US');

function number(x: number | null): string {
  if (x === null) return '–';
  return Math.abs(x) >= 100 ? n(Math.round(x)) : String(+x.toFixed(2));
}

function missing(s: FeatureSummary): string {
  const p: FeaturePolicy = FEATURE_POLICY[s.feature];
  if (p.policy === 'impute') return `${p.imputed}, ${p.flag} false: ${p.missingWhen ?? ''}`;
  if (p.policy === 'flag') return `null, ${p.flag} false: ${p.missingWhen ?? ''}`;
  if (p.policy === 'null') return `null: ${p.missingWhen ?? ''}`;
  return '';
}

function describe(r: FeaturesResult): string {
  const lines = [`Customer profiles as of ${r.asOf} (data dated before that day) · ${n(r.customers)} customers · ${r.version}`, ''];
  const table = r.summary.map((s) => ({
    feature: s.feature,
    null: s.nullRate > 0 ? `${(100 * s.nullRate).toFixed(s.nullRate < 0.01 ? 1 : 0)}%` : '',
    mean: s.kind === 'text' ? '' : s.kind === 'flag' ? `${Math.round(100 * (s.mean ?? 0))}% true` : number(s.mean),
    median: s.kind === 'text' ? `most: ${s.mode ?? '–'}` : s.kind === 'flag' ? '' : number(s.median),
    'when missing': missing(s),
  }));
  // formatTable ends with a row count: the customer count above says it better.
  lines.push(formatTable(['feature', 'null', 'mean', 'median', 'when missing'], table).split('\n').slice(0, -1).join('\n'));
  if (r.rows?.length) {
    const shown = r.rows.slice(0, SHOWN);
    lines.push('', formatTable(['feature', ...shown.map((x) => x.customerId)], r.summary.map((s) => ({
      feature: s.feature,
      ...Object.fromEntries(shown.map((x) => [x.customerId, x.values[s.feature] ?? 'null'])),
    }))).split('\n').slice(0, -1).join('\n'));
    if (r.rows.length > shown.length) lines.push(`… ${r.rows.length - shown.length} more customers (--json or --out FILE.csv for all)`);
  }
  lines.push('');
  if (r.stored) {
    const replaced = r.stored.replaced ? `, replacing ${n(r.stored.replaced)} from an earlier run for that day` : '';
    lines.push(`Stored ${n(r.stored.rows)} rows in the features table (feature_set '${r.stored.featureSet}', version ${r.stored.version}, as_of ${r.stored.asOf})${replaced} in ${r.seconds.toFixed(1)} s.`);
    lines.push(`Read them with: cairn sql "SELECT customer_id, \\"values\\" FROM features WHERE feature_set = 'profile' AND as_of = '${r.asOf}' LIMIT 5"`);
  }
  if (r.csv) lines.push(`Wrote ${n(r.customers)} rows to ${r.csv}.`);
  return lines.join('\n');
}
