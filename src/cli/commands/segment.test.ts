import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { tempDir } from '../../../test/temp.js';
import { openStore } from '../../store/index.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const shopDb = join(tmp.dir, 'shop.duckdb');

interface Card { name: string; description: string; customers: number; shareOfRevenue: number; action: string }
interface SegmentDocument {
  asOf: string;
  customers: number;
  rfm: { version: string; cards: Card[]; notes: string[]; transitions?: { counts: number[][]; both: number } };
  kmeans: { version: string; k: number; stability: { meanAri: number; minAri: number }; cards: Card[] };
  dbscan: { version: string; eps: number; clusters: number; noise: number; cards: Card[] };
  written: number;
}

beforeAll(async () => {
  const demo = await runCli('--db', shopDb, '--json', 'demo', '--no-serve', '--customers', '150', '--days', '60', '--out', join(tmp.dir, 'shop'));
  expect(demo.code, demo.stderr).toBe(0);
}, 120_000);

describe('cairn segment', () => {
  it('segments a generated shop three ways, writes one row per customer and method, and prints the cards', async () => {
    const r = await runCli('--db', shopDb, 'segment', '--k', '4');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Customer segments as of \d{4}-\d{2}-\d{2}/);
    expect(r.stdout).toMatch(/RFM: recency, frequency and spend/);
    expect(r.stdout).toMatch(/Behaviour groups \(k-means\): 4 segments, as asked/);
    expect(r.stdout).toMatch(/Density groups \(DBSCAN\)/);
    expect(r.stdout).toMatch(/customers \(\d+%\), \d+% of revenue\n {5}\S.*\n {5}→ \S/);
    expect(r.stderr).toMatch(/segment: k-means/);

    const json = await runCli('--db', shopDb, '--json', 'segment', '--k', '4');
    expect(json.code, json.stderr).toBe(0);
    const doc = JSON.parse(json.stdout) as SegmentDocument;
    expect(doc.kmeans.k).toBe(4);
    expect(doc.kmeans.cards).toHaveLength(4);
    expect(doc.kmeans.stability.minAri).toBeLessThanOrEqual(doc.kmeans.stability.meanAri);
    for (const c of [...doc.rfm.cards, ...doc.kmeans.cards, ...doc.dbscan.cards]) {
      expect(c.name.length).toBeGreaterThanOrEqual(3); // "New" is the shortest
      expect(c.description).toMatch(/\.$/);
      expect(Number.isFinite(c.shareOfRevenue)).toBe(true);
    }
    expect(doc.kmeans.cards.reduce((s, c) => s + c.customers, 0)).toBe(doc.customers);
    expect(doc.dbscan.cards.reduce((s, c) => s + c.customers, 0)).toBe(doc.customers);

    // Re-running the same version replaces its rows instead of adding to them.
    const counts = await runCli('--db', shopDb, '--json', 'sql', 'SELECT segmentation, version, count(*)::INTEGER AS n, count(DISTINCT customer_id)::INTEGER AS customers FROM segments GROUP BY ALL ORDER BY 1');
    // The demo that built this store already wrote its own segments (another k-means version): count this run's.
    const versions = [doc.rfm.version, doc.kmeans.version, doc.dbscan.version];
    const rows = (JSON.parse(counts.stdout) as { rows: { segmentation: string; version: string; n: number; customers: number }[] }).rows.filter((x) => versions.includes(x.version));
    expect(rows.map((x) => x.segmentation)).toEqual(['dbscan', 'kmeans', 'rfm']);
    const byMethod = Object.fromEntries(rows.map((x) => [x.segmentation, x]));
    expect(byMethod['kmeans']).toMatchObject({ version: doc.kmeans.version, n: doc.customers, customers: doc.customers });
    expect(byMethod['rfm']!.n).toBe(doc.rfm.cards.reduce((s, c) => s + c.customers, 0));
    expect(doc.written).toBe(rows.reduce((s, x) => s + x.n, 0));
  }, 60_000);

  it('shows movement between RFM segments since an earlier day', async () => {
    const first = JSON.parse((await runCli('--db', shopDb, '--json', 'segment', '--method', 'rfm')).stdout) as SegmentDocument;
    const since = new Date(Date.parse(first.asOf) - 30 * 86_400_000).toISOString().slice(0, 10);
    const r = await runCli('--db', shopDb, 'segment', '--method', 'rfm', '--since', since);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Movement since ${since}: \\d+ of \\d+ customers scored both times changed segment`));
    expect(r.stdout).toMatch(/not yet a customer → /);
  }, 30_000);

  it('refuses bad input with a message that says what to do (exit 2)', async () => {
    const tooMany = await runCli('--db', shopDb, 'segment', '--method', 'kmeans', '--k', '100000');
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/--k 100000 is more than the \d+ customers.*ask for at most/);
    const early = await runCli('--db', shopDb, 'segment', '--as-of', '2001-01-01');
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/no customer has an order or an event on or before 2001-01-01: choose a later --as-of/);
    expect((await runCli('--db', shopDb, 'segment', '--method', 'tree')).stderr).toMatch(/use rfm, kmeans, dbscan or all/);
    expect((await runCli('--db', shopDb, 'segment', '--k', 'many')).code).toBe(2);
    const empty = await runCli('--db', join(tmp.dir, 'empty.duckdb'), '--json', 'segment');
    expect(empty.code).toBe(2);
    expect(JSON.parse(empty.stdout)).toEqual({ error: { code: 'usage', message: expect.stringMatching(/import some first/) as unknown } });
  }, 30_000);

  it('falls back, never NaN, when every customer bought once for nothing', async () => {
    const location = join(tmp.dir, 'free.duckdb');
    const store = await openStore({ location });
    await store.exec(`INSERT INTO orders (order_id, customer_id, ts, kind, revenue, currency, channel, country, source, import_id) SELECT 'o' || i, 'c' || i, TIMESTAMP '2024-01-01' + INTERVAL (i) DAY, 'order', 0, 'EUR', 'web', NULL, 't', NULL FROM range(1, 21) t(i)`);
    await store.close();
    const r = await runCli('--db', location, '--json', 'segment');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/NaN|null/);
    const doc = JSON.parse(r.stdout) as SegmentDocument & { skipped: { method: string; reason: string }[] };
    expect(doc.rfm.notes.join(' ')).toMatch(/single purchase.*monetary values are 0/);
    expect(doc.rfm.cards.map((c) => c.name).sort()).toEqual(['About to Sleep', 'Hibernating', 'Lost', 'New', 'Promising']);
    expect(doc.rfm.cards.every((c) => c.shareOfRevenue === 0)).toBe(true);
    // Identical customers apart from when they bought: nothing for k-means or DBSCAN to separate.
    expect(doc.skipped.map((s) => s.method)).toEqual(['kmeans', 'dbscan']);
    expect(doc.skipped[0]!.reason).toMatch(/nothing to cluster on; RFM still works/);
    const asked = await runCli('--db', location, 'segment', '--method', 'kmeans', '--k', '3');
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(/nothing to cluster on/);
  }, 30_000);
});
