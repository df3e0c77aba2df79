import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { FEATURE_POLICY, PROFILE_FEATURES, type ProfileValues } from './feature-policy.js';
import { computeProfileFeatures, defaultProfileAsOf, readProfileFeatures } from './features.js';
import { profileFeaturesSql } from './features-sql.js';

const AS_OF = '2024-02-01';

/**
 * a: CRM record, orders on three days (two on one day), a return, three visits on three devices, a
 *    review; b: two web orders (one with no channel), an order on the as-of day and one later;
 *    c: browsing only; d: a CRM record only; e: reviews and a ticket only; late and f: first seen
 *    on or after the as-of day.
 */
const FIXTURE = `
INSERT INTO products (product_id, name, category, price, source) VALUES
  ('p1', 'Mug', 'Home', 10, 't'), ('p2', 'Book', 'Books', 20, 't'), ('p3', 'Lamp', 'Home', 30, 't'), ('p4', 'Gift card', NULL, 25, 't');
INSERT INTO customers (customer_id, first_seen, source) VALUES
  ('a', '2023-12-01', 'crm'), ('d', '2023-06-01', 'crm'), ('late', '2024-03-01', 'crm');
INSERT INTO orders (order_id, customer_id, ts, kind, revenue, currency, channel, source) VALUES
  ('o1', 'a', '2024-01-01 10:00', 'order', 30, 'EUR', 'web', 't'),
  ('o2', 'a', '2024-01-11 09:00', 'order', 10, 'EUR', 'in-store', 't'),
  ('o3', 'a', '2024-01-11 18:00', 'order', 20, 'EUR', 'mobile', 't'),
  ('o4', 'a', '2024-01-21 12:00', 'order', 40, 'EUR', 'web', 't'),
  ('r1', 'a', '2024-01-25 12:00', 'return', -10, 'EUR', 'in-store', 't'),
  ('o5', 'b', '2024-01-05 12:00', 'order', 50, 'EUR', 'web', 't'),
  ('o6', 'b', '2024-01-20 12:00', 'order', 70, 'EUR', NULL, 't'),
  ('o7', 'b', '2024-02-01 00:00', 'order', 99, 'EUR', 'web', 't'),
  ('o8', 'b', '2024-03-01 12:00', 'order', 99, 'EUR', 'web', 't'),
  ('o9', 'late', '2024-03-02 12:00', 'order', 15, 'EUR', 'web', 't'),
  ('o0', NULL, '2024-01-02 12:00', 'order', 15, 'EUR', 'in-store', 't');
INSERT INTO order_items (line_key, order_id, product_id, quantity, price, source) VALUES
  ('l1', 'o1', 'p1', 1, 10, 't'), ('l2', 'o1', 'p2', 1, 20, 't'), ('l3', 'o2', 'p1', 1, 10, 't'), ('l4', 'o3', 'p2', 1, 20, 't'),
  ('l5', 'o4', 'p3', 1, 40, 't'), ('l6', 'o4', 'p4', 5, 25, 't'),
  ('l7', 'o5', 'p2', 2, 25, 't'), ('l8', 'o6', 'p1', 2, 35, 't'), ('l9', 'o7', 'p2', 10, 9.9, 't'), ('l10', 'o8', 'p2', 10, 9.9, 't');
INSERT INTO events (event_id, ts, received_at, type, name, customer_id, session_id, source, channel, properties, context) VALUES
  ('e1', '2024-01-01 09:50', now(), 'page', 'Home', 'a', 's1', 't', 'web', '{}', '{"device":{"type":"desktop"}}'),
  ('e2', '2024-01-01 09:52', now(), 'track', 'Product Viewed', 'a', 's1', 't', 'web', '{}', '{"device":{"type":"desktop"}}'),
  ('e3', '2024-01-01 09:53', now(), 'track', 'Product Added', 'a', 's1', 't', 'web', '{}', '{"device":{"type":"desktop"}}'),
  ('e4', '2024-01-01 10:00', now(), 'track', 'Order Completed', 'a', 's1', 't', 'web', '{"order_id":"o1","discount":0,"coupon":""}', '{"device":{"type":"desktop"}}'),
  ('e5', '2024-01-01 10:01', now(), 'track', 'Order Completed', 'a', 's1', 't', 'web', '{"order_id":"o1"}', '{"device":{"type":"desktop"}}'),
  ('e6', '2024-01-15 20:00', now(), 'screen', 'Home', 'a', 's2', 't', 'mobile', '{}', '{"device":{"type":"ios"}}'),
  ('e7', '2024-01-15 20:01', now(), 'track', 'Product Viewed', 'a', 's2', 't', 'mobile', '{}', '{"device":{"type":"ios"}}'),
  ('e8', '2024-01-15 20:02', now(), 'track', 'Product Added', 'a', 's2', 't', 'mobile', '{}', '{"device":{"type":"ios"}}'),
  ('e9', '2024-01-20 08:00', now(), 'page', 'Product', 'a', 's3', 't', 'web', '{}', '{"device":{"type":"tablet"}}'),
  ('e10', '2024-01-20 08:01', now(), 'track', 'Product Added', 'a', 's3', 't', 'web', '{}', '{"device":{"type":"tablet"}}'),
  ('e11', '2024-01-20 08:02', now(), 'track', 'Coupon Applied', 'a', 's3', 't', 'web', '{"order_id":"o4","coupon":"SAVE10"}', '{"device":{"type":"tablet"}}'),
  ('e12', '2024-01-20 08:03', now(), 'track', 'Order Completed', 'a', 's3', 't', 'web', '{"order_id":"o4","discount":0}', '{"device":{"type":"tablet"}}'),
  ('e13', '2024-01-10 11:00', now(), 'page', 'Home', 'c', 's4', 't', 'web', '{}', '{}'),
  ('e14', '2024-01-10 11:01', now(), 'track', 'Product Added', 'c', 's4', 't', 'web', '{}', '{}'),
  ('e15', '2024-01-10 11:02', now(), 'track', 'Product Viewed', 'c', NULL, 't', NULL, '{}', '{}'),
  ('e16', '2024-02-01 00:00', now(), 'page', 'Home', 'f', 's5', 't', 'web', '{}', '{}'),
  ('e17', '2024-01-03 00:00', now(), 'page', 'Home', NULL, 's6', 't', 'web', '{}', '{}');
INSERT INTO texts (text_id, customer_id, ts, body, rating, source) VALUES
  ('t1', 'e', '2024-01-05 10:00', 'meh', 2, 't'), ('t2', 'e', '2024-01-20 10:00', 'where is my parcel', NULL, 't'),
  ('t3', 'e', '2024-01-15 10:00', 'great', 5, 't'), ('t4', 'a', '2024-01-26 10:00', 'good', 4, 't'), ('t5', 'e', NULL, 'undated', 1, 't');
`;

/** Rows dated on or after the as-of day: they must change nothing. */
const LATER = `
INSERT INTO customers (customer_id, first_seen, source) VALUES ('g', '2024-02-02', 'crm');
INSERT INTO orders (order_id, customer_id, ts, kind, revenue, currency, channel, source) VALUES
  ('x1', 'a', '2024-02-01 00:00', 'order', 500, 'EUR', 'mobile', 't'), ('x2', 'a', '2024-02-10', 'return', -30, 'EUR', 'web', 't'),
  ('x3', 'c', '2024-02-03', 'order', 80, 'EUR', 'web', 't'), ('x4', 'd', '2024-05-03', 'order', 80, 'EUR', 'in-store', 't');
INSERT INTO order_items (line_key, order_id, product_id, quantity, price, source) VALUES ('x1', 'x1', 'p2', 50, 10, 't'), ('x3', 'x3', 'p2', 8, 10, 't');
INSERT INTO events (event_id, ts, received_at, type, name, customer_id, session_id, source, channel, properties, context) VALUES
  ('y1', '2024-02-01 00:00', now(), 'track', 'Product Added', 'a', 's2', 't', 'mobile', '{}', '{"device":{"type":"tablet"}}'),
  ('y2', '2024-02-02', now(), 'track', 'Order Completed', 'a', 's2', 't', 'mobile', '{"order_id":"x1","coupon":"BIG"}', '{}'),
  ('y3', '2024-02-02', now(), 'track', 'Order Completed', 'c', 's4', 't', 'web', '{"order_id":"x3"}', '{}'),
  ('y4', '2024-02-02', now(), 'page', 'Home', 'd', 's9', 't', 'web', '{}', '{}');
INSERT INTO texts (text_id, customer_id, ts, body, rating, source) VALUES ('y5', 'a', '2024-02-01', 'awful', 1, 't'), ('y6', 'b', '2024-02-05', 'ok', 3, 't');
`;

const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

async function fixture(...sql: string[]): Promise<Store> {
  const store = await openStore({ location: ':memory:' });
  stores.push(store);
  for (const s of sql) await store.exec(s);
  return store;
}

async function profiles(store: Store, asOf = AS_OF): Promise<Record<string, ProfileValues>> {
  await computeProfileFeatures(store, { asOf });
  return Object.fromEntries((await readProfileFeatures(store, { asOf })).map((p) => [p.customerId, p.values]));
}

const none = {
  recency_days: null, frequency: 0, monetary: 0, aov: null, ipt_mean_days: null, ipt_std_days: null, returns: 0, returned_value: 0,
  sessions: 0, pages_per_session: null, product_views: 0, cart_adds: 0, cart_abandonment_rate: null,
  order_share_web: null, order_share_mobile: null, order_share_in_store: null, order_share_other: null,
  event_share_web: null, event_share_mobile: null, event_share_other: null,
  device_share_desktop: null, device_share_mobile: null, device_share_tablet: null, device_share_other: null,
  favourite_category: null, categories_bought: 0, discount_share: null, reviews: 0, last_review_sentiment: null,
  has_orders: false, has_repeat_purchase: false, has_events: false,
};

describe('computeProfileFeatures', () => {
  it('computes each feature exactly on a hand-built store', async () => {
    const store = await fixture(FIXTURE);
    const p = await profiles(store);
    expect(Object.keys(p)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(p['a']).toEqual({
      // Orders on Jan 1, 11 (two) and 21: gaps 10 and 10 days; the last order 11 days before Feb 1.
      recency_days: 11, frequency: 4, monetary: 100, tenure_days: 62, aov: 25, ipt_mean_days: 10, ipt_std_days: 0,
      returns: 1, returned_value: 10, last_activity_days: 6,
      sessions: 3, pages_per_session: 1, product_views: 2, cart_adds: 3, cart_abandonment_rate: 0.3333,
      order_share_web: 0.5, order_share_mobile: 0.25, order_share_in_store: 0.25, order_share_other: 0,
      event_share_web: 0.75, event_share_mobile: 0.25, event_share_other: 0,
      device_share_desktop: 0.4167, device_share_mobile: 0.25, device_share_tablet: 0.3333, device_share_other: 0,
      // Home: 3 items (the gift card has no category); o1 once although completed twice; o4 had a coupon.
      favourite_category: 'Home', categories_bought: 2, discount_share: 0.5, reviews: 1, last_review_sentiment: 0.5,
      has_orders: true, has_repeat_purchase: true, has_events: true,
    });
    // b: the orders on and after Feb 1 do not count; Home and Books tie on items, Home has the higher spend.
    expect(p['b']).toEqual({
      ...none, recency_days: 12, frequency: 2, monetary: 120, tenure_days: 27, aov: 60, ipt_mean_days: 15, last_activity_days: 12,
      order_share_web: 0.5, order_share_other: 0.5, order_share_mobile: 0, order_share_in_store: 0,
      favourite_category: 'Home', categories_bought: 2, has_orders: true, has_repeat_purchase: true,
    });
    expect(p['c']).toEqual({
      ...none, tenure_days: 22, last_activity_days: 22, sessions: 1, pages_per_session: 1, product_views: 1, cart_adds: 1, cart_abandonment_rate: 1,
      event_share_web: 0.6667, event_share_mobile: 0, event_share_other: 0.3333, has_events: true,
    });
    expect(p['d']).toEqual({ ...none, tenure_days: 245, last_activity_days: null });
    // e: the latest rated review (5 stars) decides; the later ticket has no rating and the undated text no place in time.
    expect(p['e']).toEqual({ ...none, tenure_days: 27, last_activity_days: 12, reviews: 2, last_review_sentiment: 1 });
  });

  it('lets nothing dated on or after the as-of day change a feature', async () => {
    const before = await profiles(await fixture(FIXTURE));
    const after = await profiles(await fixture(FIXTURE, LATER));
    expect(after).toEqual(before);
    // And the same holds at an earlier cut: a store holding only rows before it gives the same profiles.
    const cut = '2024-01-15';
    const full = await profiles(await fixture(FIXTURE, LATER), cut);
    const trimmed = await fixture(FIXTURE, `
      DELETE FROM order_items WHERE order_id IN (SELECT order_id FROM orders WHERE ts >= '${cut}');
      DELETE FROM orders WHERE ts >= '${cut}'; DELETE FROM events WHERE ts >= '${cut}';
      DELETE FROM texts WHERE ts >= '${cut}' OR ts IS NULL; DELETE FROM customers WHERE first_seen >= '${cut}';`);
    expect(await profiles(trimmed, cut)).toEqual(full);
    expect(full['a']).toMatchObject({ frequency: 3, recency_days: 4, ipt_mean_days: 10, ipt_std_days: null, has_repeat_purchase: true });
  });

  it('follows the missing-value policy: imputed values carry a false flag, flagged ones are null, the rest are never null', async () => {
    const p = await profiles(await fixture(FIXTURE));
    for (const values of Object.values(p)) {
      for (const feature of PROFILE_FEATURES) {
        const policy: { policy: string; imputed?: number; flag?: keyof ProfileValues } = FEATURE_POLICY[feature];
        const v = values[feature];
        if (policy.policy === 'never') expect(v, feature).not.toBeNull();
        if (policy.flag && values[policy.flag] === false) expect(v, feature).toBe(policy.policy === 'impute' ? policy.imputed : null);
        if (policy.flag && values[policy.flag] === true) expect(v, feature).not.toBeNull();
      }
    }
  });

  it('stores one row per customer under feature_set profile and replaces an earlier run for the same as-of day', async () => {
    const store = await fixture(FIXTURE);
    const first = await computeProfileFeatures(store, { asOf: AS_OF });
    expect(first.stored).toMatchObject({ table: 'features', featureSet: 'profile', rows: 5, replaced: 0 });
    await computeProfileFeatures(store, { asOf: '2024-01-15' });
    const again = await computeProfileFeatures(store, { asOf: AS_OF });
    expect(again.stored).toMatchObject({ rows: 5, replaced: 5 });
    const counts = await store.query<{ as_of: string; n: number }>(
      `SELECT strftime(as_of, '%Y-%m-%d') AS as_of, count(*)::INTEGER AS n FROM features WHERE feature_set = 'profile' GROUP BY ALL ORDER BY 1`,
    );
    expect(counts).toEqual([{ as_of: '2024-01-15', n: 5 }, { as_of: AS_OF, n: 5 }]);
    // Latest as-of by default; one customer recomputed alone replaces only that row, with the same values.
    expect((await readProfileFeatures(store, { limit: 2 })).map((r) => [r.customerId, r.asOf])).toEqual([['a', AS_OF], ['b', AS_OF]]);
    const all = await readProfileFeatures(store, { asOf: AS_OF, customerId: 'a' });
    const one = await computeProfileFeatures(store, { asOf: AS_OF, customerId: 'a' });
    expect(one).toMatchObject({ customers: 1, stored: { rows: 1, replaced: 1 } });
    expect((await readProfileFeatures(store, { asOf: AS_OF, customerId: 'a' }))[0]!.values).toEqual(all[0]!.values);
    expect(await readProfileFeatures(store, { asOf: AS_OF })).toHaveLength(5);
  });

  it('summarises null rate, mean and median per feature', async () => {
    const run = await computeProfileFeatures(await fixture(FIXTURE), { asOf: AS_OF, write: false });
    expect(run.stored).toBeUndefined();
    const by = Object.fromEntries(run.summary.map((s) => [s.feature, s]));
    expect(run.summary.map((s) => s.feature)).toEqual(PROFILE_FEATURES);
    expect(by['frequency']).toMatchObject({ nullRate: 0, mean: 6 / 5, median: 0 });
    expect(by['recency_days']).toMatchObject({ nullRate: 0.6, mean: 11.5, median: 11.5, policy: 'flag' });
    expect(by['has_orders']).toMatchObject({ nullRate: 0, mean: 0.4 });
    expect(by['favourite_category']).toMatchObject({ nullRate: 0.6, mode: 'Home', mean: null });
  });

  it('has one SQL column per policy entry, and defaults the as-of day to the day after the last order or event', async () => {
    const store = await fixture(FIXTURE);
    const { columns } = await store.queryWithColumns(`SELECT * FROM (${profileFeaturesSql(AS_OF, false)}) LIMIT 0`);
    expect(columns).toEqual(['customer_id', ...PROFILE_FEATURES]);
    expect(await defaultProfileAsOf(store)).toBe('2024-03-03');
    expect(await defaultProfileAsOf(await fixture())).toBeNull();
  });
});
