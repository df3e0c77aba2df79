import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handWrittenRetentionSql } from '../../bench/peers/retention-sql.js';
import { openStore, type Store } from '../../store/index.js';
import type { RetentionCell, RetentionOptions, RetentionReport } from '../retention.js';
import { retention } from './retention.js';

/**
 * ISO weeks W1 = Mon 4 March 2024, W2 = 11, W3 = 18, W4 = 25; the last event is Wed 27 (W4).
 *   p1: 4 (W1), 12 Signed Up (W2), 26 (W4)       p2: 5 (W1), 20 (W3)          p3: 6 (W1)
 *   p4: 11, 12 Signed Up (W2), 19 (W3)           p5: Sun 17 (W2), Mon 18 (W3) — a week boundary
 *   p6: 19 as anonymous id anon-6 (its visitor is p6), 27 signed in (W4) — one person
 *   p7: 27 (W4)
 * Orders: p1 100 on 4, 50 on 13 and a return of −20 on 14; p2 200 on 5 and 60 on 27; p4 80 on 12
 * and 40 on 19; p9 (no events) 70 in store on 20; a guest order without a customer on 6.
 */
const FIXTURE = `
INSERT INTO identity_anonymous (anonymous_id, anonymous_hash, customer_id, visitor_id) VALUES ('anon-6', 'h6', NULL, 'p6');
INSERT INTO events (event_id, ts, received_at, type, name, anonymous_id, customer_id, source) VALUES
  ('1a', '2024-03-04 10:00', now(), 'page', 'Home', NULL, 'p1', 't'),
  ('1b', '2024-03-12 10:00', now(), 'track', 'Signed Up', NULL, 'p1', 't'),
  ('1c', '2024-03-26 10:00', now(), 'page', 'Home', NULL, 'p1', 't'),
  ('2a', '2024-03-05 10:00', now(), 'page', 'Home', NULL, 'p2', 't'),
  ('2b', '2024-03-20 10:00', now(), 'page', 'Home', NULL, 'p2', 't'),
  ('3a', '2024-03-06 10:00', now(), 'page', 'Home', NULL, 'p3', 't'),
  ('4a', '2024-03-11 10:00', now(), 'page', 'Home', NULL, 'p4', 't'),
  ('4b', '2024-03-12 10:00', now(), 'track', 'Signed Up', NULL, 'p4', 't'),
  ('4c', '2024-03-19 10:00', now(), 'page', 'Home', NULL, 'p4', 't'),
  ('5a', '2024-03-17 23:59', now(), 'page', 'Home', NULL, 'p5', 't'),
  ('5b', '2024-03-18 00:00', now(), 'page', 'Home', NULL, 'p5', 't'),
  ('6a', '2024-03-19 10:00', now(), 'page', 'Home', 'anon-6', NULL, 't'),
  ('6b', '2024-03-27 10:00', now(), 'track', 'Signed In', 'anon-6', 'p6', 't'),
  ('7a', '2024-03-27 11:00', now(), 'page', 'Home', NULL, 'p7', 't');
INSERT INTO orders (order_id, customer_id, ts, kind, revenue, currency, channel, source) VALUES
  ('o1', 'p1', '2024-03-04 10:05', 'order', 100, 'EUR', 'web', 't'),
  ('o2', 'p1', '2024-03-13 10:00', 'order', 50, 'EUR', 'web', 't'),
  ('r2', 'p1', '2024-03-14 10:00', 'return', -20, 'EUR', 'in-store', 't'),
  ('o3', 'p2', '2024-03-05 10:05', 'order', 200, 'EUR', 'mobile', 't'),
  ('o4', 'p2', '2024-03-27 09:00', 'order', 60, 'EUR', 'web', 't'),
  ('o5', 'p4', '2024-03-12 10:05', 'order', 80, 'EUR', 'web', 't'),
  ('o6', 'p4', '2024-03-19 10:05', 'order', 40, 'EUR', 'web', 't'),
  ('o7', 'p9', '2024-03-20 12:00', 'order', 70, 'EUR', 'in-store', 't'),
  ('o8', NULL, '2024-03-06 12:00', 'order', 15, 'EUR', 'in-store', 't');
`;

let store: Store;
beforeAll(async () => {
  store = await openStore({ location: ':memory:' });
  await store.exec(FIXTURE);
});
afterAll(async () => {
  await store.close();
});

const weekly = (over: Partial<RetentionOptions> = {}): RetentionOptions => ({ cohort: { kind: 'first-event' }, period: 'week', metric: 'customers', unbounded: false, ...over });
const table = (r: RetentionReport) => Object.fromEntries(r.cohorts.map((c) => [c.cohort, c.values]));

/** The report's non-zero cells against the hand-written query's. */
async function expectPeer(r: RetentionReport, o: RetentionOptions): Promise<void> {
  const peer = await store.query<RetentionCell & Record<string, unknown>>(handWrittenRetentionSql({ ...o, through: r.through! }));
  const ours = r.cohorts.flatMap((c) => c.values.flatMap((v, k) => (v === null || v === 0 ? [] : [{ cohort: c.cohort, k, value: v }])));
  expect(ours).toEqual(peer.filter((p) => p.value !== 0));
}

describe('retention', () => {
  it('builds weekly cohorts by first event with bounded retention, worked out by hand', async () => {
    const r = await retention(store, weekly());
    expect(r.message).toBeNull();
    expect(r.through).toBe('2024-03-27');
    expect(r.periods).toBe(4);
    expect(table(r)).toEqual({
      '2024-03-04': [3, 1, 1, 1], // p1 p2 p3; p1 back in W2 and W4, p2 in W3
      '2024-03-11': [2, 2, 0, null], // p4 p5, both back in W3 (p5 on Monday 00:00); W5 has not happened
      '2024-03-18': [1, 1, null, null], // p6: anonymous in W3, signed in in W4
      '2024-03-25': [1, null, null, null], // p7
    });
    expect(r.cohorts.map((c) => c.size)).toEqual([3, 2, 1, 1]);
    expect(r.cohorts[0]!.rates).toEqual([1, 1 / 3, 1 / 3, 1 / 3]);
    expect(r.cohorts[1]!.rates).toEqual([1, 1, 0, null]);
    // Week 1 over the three cohorts that reached it: (1 + 2 + 1) / (3 + 2 + 1); week 2: (1 + 0) / 5.
    expect(r.average).toEqual([1, 4 / 6, 1 / 5, 1 / 3]);
    await expectPeer(r, weekly());
  });

  it('counts unbounded retention as active in that week or any later one', async () => {
    const r = await retention(store, weekly({ unbounded: true }));
    // W1: p1 last seen W4, p2 W3, p3 W1 → [3, 2, 2, 1].
    expect(table(r)).toEqual({ '2024-03-04': [3, 2, 2, 1], '2024-03-11': [2, 2, 0, null], '2024-03-18': [1, 1, null, null], '2024-03-25': [1, null, null, null] });
  });

  it('cohorts by first purchase count orders (not returns) and keep guests out', async () => {
    const o = weekly({ cohort: { kind: 'first-purchase' } });
    const r = await retention(store, o);
    // W1: p1 (back in W2), p2 (back in W4); W2: p4 (back in W3); W3: p9 in store.
    expect(table(r)).toEqual({ '2024-03-04': [2, 1, 0, 1], '2024-03-11': [1, 1, 0, null], '2024-03-18': [1, 0, null, null] });
    await expectPeer(r, o);
  });

  it('revenue retention divides each week by the cohort’s first week, net of returns', async () => {
    const o = weekly({ cohort: { kind: 'first-purchase' }, metric: 'revenue' });
    const r = await retention(store, o);
    // W1: 100 + 200, then 50 − 20, nothing, 60; W2: 80 then 40; W3: 70.
    expect(table(r)).toEqual({ '2024-03-04': [300, 30, 0, 60], '2024-03-11': [80, 40, 0, null], '2024-03-18': [70, 0, null, null] });
    expect(r.cohorts[0]!.rates).toEqual([1, 0.1, 0, 0.2]);
    expect(r.cohorts[1]!.rates).toEqual([1, 0.5, 0, null]);
    // Week 1: (30 + 40 + 0) / (300 + 80 + 70).
    expect(r.average[1]).toBeCloseTo(70 / 450, 10);
    await expectPeer(r, o);
    const byEvent = await retention(store, weekly({ metric: 'revenue' }));
    // First-event cohorts: W3 and W4 (p6, p7) bought nothing: their rates are null, not NaN.
    expect(table(byEvent)).toEqual({ '2024-03-04': [300, 30, 0, 60], '2024-03-11': [80, 40, 0, null], '2024-03-18': [0, 0, null, null], '2024-03-25': [0, null, null, null] });
    expect(byEvent.cohorts[2]!.rates).toEqual([null, null, null, null]);
    expect(JSON.stringify(byEvent)).not.toMatch(/NaN|Infinity/);
  });

  it('cohorts by a named event, by month, and within a date range', async () => {
    const o = weekly({ cohort: { kind: 'event', event: 'Signed Up' } });
    const signed = await retention(store, o);
    // p1 and p4 signed up in W2; p1 back in W4, p4 in W3.
    expect(table(signed)).toEqual({ '2024-03-11': [2, 1, 1] });
    await expectPeer(signed, o);
    expect(table(await retention(store, weekly({ period: 'month' })))).toEqual({ '2024-03-01': [7] });
    const days = await retention(store, weekly({ period: 'day', from: '2024-03-26', to: '2024-03-27' }));
    expect(table(days)).toEqual({ '2024-03-27': [1] }); // p7 (p1, p6 started earlier)
    const late = await retention(store, weekly({ from: '2024-03-11', to: '2024-03-20' }));
    expect(table(late)).toEqual({ '2024-03-11': [2, 2], '2024-03-18': [1, null] });
  });

  it('answers bad input with an empty result and a message', async () => {
    const unknown = await retention(store, weekly({ cohort: { kind: 'event', event: 'Signed Upp' } }));
    expect(unknown.cohorts).toEqual([]);
    expect(unknown.message).toMatch(/no event is named "Signed Upp" — did you mean "Signed Up"\?/);
    expect((await retention(store, weekly({ from: '2024-03-20', to: '2024-03-10' }))).message).toMatch(/after to/);
    expect((await retention(store, weekly({ from: '2025-01-01' }))).message).toMatch(/nobody has their first event from 2025-01-01/);
    const blank = await openStore({ location: ':memory:' });
    try {
      expect((await retention(blank, weekly())).message).toMatch(/no events yet/);
    } finally {
      await blank.close();
    }
  });
});
