import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { lastActivityDate, segmentFeatures } from './segment-features.js';

let store: Store;

beforeAll(async () => {
  store = await openStore({ location: ':memory:' });
  await store.exec(`
    INSERT INTO products VALUES ('p1', 'Mug', 'Home', 10, NULL, 't', NULL), ('p2', 'Book', 'Books', 20, NULL, 't', NULL);
    INSERT INTO orders (order_id, customer_id, ts, kind, revenue, currency, channel, country, source, import_id) VALUES
      ('o1', 'a', '2024-01-01 10:00', 'order', 30, 'EUR', 'mobile', NULL, 't', NULL),
      ('o2', 'a', '2024-01-11 10:00', 'order', 10, 'EUR', 'in-store', NULL, 't', NULL),
      ('o3', 'a', '2024-01-12 10:00', 'return', -10, 'EUR', 'in-store', NULL, 't', NULL),
      ('o4', 'b', '2024-01-05 10:00', 'order', 50, 'EUR', 'web', NULL, 't', NULL),
      ('o5', 'b', '2024-03-01 10:00', 'order', 70, 'EUR', 'web', NULL, 't', NULL),
      ('o6', NULL, '2024-01-05 10:00', 'order', 99, 'EUR', 'in-store', NULL, 't', NULL);
    INSERT INTO order_items VALUES ('l1', 'o1', 'p1', 1, 10, 't', NULL), ('l2', 'o1', 'p2', 1, 20, 't', NULL), ('l3', 'o2', 'p1', 1, 10, 't', NULL), ('l4', 'o4', 'p2', 1, 50, 't', NULL);
    INSERT INTO events (event_id, ts, received_at, type, name, customer_id, session_id, source, channel, properties, context) VALUES
      ('e1', '2024-01-01 09:50', now(), 'screen', 'Home', 'a', 's1', 't', 'mobile', '{}', '{"campaign":{"medium":"paid_social"}}'),
      ('e2', '2024-01-01 10:00', now(), 'track', 'Order Completed', 'a', 's1', 't', 'mobile', '{"coupon":"X","discount":5}', '{}'),
      ('e3', '2024-01-08 10:00', now(), 'page', 'Home', 'a', 's2', 't', 'web', '{}', '{"device":{"type":"desktop"},"campaign":{"medium":"email"}}'),
      ('e4', '2024-01-09 10:00', now(), 'page', 'Home', 'c', 's3', 't', 'web', '{}', '{"device":{"type":"mobile"}}');
  `);
});
afterAll(() => store.close());

describe('segmentFeatures', () => {
  it('computes each customer’s features as of a day, from orders, items and events', async () => {
    const f = await segmentFeatures(store, '2024-01-31');
    expect(f.customerIds).toEqual(['a', 'b', 'c']);
    expect(f.hasEvents).toBe(true);
    const row = (id: string) => Object.fromEntries(Object.entries(f.columns).map(([k, v]) => [k, v[f.customerIds.indexOf(id)]]));
    expect(row('a')).toEqual({
      recency_days: 20, orders: 2, revenue: 30, aov: 20, tenure_days: 30, categories: 2,
      mobile_share: 2 / 3, in_store_share: 0.5, coupon_share: 1, app_share: 2 / 3, social_share: 0.5, email_share: 0.5, search_share: 0, direct_share: 0,
      sessions: 2, events: 3, conversion: 2 / 3,
    });
    // b: the March order is after the as-of day; no events, so mobile share comes from orders.
    expect(row('b')).toMatchObject({ recency_days: 26, orders: 1, revenue: 50, aov: 50, tenure_days: 26, categories: 1, mobile_share: 0, sessions: 0, conversion: 1 });
    // c: only browsed.
    expect(row('c')).toMatchObject({ recency_days: 22, orders: 0, revenue: 0, aov: 0, mobile_share: 1, app_share: 0, direct_share: 1, sessions: 1, conversion: 0 });
    for (const column of Object.values(f.columns)) for (const v of column) expect(Number.isFinite(v)).toBe(true);
  });

  it('defaults the as-of day to the last activity', async () => {
    expect(await lastActivityDate(store)).toBe('2024-03-01');
  });
});
