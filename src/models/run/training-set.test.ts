import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelShop, withShopStore, type ModelShop } from '../../../test/model-shop.js';
import { CUSTOMER_FEATURES } from './customer-features.js';
import { encodeSnapshot, fitCustomerEncoding } from './customer-encoding.js';
import { ModelInputError } from './customer-target.js';
import { classBalance, customerSnapshot, dataRange, splitWindows } from './training-set.js';

let shop: ModelShop;
beforeAll(async () => {
  shop = await modelShop(250, 100);
}, 180_000);
afterAll(() => shop.cleanup());

describe('training sets without leakage', () => {
  it('splits by time: test one horizon before the data end, validation and training one horizon earlier each', () => {
    const w = splitWindows({ start: '2024-01-01', end: '2024-04-10' }, 20);
    expect(w).toMatchObject({ test: '2024-03-21', valid: '2024-03-01', train: '2024-02-10', dataEnd: '2024-04-10' });
    expect(() => splitWindows({ start: '2024-01-01', end: '2024-04-10' }, 40)).toThrow(/not enough history.*at most 33 days/);
    expect(() => splitWindows({ start: '2024-01-01', end: '2024-04-10' }, 20, '2024-04-01')).toThrow(/runs past the data.*latest possible is 2024-03-21/);
    expect(() => splitWindows({ start: '2024-01-01', end: '2024-04-10' }, 0)).toThrow(ModelInputError);
  });

  it('labels churn from the orders after the as-of day, and an order after it never changes the features', async () => {
    await withShopStore(shop, async (store) => {
      const range = (await dataRange(store))!;
      expect(range.start).toBe('2024-01-01');
      const asOf = '2024-03-01';
      const target = { kind: 'churn' } as const;
      const before = await customerSnapshot(store, { asOf, target, horizonDays: 30, labels: true });
      expect(before.customerIds.length).toBeGreaterThan(30);
      // Churn: only customers who had ordered before the as-of day.
      expect(Array.from(before.columns['has_orders'] as Float64Array).every((v) => v === 1)).toBe(true);
      const balance = classBalance(before);
      expect(balance.positives).toBeGreaterThan(0);
      expect(balance.positives).toBeLessThan(balance.customers);

      // Labels agree with the orders table: churned = no order in [as-of, as-of + 30 days).
      const active = new Set((await store.query<{ customer_id: string }>(
        `SELECT DISTINCT customer_id FROM orders WHERE kind = 'order' AND ts >= TIMESTAMP '2024-03-01' AND ts < TIMESTAMP '2024-03-31'`,
      )).map((r) => r.customer_id));
      before.customerIds.forEach((id, i) => expect(before.labels![i], id).toBe(active.has(id) ? 0 : 1));

      // A churned customer comes back the day after the as-of day, orders, browses and returns something.
      const i = before.labels!.indexOf(1);
      const id = before.customerIds[i]!;
      await store.execute(
        `INSERT INTO orders (order_id, customer_id, ts, kind, revenue, currency, channel, source) VALUES
           ('leak-1', ?, TIMESTAMP '2024-03-02 10:00:00', 'order', 99, 'EUR', 'web', 'test'),
           ('leak-2', ?, TIMESTAMP '2024-03-01 00:00:00', 'return', -20, 'EUR', 'web', 'test')`,
        [id, id],
      );
      await store.execute(
        `INSERT INTO events (event_id, ts, received_at, type, name, customer_id, session_id, source, channel)
         VALUES ('leak-e', TIMESTAMP '2024-03-01 00:00:00', now()::TIMESTAMP, 'track', 'Product Added', ?, 'leak-s', 'test', 'web')`,
        [id],
      );
      const after = await customerSnapshot(store, { asOf, target, horizonDays: 30, labels: true });
      expect(after.customerIds).toEqual(before.customerIds);
      for (const f of CUSTOMER_FEATURES) expect(after.columns[f.name], f.name).toEqual(before.columns[f.name]);
      expect(after.labels![i]).toBe(0);
      expect(classBalance(after).positives).toBe(balance.positives - 1);
      // The same rows one day later see them.
      const later = await customerSnapshot(store, { asOf: '2024-03-03', target, horizonDays: 30 });
      const j = later.customerIds.indexOf(id);
      expect((later.columns['recency_days'] as Float64Array)[j]).toBe(1);
      expect((later.columns['returns_last_90d'] as Float64Array)[j]).toBeGreaterThanOrEqual(1);
      expect(later.labels).toBeNull();
      await store.exec(`DELETE FROM orders WHERE order_id LIKE 'leak-%'; DELETE FROM events WHERE event_id = 'leak-e'`);
    });
  });

  it('labels propensity and any event, over every customer active before the as-of day', async () => {
    await withShopStore(shop, async (store) => {
      const buy = await customerSnapshot(store, { asOf: '2024-03-01', target: { kind: 'propensity' }, horizonDays: 30, labels: true });
      const churn = await customerSnapshot(store, { asOf: '2024-03-01', target: { kind: 'churn' }, horizonDays: 30, labels: true });
      expect(buy.customerIds.length).toBeGreaterThan(churn.customerIds.length);
      const added = await customerSnapshot(store, { asOf: '2024-03-01', target: { kind: 'event', event: 'product added' }, horizonDays: 30, labels: true });
      const [n] = await store.query<{ n: number }>(
        `SELECT count(DISTINCT customer_id)::INTEGER AS n FROM events WHERE name = 'Product Added' AND ts >= TIMESTAMP '2024-03-01' AND ts < TIMESTAMP '2024-03-31'
           AND customer_id IN (SELECT customer_id FROM events WHERE ts < TIMESTAMP '2024-03-01' UNION SELECT customer_id FROM orders WHERE ts < TIMESTAMP '2024-03-01')`,
      );
      expect(classBalance(added).positives).toBe(n!.n);
    });
  });

  it('one-hot encodes the favourite category over the training values, unseen ones as other', async () => {
    await withShopStore(shop, async (store) => {
      const s = await customerSnapshot(store, { asOf: '2024-03-01', target: { kind: 'churn' }, horizonDays: 30 });
      const enc = fitCustomerEncoding(s, CUSTOMER_FEATURES, 3);
      expect(enc.names.filter((n) => n.startsWith('favourite_category='))).toHaveLength(4);
      expect(enc.columnFeature).toHaveLength(enc.names.length);
      const x = encodeSnapshot(s, enc);
      expect(x.rows).toBe(s.customerIds.length);
      const cats = s.columns['favourite_category'] as (string | null)[];
      const first = enc.names.indexOf('favourite_category=(other)') - 3;
      for (let r = 0; r < x.rows; r++) {
        let ones = 0;
        for (let k = 0; k < 4; k++) ones += x.data[r * x.cols + first + k]!;
        expect(ones).toBe(cats[r] === null ? 0 : 1);
      }
    });
  });
});
