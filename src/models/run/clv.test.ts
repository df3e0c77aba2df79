import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { SHARED_DATA, tempDir } from '../../../test/temp.js';
import { openStore, type Store } from '../../store/index.js';
import { ClvInputError, runClv } from './clv.js';

const SAMPLE = join(SHARED_DATA, 'cdnow-lifetimes', 'CDNOW_sample.txt');
const hasSample = existsSync(SAMPLE);
if (!hasSample) console.warn(`cairn clv on CDNOW skipped: the data set is missing (${SAMPLE})`);
const tmp = tempDir();
afterAll(tmp.cleanup);

/** Agreement to 3 significant digits. */
function sig3(actual: number, expected: number): void {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(0.5e-2);
}

describe.skipIf(!hasSample)('cairn clv on the CDNOW sample transactions (Fader, Hardie & Lee 2005)', () => {
  const db = join(tmp.dir, 'cdnow.duckdb');

  beforeAll(async () => {
    const r = await runCli('--db', db, 'import', SAMPLE, '--source', 'cdnow');
    expect(r.code, r.stderr).toBe(0);
  });

  it('summarises the raw orders as the paper did and reproduces its parameters and holdout counts', async () => {
    const r = await runCli('--db', db, '--json', 'clv', '--calibration-end', '1997-09-30', '--holdout-end', '1998-06-30', '--unit', 'week');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      customers: number;
      repeatCustomers: number;
      purchaseModel: { params: Record<string, number>; logLikelihood: number };
      gammaGamma: { params: Record<string, number>; customers: number };
      holdout: { actualTotal: number; predictedTotal: number; buckets: { frequency: string; customers: number; actual: number }[] };
      written: number;
      version: string;
    };
    expect(doc.customers).toBe(2357);
    expect(doc.repeatCustomers).toBe(946);
    sig3(doc.purchaseModel.params['r']!, 0.243);
    sig3(doc.purchaseModel.params['alpha']!, 4.414);
    sig3(doc.purchaseModel.params['a']!, 0.793);
    sig3(doc.purchaseModel.params['b']!, 2.426);
    expect(doc.purchaseModel.logLikelihood).toBeCloseTo(-9582.4, 0);
    expect(doc.gammaGamma.customers).toBe(946);
    sig3(doc.gammaGamma.params['p']!, 6.25);

    // Holdout purchases counted straight from the raw file: distinct (customer, day) after the calibration end.
    const days = new Set<string>();
    for (const line of readFileSync(SAMPLE, 'utf8').split('\n')) {
      const [id, , date] = line.trim().split(/\s+/);
      if (date && date > '19970930' && date <= '19980630') days.add(`${id}|${date}`);
    }
    expect(doc.holdout.actualTotal).toBe(days.size);
    expect(doc.holdout.buckets.reduce((n, b) => n + b.customers, 0)).toBe(2357);
    // The model ranks customers: more purchases before → more predicted and more bought after.
    const actual = doc.holdout.buckets.map((b) => b.actual);
    expect(actual[7]!).toBeGreaterThan(actual[1]!);
    expect(doc.holdout.predictedTotal / doc.holdout.actualTotal).toBeGreaterThan(0.8);
    expect(doc.holdout.predictedTotal / doc.holdout.actualTotal).toBeLessThan(1.2);

    const store = await openStore({ location: db });
    try {
      const [row] = await store.query<{ n: number; positive: number; alive: number }>(
        `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE score >= 0 AND isfinite(score))::INTEGER AS positive,
                avg(("values"->>'probabilityAlive')::DOUBLE) AS alive
         FROM predictions WHERE model = 'clv' AND version = ?`,
        [doc.version],
      );
      expect(row).toMatchObject({ n: 2357, positive: 2357 });
      expect(row!.alive).toBeGreaterThan(0);
      expect(row!.alive).toBeLessThan(1);
      const models = await store.query(`SELECT status FROM models WHERE model = 'clv' AND version = ?`, [doc.version]);
      expect(models).toEqual([{ status: 'active' }]);
    } finally {
      await store.close();
    }
    // Re-running the same version replaces its rows rather than adding to them.
    const again = await runCli('--db', db, '--json', 'clv', '--calibration-end', '1997-09-30', '--unit', 'week', '--model', 'pareto-nbd');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ model: 'pareto-nbd', customers: 2357 });
  });
});

describe('cairn clv on bad input', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ location: ':memory:' });
  });
  afterAll(async () => store.close());

  const orders = async (rows: [string, string, number][]) => {
    await store.exec('DELETE FROM orders');
    let i = 0;
    for (const [customer, day, revenue] of rows) {
      await store.execute(`INSERT INTO orders (order_id, customer_id, ts, kind, revenue, currency, source) VALUES (?, ?, ?::TIMESTAMP, 'order', ?, 'EUR', 'test')`, [`o${i++}`, customer, day, revenue]);
    }
  };

  it('says what to do when there are no orders, bad dates, or nobody came back', async () => {
    await expect(runClv(store)).rejects.toThrow(/no orders with a customer: import orders first/);
    await orders([['a', '2024-01-01', 10], ['b', '2024-01-05', 20], ['c', '2024-02-01', 5]]);
    await expect(runClv(store, { calibrationEnd: '2023-12-01' })).rejects.toThrow(/before the first order \(2024-01-01\)/);
    await expect(runClv(store, { calibrationEnd: 'yesterday' })).rejects.toThrow(/use YYYY-MM-DD/);
    await expect(runClv(store, { calibrationEnd: '2024-01-20', holdoutEnd: '2024-01-10' })).rejects.toThrow(/must come after/);
    await expect(runClv(store)).rejects.toThrow(ClvInputError);
    await expect(runClv(store)).rejects.toThrow(/no customer bought on two different days/);
  });

  it('falls back to plain means when every purchase is free, never NaN', async () => {
    const rows: [string, string, number][] = [];
    for (let c = 0; c < 30; c++) for (let k = 0; k <= c % 4; k++) rows.push([`c${c}`, `2024-01-${String(1 + c % 5 + 6 * k).padStart(2, '0')}`, 0]);
    await orders(rows);
    const r = await runClv(store, { calibrationEnd: '2024-02-01', write: false });
    expect(r.gammaGamma).toHaveProperty('skipped');
    expect(r.totals.clv).toBe(0);
    expect(Number.isFinite(r.totals.expectedPurchases)).toBe(true);
    expect(r.totals.expectedPurchases).toBeGreaterThan(0);
    for (const v of Object.values(r.purchaseModel.params)) expect(Number.isFinite(v)).toBe(true);
  });

  it('exits 2 with the message on the command line', async () => {
    const r = await runCli('--db', join(tmp.dir, 'empty.duckdb'), 'clv');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/import orders first/);
    const bad = await runCli('--db', join(tmp.dir, 'empty.duckdb'), 'clv', '--model', 'magic');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/use bgnbd or pareto-nbd/);
  });
});
