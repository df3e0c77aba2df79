import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSessions, cartAbandonment, paths } from '../../analytics/index.js';
import { generateShop } from '../../generate/index.js';
import { builtInSources, importFiles } from '../../ingest/index.js';
import { openStore, type Store } from '../../store/index.js';
import type { BenchCase, BenchLine } from '../bench.js';
import { tenfold } from '../tenfold.js';

const SECRET = Buffer.alloc(32, 5);
const BENCH = 'analytics-paths';
const round = (x: number, digits = 3) => +x.toFixed(digits);

async function seconds<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, (performance.now() - t) / 1000];
}

/** Wall seconds, and the process's CPU seconds (all of DuckDB's threads): on a shared machine the wall time says little alone. */
async function timed<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  const cpu = process.cpuUsage();
  const [r, wall] = await seconds(fn);
  const used = process.cpuUsage(cpu);
  return [r, wall, (used.user + used.system) / 1e6];
}

/** The cases, each timed on one store size. */
const CASES: { name: string; run: (store: Store) => Promise<Record<string, unknown>> }[] = [
  {
    name: 'paths after Product Added, depth 5',
    run: async (s) => {
      const r = await paths(s, { from: 'Product Added', depth: 5 });
      return { visits: r.visits, top: r.paths[0]?.steps.join(' → ') ?? null, share: r.paths[0]?.share ?? null, nodes: r.sankey.nodes.length };
    },
  },
  {
    name: 'paths before Order Completed, depth 5',
    run: async (s) => {
      const r = await paths(s, { to: 'Order Completed', depth: 5 });
      return { visits: r.visits, nodes: r.sankey.nodes.length, links: r.sankey.links.length };
    },
  },
  {
    name: 'paths from the start of each visit, depth 5',
    run: async (s) => {
      const r = await paths(s, { depth: 5 });
      return { visits: r.visits, nodes: r.sankey.nodes.length };
    },
  },
  {
    name: 'cart abandonment, 24 h window, by day',
    run: async (s) => {
      const r = await cartAbandonment(s, { by: 'day' });
      return { carts: r.carts, abandonmentRate: r.abandonmentRate, recoveryRate: r.recoveryRate, days: r.groups.length };
    },
  },
  {
    name: 'cart abandonment, 24 h window, by channel',
    run: async (s) => {
      const r = await cartAbandonment(s, { by: 'channel' });
      return { carts: r.carts, channels: r.groups.length };
    },
  },
];

async function* measure(store: Store, size: string): AsyncIterable<BenchLine> {
  const [n] = await store.query<{ n: number }>('SELECT count(*)::BIGINT AS n FROM events');
  for (const c of CASES) {
    const [details, s, cpu] = await timed(() => c.run(store));
    yield { bench: BENCH, case: `${c.name}, ${size} events`, value: round(s), unit: 's', details: { events: n?.n ?? 0, cpuSeconds: round(cpu), ...details } };
  }
}

/**
 * Paths and cart abandonment on the demo shop (5000 customers, 365 days, about 1M events; events
 * imported, visits built, identity not resolved, so a person is their anonymous id until they log
 * in) and on ten copies of it made in SQL (about 10M events). Growth from 1M to 10M should be close
 * to linear.
 */
export const analyticsPaths: BenchCase = {
  name: BENCH,
  async *run(): AsyncIterable<BenchLine> {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-paths-'));
    try {
      const shop = join(dir, 'shop');
      await generateShop({ customers: 5000, days: 365, seed: 42, out: shop });
      const store = await openStore({ location: join(dir, 'store.duckdb'), secret: SECRET.toString('hex') });
      try {
        await importFiles(store, { files: [join(shop, 'events.jsonl')], source: builtInSources.get('segment')!, secret: SECRET });
        await buildSessions(store);
        const times: Record<string, number> = {};
        for await (const line of measure(store, '1M')) {
          times[line.case.replace(', 1M events', '')] = line.value;
          yield line;
        }
        const [, copySeconds] = await seconds(async () => {
          await tenfold(store);
          await buildSessions(store);
        });
        process.stderr.write(`bench: ${BENCH}: ten copies made and their visits built in ${copySeconds.toFixed(0)} s\n`);
        for await (const line of measure(store, '10M')) {
          const one = times[line.case.replace(', 10M events', '')];
          const growth = one ? line.value / one : null;
          yield {
            ...line,
            ...(growth !== null && { goal: { text: 'close to linear: 10M takes ≤ 15× the time of 1M', met: growth <= 15 } }),
            details: { ...line.details, growthFrom1M: growth === null ? null : round(growth, 2) },
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
