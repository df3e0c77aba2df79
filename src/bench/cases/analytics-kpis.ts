import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSessions, kpis } from '../../analytics/index.js';
import { generateShop } from '../../generate/index.js';
import { builtInSources, importFiles } from '../../ingest/index.js';
import { openStore, type Store } from '../../store/index.js';
import type { BenchCase, BenchLine } from '../bench.js';
import { tenfold } from '../tenfold.js';

const SECRET = Buffer.alloc(32, 5);
const round = (x: number, digits = 3) => +x.toFixed(digits);
const BENCH = 'analytics-kpis';

/** Wall seconds, and CPU seconds of this process (DuckDB's threads included) as `cpu`. */
async function seconds<T>(fn: () => Promise<T>, cpu: { s: number } = { s: 0 }): Promise<[T, number]> {
  const t = performance.now();
  const c = process.cpuUsage();
  const r = await fn();
  const used = process.cpuUsage(c);
  cpu.s = (used.user + used.system) / 1e6;
  return [r, (performance.now() - t) / 1000];
}
// On a shared machine wall time says as much about the neighbours as about the code.
const load = () => ({ loadAverage1m: round(loadavg()[0] ?? 0, 1) });

const count = async (store: Store, sql: string): Promise<number> => (await store.query<{ n: number }>(`SELECT (${sql})::BIGINT AS n`))[0]?.n ?? 0;

/** Sessions from scratch, one day's new events incrementally, and KPIs over 30 and 365 days. */
async function* measure(store: Store, size: string, last: { day: string }): AsyncIterable<BenchLine> {
  const events = await count(store, 'SELECT count(*) FROM events');
  // The last day's events arrive after the rest: held back, then filed incrementally.
  await store.exec(`CREATE OR REPLACE TABLE bench_tail AS SELECT * FROM events WHERE ts >= DATE '${last.day}';
    DELETE FROM events WHERE ts >= DATE '${last.day}'`);
  const cpu = { s: 0 };
  const [full, fullSeconds] = await seconds(() => buildSessions(store, { rebuild: true }), cpu);
  yield {
    bench: BENCH, case: `buildSessions from scratch, ${size} events`, value: round(fullSeconds), unit: 's',
    details: { cpuSeconds: round(cpu.s, 1), ...load(), events, filed: full.eventsFiled, sessions: full.sessionsTotal,
      steps: Object.fromEntries(Object.entries(full.steps).map(([k, v]) => [k, round(v)])) },
  };
  await store.exec('INSERT INTO events SELECT * FROM bench_tail; DROP TABLE bench_tail');
  const [inc, incSeconds] = await seconds(() => buildSessions(store), cpu);
  yield {
    bench: BENCH, case: `buildSessions incremental: the last day's events into ${size}`, value: round(incSeconds), unit: 's',
    details: { cpuSeconds: round(cpu.s, 1), ...load(), newEvents: inc.eventsFiled, sessionsWritten: inc.sessionsWritten, reopened: inc.sessionsReopened, sessions: inc.sessionsTotal,
      steps: Object.fromEntries(Object.entries(inc.steps).map(([k, v]) => [k, round(v)])) },
  };
  for (const days of [30, 365]) {
    const from = new Date(Date.parse(`${last.day}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
    const [k, kSeconds] = await seconds(() => kpis(store, { from, to: last.day }), cpu);
    yield {
      bench: BENCH, case: `kpis ${String(days)} days beside the previous ${String(days)}, ${size} events`, value: round(kSeconds), unit: 's',
      details: { cpuSeconds: round(cpu.s, 2), ...load(), from, to: last.day, revenue: round(k.totals.revenue, 2), orders: k.totals.orders, sessions: k.totals.sessions, conversionRate: round(k.totals.conversionRate ?? 0, 4) },
    };
  }
}

/**
 * Sessions and KPIs on the demo shop (5000 customers, 365 days, about 1M events; events and till
 * receipts imported, identity not resolved so visitors are anonymous ids) and on ten copies of it
 * made in SQL (about 10M events). Growth from 1M to 10M should be close to linear.
 */
export const analyticsKpis: BenchCase = {
  name: BENCH,
  async *run(): AsyncIterable<BenchLine> {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-kpis-'));
    try {
      const shop = join(dir, 'shop');
      const summary = await generateShop({ customers: 5000, days: 365, seed: 42, out: shop });
      const store = await openStore({ location: join(dir, 'store.duckdb'), secret: SECRET.toString('hex') });
      try {
        for (const [file, source] of [['events.jsonl', 'segment'], ['pos_orders.csv', 'shop-pos']] as const) {
          await importFiles(store, { files: [join(shop, file)], source: builtInSources.get(source)!, secret: SECRET });
        }
        const last = { day: new Date(Date.parse(summary.period.end) - 86_400_000).toISOString().slice(0, 10) };
        const times: Record<string, number> = {};
        const cpuOf = (line: BenchLine) => Number(line.details?.['cpuSeconds'] ?? 0);
        for await (const line of measure(store, '1M', last)) {
          times[`${line.case.replace(/, 1M events| into 1M/, '')}`] = cpuOf(line);
          yield line;
        }
        const [, copySeconds] = await seconds(() => tenfold(store));
        process.stderr.write(`bench: ${BENCH}: ten copies made in ${copySeconds.toFixed(0)} s\n`);
        for await (const line of measure(store, '10M', last)) {
          const one = times[line.case.replace(/, 10M events| into 10M/, '')];
          const growth = one ? cpuOf(line) / one : null;
          yield {
            ...line,
            ...(growth !== null && { goal: { text: 'close to linear: 10M takes ≤ 15× the CPU seconds of 1M', met: growth <= 15 } }),
            details: { ...line.details, cpuGrowthFrom1M: growth === null ? null : round(growth, 2) },
          };
        }
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
