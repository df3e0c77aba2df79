import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { tempDir } from '../../../test/temp.js';
import { PROFILE_FEATURES, type FeatureSummary, type ProfileValues } from '../../profiles/index.js';
import { demoImports } from '../demo-plan.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const db = join(tmp.dir, 'shop.duckdb');

interface FeaturesDocument {
  asOf: string;
  version: string;
  customers: number;
  summary: FeatureSummary[];
  stored: { table: string; featureSet: string; rows: number; replaced: number };
  csv?: string;
  rows?: { customerId: string; values: ProfileValues }[];
}

async function sql<T>(query: string): Promise<T[]> {
  const r = await runCli('--db', db, '--json', 'sql', query);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { rows: T[] }).rows;
}

async function features(...args: string[]): Promise<FeaturesDocument> {
  const r = await runCli('--db', db, '--json', 'features', ...args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as FeaturesDocument;
}

beforeAll(async () => {
  const shop = join(tmp.dir, 'shop');
  const generated = await runCli('generate', '--customers', '300', '--days', '60', '--seed', '3', '--out', shop);
  expect(generated.code, generated.stderr).toBe(0);
  for (const { file, source } of demoImports(shop)) {
    const r = await runCli('--db', db, '--json', 'import', file, '--source', source);
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);

describe('cairn features', () => {
  it('profiles every customer of a generated shop as of the day after the last activity, stores them and summarises them', async () => {
    const doc = await features('--out', join(tmp.dir, 'profiles.csv'));
    const [last] = await sql<{ day: string }>(`SELECT strftime(greatest((SELECT max(ts) FROM orders), (SELECT max(ts) FROM events))::DATE + 1, '%Y-%m-%d') AS day`);
    expect(doc.asOf).toBe(last!.day);
    const cut = `'${doc.asOf}'::TIMESTAMP`;
    const [seen] = await sql<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (
      SELECT customer_id FROM customers WHERE first_seen < ${cut} UNION SELECT customer_id FROM orders WHERE ts < ${cut}
      UNION SELECT customer_id FROM events WHERE ts < ${cut} UNION SELECT customer_id FROM texts WHERE ts < ${cut}) WHERE customer_id IS NOT NULL`);
    expect(doc.customers).toBe(seen!.n);
    expect(doc.stored).toMatchObject({ table: 'features', featureSet: 'profile', rows: doc.customers });
    expect(doc.summary.map((s) => s.feature)).toEqual(PROFILE_FEATURES);
    const by = Object.fromEntries(doc.summary.map((s) => [s.feature, s]));
    // The shop has buyers, browsers and reviews: every kind of feature is filled for someone.
    expect(by['frequency']!.mean).toBeGreaterThan(0);
    expect(by['sessions']!.mean).toBeGreaterThan(0);
    expect(by['cart_abandonment_rate']!.nullRate).toBeLessThan(1);
    expect(by['device_share_mobile']!.nullRate).toBeLessThan(1);
    expect(by['discount_share']!.nullRate).toBeLessThan(1);
    expect(by['favourite_category']!.mode).toEqual(expect.any(String));
    expect(by['frequency']!.nullRate).toBe(0);

    // Stored rows agree with the orders table.
    const check = await sql<{ customer_id: string; f: number; orders: number }>(`
      SELECT f.customer_id, ("values"->>'$.frequency')::INTEGER AS f, count(o.order_id) FILTER (WHERE o.kind = 'order')::INTEGER AS orders
      FROM features f LEFT JOIN orders o USING (customer_id)
      WHERE f.feature_set = 'profile' AND f.as_of = '${doc.asOf}' GROUP BY ALL`);
    expect(check).toHaveLength(doc.customers);
    for (const c of check) expect(c.f, c.customer_id).toBe(c.orders);
    const csv = readFileSync(join(tmp.dir, 'profiles.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(['customer_id', ...PROFILE_FEATURES].join(','));
    expect(csv).toHaveLength(doc.customers + 1);
  });

  it('replaces a run for the same day, keeps other days, and shows one customer', async () => {
    const first = await features();
    const earlier = await features('--as-of', '2020-01-01');
    const again = await features('--limit', '2');
    expect(again.stored.replaced).toBe(first.customers);
    expect(again.rows).toHaveLength(2);
    const days = await sql<{ as_of: string; n: number }>(`SELECT strftime(as_of, '%Y-%m-%d') AS as_of, count(*)::INTEGER AS n FROM features WHERE feature_set = 'profile' GROUP BY ALL ORDER BY 1`);
    expect(days).toEqual([...(earlier.customers ? [{ as_of: '2020-01-01', n: earlier.customers }] : []), { as_of: first.asOf, n: first.customers }]);

    const id = again.rows![1]!.customerId;
    const one = await features('--customer', id);
    expect(one).toMatchObject({ customers: 1, stored: { rows: 1, replaced: 1 } });
    expect(one.rows).toEqual([again.rows![1]]);

    const text = await runCli('--db', db, 'features', '--customer', id);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Customer profiles as of \d{4}-\d{2}-\d{2} \(data dated before that day\) · 1 customers/);
    expect(text.stdout).toMatch(new RegExp(`^feature +${id}$`, 'm'));
    expect(text.stderr).toMatch(/features: computing features…/);
  });

  it('exits 2 on a bad date, a bad limit or an unknown customer', async () => {
    for (const args of [['--as-of', '2024-13-01'], ['--limit', 'ten'], ['--customer', 'nobody']]) {
      const r = await runCli('--db', db, 'features', ...args);
      expect(r.code, args.join(' ')).toBe(2);
    }
    const r = await runCli('--db', db, '--json', 'features', '--customer', 'nobody');
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'usage', message: expect.stringMatching(/no customer nobody was seen before/) } });
  });
});
