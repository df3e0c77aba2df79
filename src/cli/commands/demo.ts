import type { Command } from 'commander';
import { generateShop, GenerateOptionsSchema } from '../../generate/index.js';
import { expandFiles, importFiles, resolveSource, type ImportReport } from '../../ingest/index.js';
import { loadConfig } from '../../config.js';
import { loadOrCreateSecret } from '../../privacy/index.js';
import type { Store } from '../../store/index.js';
import { withStore } from '../context.js';
import { demoImports, shopIsCurrent } from '../demo-plan.js';
import { runDemoStages } from '../demo-stages.js';
import { parseWith } from '../errors.js';
import { printResult, say, type GlobalOptions } from '../output.js';
import { listenOptions, stopOnSignal, untilSignal } from './serve.js';
import { startServer } from '../../server/server.js';
import { rotateWriteKey } from '../../server/collector/index.js';
import { importUpdate, withProgress } from '../progress.js';

interface DemoFlags extends GlobalOptions {
  customers?: string;
  days?: string;
  seed?: string;
  out?: string;
  port?: string;
  serve?: boolean;
}

interface StepResult {
  step: string;
  seconds: number;
  detail: Record<string, unknown>;
}

/** `cairn demo`: generate a shop, import it, run every stage there is, and summarise. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the main job on a fresh machine: generate a shop, import it, run every stage, print a summary')
    .option('--customers <n>', 'people in the generated shop (default 5000, about 1M events)')
    .option('--days <n>', 'days of data (default 365)')
    .option('--seed <n>', 'random seed (default 42)')
    .option('--out <dir>', 'folder for the generated shop (default ./demo-shop; reused when it matches)')
    .option('--port <n>', 'port to serve on after the summary (default 3000; see `cairn serve`)')
    .option('--no-serve', 'stop after the summary instead of serving')
    .addHelpText('after', `
The store is --db (default ./cairn.duckdb). Running the demo again on the same store adds
nothing: every import is idempotent. Explore the result with \`cairn sql\`, e.g.
  cairn sql "SELECT channel, count(*) AS orders, sum(revenue) AS revenue FROM orders GROUP BY ALL"`)
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<DemoFlags>();
      const listen = listenOptions({ port: flags.port });
      const options = parseWith(GenerateOptionsSchema, { customers: flags.customers, days: flags.days, seed: flags.seed, out: flags.out ?? './demo-shop' });
      const started = performance.now();
      const steps: StepResult[] = [];
      const headlines: string[] = [];

      const t0 = performance.now();
      if (shopIsCurrent(options.out, options)) {
        say(`demo: reusing the shop in ${options.out} (same seed and size)`);
        steps.push({ step: 'generate', seconds: 0, detail: { reused: true, out: options.out } });
      } else {
        const summary = await withProgress('generate', (onProgress) => generateShop(options, onProgress));
        steps.push({ step: 'generate', seconds: (performance.now() - t0) / 1000, detail: { out: options.out, events: summary.files['events.jsonl'].lines, customers: summary.people.total } });
      }

      const result = await withStore(flags, async (store) => {
        const secret = loadOrCreateSecret(store.location, loadConfig().secret);
        for (const { file, source: sourceName } of demoImports(options.out)) {
          const files = await expandFiles([file]);
          const source = await resolveSource(sourceName, files);
          const name = file.split('/').pop() ?? file;
          const report = await withProgress(`import ${name}`, (onProgress) =>
            importFiles(store, { files, source, secret, onProgress: (p) => onProgress(importUpdate(p)) }),
          );
          steps.push({ step: `import ${name}`, seconds: report.elapsedMs / 1000, detail: importDetail(report) });
          say(`demo: ${name} → ${report.accepted.toLocaleString('en-US')} accepted, ${report.duplicates.toLocaleString('en-US')} duplicates, ${report.quarantined.toLocaleString('en-US')} quarantined (${(report.elapsedMs / 1000).toFixed(1)} s)`);
        }
        // Then every analysis stage there is, each writing its results to the store.
        for (const stage of await runDemoStages(store)) {
          steps.push({ step: stage.step, seconds: stage.seconds, detail: stage.detail });
          headlines.push(`${stage.step}: ${stage.headline}`);
        }
        // The demo shop page sends its events with this source's key (a new one each run).
        const demoWriteKey = flags.serve !== false ? await rotateWriteKey(store, 'demo-shop') : undefined;
        return { store: store.location, totals: await storeTotals(store), demoWriteKey };
      });
      const seconds = (performance.now() - started) / 1000;
      const serving = flags.serve !== false;
      if (!serving) {
        const { demoWriteKey: _, ...summary } = result;
        printResult(flags, { ...summary, steps, seconds, serve: 'skipped (--no-serve)' }, () => describe(result.totals, steps, headlines, seconds, result.store, undefined));
        return;
      }
      const signal = untilSignal();
      const { demoWriteKey, ...summary } = result;
      const server = await startServer({ db: result.store, ...listen, ...(demoWriteKey ? { demoWriteKey } : {}) });
      printResult(flags, { ...summary, steps, seconds, serve: { url: server.url, demoShop: `${server.url}/demo/shop`, demoWriteKey } }, () =>
        describe(result.totals, steps, headlines, seconds, result.store, server.url));
      await stopOnSignal(server, signal);
    });
}

function importDetail(r: ImportReport): Record<string, unknown> {
  return { read: r.rowsRead, accepted: r.accepted, duplicates: r.duplicates, quarantined: r.quarantined, written: r.written };
}

interface Totals {
  customers: number;
  events: number;
  sessions: number;
  orders: number;
  revenue: number;
  products: number;
  reviews: number;
  quarantined: number;
  byChannel: { channel: string; orders: number; revenue: number }[];
}

/** The store's headline numbers, for the summary. */
async function storeTotals(store: Store): Promise<Totals> {
  const [row] = await store.query<Omit<Totals, 'byChannel'>>(`
    SELECT (SELECT count(*) FROM customers) AS customers,
      (SELECT count(*) FROM events) AS events,
      (SELECT count(DISTINCT session_id) FROM events) AS sessions,
      (SELECT count(*) FROM orders WHERE kind = 'order') AS orders,
      (SELECT round(coalesce(sum(revenue), 0), 2) FROM orders)::DOUBLE AS revenue,
      (SELECT count(*) FROM products) AS products,
      (SELECT count(*) FROM texts) AS reviews,
      (SELECT count(*) FROM quarantine WHERE replayed_at IS NULL) AS quarantined`);
  const byChannel = await store.query<{ channel: string; orders: number; revenue: number }>(`
    SELECT coalesce(channel, 'unknown') AS channel, count(*) FILTER (WHERE kind = 'order') AS orders, round(sum(revenue), 2)::DOUBLE AS revenue
    FROM orders GROUP BY ALL ORDER BY revenue DESC`);
  return { ...(row as Omit<Totals, 'byChannel'>), byChannel };
}

function describe(t: Totals, steps: StepResult[], headlines: readonly string[], seconds: number, store: string, url: string | undefined): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const money = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const lines = [
    `Cairn demo: done in ${seconds.toFixed(1)} s. Store: ${store}`,
    '',
    `  ${n(t.customers)} customers (people: accounts, CRM records, till e-mails and cookies joined by identity resolution) · ${n(t.events)} events in ${n(t.sessions)} sessions`,
    `  ${n(t.products)} products · ${n(t.reviews)} reviews`,
    `  ${n(t.orders)} orders, revenue ${money(t.revenue)} (net of returns)`,
    ...t.byChannel.map((c) => `    ${c.channel.padEnd(10)} ${n(c.orders).padStart(8)} orders  ${money(c.revenue).padStart(14)}`),
    `  ${n(t.quarantined)} records in quarantine (\`cairn quarantine list\` shows why)`,
    ...(headlines.length ? ['', 'What the analysis found:', ...headlines.map((h) => `  ${h}`)] : []),
    '',
    'Steps:',
    ...steps.map((s) => `  ${s.step.padEnd(24)} ${s.seconds.toFixed(1).padStart(6)} s`),
    '',
    'Next: `cairn segment`, `cairn clv`, `cairn forecast` for the full reports; `cairn sql "SHOW TABLES"`, `cairn quarantine list`.',
  ];
  if (url) {
    lines.push(
      '',
      `Serving on ${url} (Ctrl-C stops): the demo shop at ${url}/demo/shop, the API at ${url}/api/openapi.json,`,
      `the Segment-compatible collector at ${url}/v1/batch (\`cairn sources add NAME\` makes a write key; stop the server first).`,
    );
  }
  return lines.join('\n');
}
