import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handWrittenFunnelSql } from '../../bench/peers/funnel-sql.js';
import { openStore, type Store } from '../../store/index.js';
import { parseBreakdown, parseSteps, parseConversionWindow } from '../funnel-input.js';
import type { FunnelOptions, FunnelReport } from '../funnel.js';
import { funnel, funnelDropped } from './funnel.js';

/**
 * Nine people on Mon 4 – Wed 6 March 2024; V = Product Viewed, A = Product Added, O = Order Completed.
 *   a: V 10:00 (Books, desktop), A 10:05, O 10:30                       → 3 steps in order
 *   b: V 09:00 (Toys, ios), A 09:10, O Tue 09:00 — exactly 24 h after V → 3 (the window's edge counts)
 *   c: V 12:00 (Books, desktop), A 12:30, O Tue 12:00:01 — 24 h 1 s     → 2
 *   d: A 08:00, V 08:05 (Home, desktop), O 08:10 — added before viewing → 1 in order, 3 in any order
 *   e: V 14:00 as anonymous id anon-e (Books, android), then signed in: A 14:20, O 15:00 → 3, one person
 *   f: V 11:00 (Books, desktop)                                          → 1
 *   g: V Mon 10:00 (Toys, desktop), A Tue 11:00 (25 h later, too late), V Wed 10:00 (Books, ios),
 *      A Wed 10:01                                                        → 2, by its second try
 *   h: anonymous visitor v_h (anon-h): V 13:00 (Toys, android)           → 1
 *   i: anonymous id anon-i, unknown to identity: V 16:00, A 16:10 (no category, no device) → 2
 */
const FIXTURE = `
INSERT INTO customers (customer_id, first_seen, source) VALUES
  ('a', '2024-03-01', 't'), ('b', '2024-03-01', 't'), ('c', '2024-03-01', 't'), ('d', '2024-03-01', 't'),
  ('e', '2024-03-01', 't'), ('f', '2024-03-01', 't'), ('g', '2024-03-01', 't');
INSERT INTO identity_anonymous (anonymous_id, anonymous_hash, customer_id, visitor_id) VALUES
  ('anon-e', 'h1', 'e', 'e'), ('anon-h', 'h2', NULL, 'v_h');
INSERT INTO events (event_id, ts, received_at, type, name, anonymous_id, customer_id, source, channel, properties, context) VALUES
  ('a1', '2024-03-04 10:00', now(), 'track', 'Product Viewed', NULL, 'a', 't', 'web', '{"category":"Books"}', '{"device":{"type":"desktop"}}'),
  ('a2', '2024-03-04 10:05', now(), 'track', 'Product Added', NULL, 'a', 't', 'web', '{"category":"Books"}', '{"device":{"type":"desktop"}}'),
  ('a3', '2024-03-04 10:30', now(), 'track', 'Order Completed', NULL, 'a', 't', 'web', '{}', '{"device":{"type":"desktop"}}'),
  ('b1', '2024-03-04 09:00', now(), 'track', 'Product Viewed', NULL, 'b', 't', 'mobile', '{"category":"Toys"}', '{"device":{"type":"ios"}}'),
  ('b2', '2024-03-04 09:10', now(), 'track', 'Product Added', NULL, 'b', 't', 'mobile', '{}', '{"device":{"type":"ios"}}'),
  ('b3', '2024-03-05 09:00', now(), 'track', 'Order Completed', NULL, 'b', 't', 'mobile', '{}', '{"device":{"type":"ios"}}'),
  ('c1', '2024-03-04 12:00', now(), 'track', 'Product Viewed', NULL, 'c', 't', 'web', '{"category":"Books"}', '{"device":{"type":"desktop"}}'),
  ('c2', '2024-03-04 12:30', now(), 'track', 'Product Added', NULL, 'c', 't', 'web', '{}', '{"device":{"type":"desktop"}}'),
  ('c3', '2024-03-05 12:00:01', now(), 'track', 'Order Completed', NULL, 'c', 't', 'web', '{}', '{"device":{"type":"desktop"}}'),
  ('d1', '2024-03-04 08:00', now(), 'track', 'Product Added', NULL, 'd', 't', 'web', '{}', '{"device":{"type":"desktop"}}'),
  ('d2', '2024-03-04 08:05', now(), 'track', 'Product Viewed', NULL, 'd', 't', 'web', '{"category":"Home"}', '{"device":{"type":"desktop"}}'),
  ('d3', '2024-03-04 08:10', now(), 'track', 'Order Completed', NULL, 'd', 't', 'web', '{}', '{"device":{"type":"desktop"}}'),
  ('e1', '2024-03-04 14:00', now(), 'track', 'Product Viewed', 'anon-e', NULL, 't', 'mobile', '{"category":"Books"}', '{"device":{"type":"android"}}'),
  ('e2', '2024-03-04 14:20', now(), 'track', 'Product Added', 'anon-e', 'e', 't', 'mobile', '{}', '{"device":{"type":"android"}}'),
  ('e3', '2024-03-04 15:00', now(), 'track', 'Order Completed', NULL, 'e', 't', 'mobile', '{}', '{"device":{"type":"android"}}'),
  ('f1', '2024-03-04 11:00', now(), 'track', 'Product Viewed', NULL, 'f', 't', 'web', '{"category":"Books"}', '{"device":{"type":"desktop"}}'),
  ('g1', '2024-03-04 10:00', now(), 'track', 'Product Viewed', NULL, 'g', 't', 'web', '{"category":"Toys"}', '{"device":{"type":"desktop"}}'),
  ('g2', '2024-03-05 11:00', now(), 'track', 'Product Added', NULL, 'g', 't', 'web', '{}', '{"device":{"type":"desktop"}}'),
  ('g3', '2024-03-06 10:00', now(), 'track', 'Product Viewed', NULL, 'g', 't', 'mobile', '{"category":"Books"}', '{"device":{"type":"ios"}}'),
  ('g4', '2024-03-06 10:01', now(), 'track', 'Product Added', NULL, 'g', 't', 'mobile', '{}', '{"device":{"type":"ios"}}'),
  ('h1', '2024-03-04 13:00', now(), 'track', 'Product Viewed', 'anon-h', NULL, 't', 'web', '{"category":"Toys"}', '{"device":{"type":"android"}}'),
  ('i1', '2024-03-04 16:00', now(), 'track', 'Product Viewed', 'anon-i', NULL, 't', 'web', '{}', '{}'),
  ('i2', '2024-03-04 16:10', now(), 'track', 'Product Added', 'anon-i', NULL, 't', 'web', '{}', '{}'),
  ('x1', '2024-03-04 16:10', now(), 'page', 'Home', 'anon-i', NULL, 't', 'web', '{}', '{}'),
  ('x2', '2024-03-04 16:11', now(), 'identify', NULL, NULL, 'a', 't', 'web', '{}', '{}');
INSERT INTO segments (customer_id, segmentation, version, segment, computed_at) VALUES
  ('a', 'rfm', 'v1', 'champions', '2024-03-07'), ('b', 'rfm', 'v1', 'champions', '2024-03-07'),
  ('c', 'rfm', 'v0', 'new', '2024-03-01'), ('c', 'rfm', 'v1', 'at_risk', '2024-03-07'), ('d', 'kmeans', 'v1', 'k1', '2024-03-07');
`;

const VAO = 'Product Viewed,Product Added,Order Completed';
let store: Store;

beforeAll(async () => {
  store = await openStore({ location: ':memory:' });
  await store.exec(FIXTURE);
});
afterAll(async () => {
  await store.close();
});

function options(over: Partial<Omit<FunnelOptions, 'steps' | 'withinSeconds' | 'breakdown'>> & { steps?: string; within?: string; by?: string } = {}): FunnelOptions {
  const { steps, within, by, ...rest } = over;
  return {
    steps: parseSteps(steps ?? VAO),
    withinSeconds: parseConversionWindow(within ?? '1d'),
    order: 'strict',
    ...(by === undefined ? {} : { breakdown: parseBreakdown(by) }),
    ...rest,
  };
}

const people = (r: FunnelReport) => r.total.map((s) => s.people);
const groups = (r: FunnelReport) => Object.fromEntries(r.groups.map((g) => [String(g.value), g.steps.map((s) => s.people)]));

async function peer(o: FunnelOptions): Promise<number[]> {
  const [row] = await store.query<{ people: number[] }>(handWrittenFunnelSql(o));
  return row?.people ?? [];
}

describe('funnel, strict order', () => {
  it('counts each person once at their furthest step, with rates, drop-off and median times worked out by hand', async () => {
    const r = await funnel(store, options());
    expect(r.message).toBeNull();
    // V: all nine; A after V within a day: a b c e g i (d added before viewing); O: a b e.
    expect(people(r)).toEqual([9, 6, 3]);
    expect(r.total[1]).toMatchObject({ conversionFromFirst: 6 / 9, conversionFromPrevious: 6 / 9, dropOff: 3, dropOffRate: 3 / 9 });
    expect(r.total[2]).toMatchObject({ conversionFromFirst: 3 / 9, conversionFromPrevious: 3 / 6, dropOff: 3, dropOffRate: 0.5 });
    expect(r.total[0]).toMatchObject({ conversionFromFirst: 1, conversionFromPrevious: 1, dropOff: 0, medianSecondsFromPrevious: null });
    // V→A: g 60 (its second try), a 300, b 600, i 600, e 1200, c 1800 → median 600.
    expect(r.total[1]!.medianSecondsFromPrevious).toBe(600);
    // A→O: a 1500, e 2400, b 85800 → 2400; V→O: a 1800, e 3600, b 86400 → 3600.
    expect(r.total[2]!.medianSecondsFromPrevious).toBe(2400);
    expect(r.total[2]!.medianSecondsFromFirst).toBe(3600);
    expect(await peer(options())).toEqual([9, 6, 3]);
  });

  it('takes the window as inclusive: 24 h keeps b, one second less loses it; 30 m keeps a at exactly 30 m', async () => {
    expect(people(await funnel(store, options({ within: '24h' })))).toEqual([9, 6, 3]);
    expect(people(await funnel(store, options({ within: '86399s' })))).toEqual([9, 6, 2]);
    // 30 m: a's order at exactly 30 m counts; c's add at exactly 30 m counts; b, e order too late.
    expect(people(await funnel(store, options({ within: '30m' })))).toEqual([9, 6, 1]);
    for (const within of ['86399s', '30m', '1m', '2d']) expect(people(await funnel(store, options({ within })))).toEqual(await peer(options({ within })));
  });

  it('filters a step by a property', async () => {
    const o = options({ steps: 'Product Viewed[category=Books],Product Added,Order Completed' });
    // Books views: a c e f g (g's Wednesday one); then adds a c e g; orders a e.
    expect(people(await funnel(store, o))).toEqual([5, 4, 2]);
    expect(await peer(o)).toEqual([5, 4, 2]);
    const not = options({ steps: 'Product Viewed[category!=Books],Product Added' });
    // Not Books (or none): b, d (Home), g (Toys on Monday; its add is 25 h later), h, i → adds b, i.
    expect(people(await funnel(store, not))).toEqual([5, 2]);
    expect(await peer(not)).toEqual([5, 2]);
  });

  it('breaks down by device, category and segment of the path that got furthest', async () => {
    const device = await funnel(store, options({ by: 'device' }));
    expect(groups(device)).toEqual({ desktop: [4, 2, 1], ios: [2, 2, 1], android: [2, 1, 1], null: [1, 1, 0] });
    expect(device.groups[0]!.value).toBe('desktop');
    expect(people(device)).toEqual([9, 6, 3]);
    // g counts under Books: its second try (Wednesday) is the one that reached step 2.
    expect(groups(await funnel(store, options({ by: 'property.category' })))).toEqual({ Books: [5, 4, 2], Toys: [2, 1, 1], Home: [1, 0, 0], null: [1, 1, 0] });
    // c's newest rfm segment is at_risk; d's kmeans segment is not rfm.
    expect(groups(await funnel(store, options({ by: 'segment' })))).toEqual({ champions: [2, 2, 2], at_risk: [1, 1, 0], null: [6, 3, 1] });
    expect(groups(await funnel(store, options({ by: 'channel' })))).toEqual({ web: [6, 3, 1], mobile: [3, 3, 2] });
    // By day a person counts on each day they start a path: g on Monday (no add in time) and on Wednesday.
    const days = await funnel(store, options({ by: 'day' }));
    expect(groups(days)).toEqual({ '2024-03-04': [9, 5, 3], '2024-03-06': [1, 1, 0] });
    expect(people(days)).toEqual([9, 6, 3]);
  });

  it('lists the customers who dropped at a step, not the anonymous visitors', async () => {
    // Reached A, not O: c, g and the anonymous i.
    expect(await funnelDropped(store, options(), 3)).toEqual({ step: 3, label: 'Order Completed', customers: ['c', 'g'], anonymousVisitors: 1, message: null });
    // Viewed, never added in time: d, f and the visitor v_h.
    expect(await funnelDropped(store, options(), 2)).toMatchObject({ customers: ['d', 'f'], anonymousVisitors: 1 });
    expect((await funnelDropped(store, options(), 1)).message).toMatch(/not a step people can drop at/);
  });

  it('keeps to the date range', async () => {
    // Tue–Wed: only g's Wednesday view and add (b's and c's orders have no view in range).
    const o = options({ from: '2024-03-05', to: '2024-03-06' });
    expect(people(await funnel(store, o))).toEqual([1, 1, 0]);
    expect(await peer(o)).toEqual([1, 1, 0]);
  });
});

describe('funnel, any order', () => {
  it('counts steps done in any order within the window', async () => {
    const o = options({ order: 'any' });
    // d now counts (A, V, O within 10 minutes); c still misses O (24 h 1 s after V).
    const r = await funnel(store, o);
    expect(people(r)).toEqual([9, 7, 4]);
    expect(await peer(o)).toEqual([9, 7, 4]);
    const short = options({ order: 'any', within: '5m' });
    // Within 5 minutes: a (V, A 5 m), d (A, V 5 m; O 10 m after A), g (V, A 1 m) → A: a d g; O: nobody.
    expect(people(await funnel(store, short))).toEqual([9, 3, 0]);
    expect(await peer(short)).toEqual([9, 3, 0]);
  });
});

describe('funnel, bad input', () => {
  it('says which event names exist instead of failing', async () => {
    const r = await funnel(store, options({ steps: 'Product Veiwed,Product Added' }));
    expect(people(r)).toEqual([0, 0]);
    expect(r.groups).toEqual([]);
    expect(r.message).toMatch(/no event is named "Product Veiwed" — did you mean "Product Viewed"\?/);
    expect(r.message).toMatch(/Events in the store include: .*Order Completed/);
    const far = await funnel(store, options({ steps: 'Wishlist Shared' }));
    expect(far.message).toMatch(/no event is named "Wishlist Shared"\. Events in the store include/);
  });

  it('answers an empty range, a range without events, a window of 0 and a step that never happens with a message and no NaN', async () => {
    const reversed = await funnel(store, options({ from: '2024-03-06', to: '2024-03-04' }));
    expect(reversed.message).toMatch(/after to .* empty/);
    const later = await funnel(store, options({ from: '2024-04-01', to: '2024-04-30' }));
    expect(later.message).toMatch(/never happen from 2024-04-01 to 2024-04-30: nobody enters/);
    const zero = await funnel(store, options({ within: '0m' }));
    expect(zero.message).toMatch(/window of 0s/);
    const never = await funnel(store, options({ steps: 'Product Viewed,Product Added[category=Garden]' }));
    expect(people(never)).toEqual([9, 0]);
    expect(never.message).toMatch(/"Product Added\[category=Garden\]" never happens: nobody gets past/);
    for (const r of [reversed, later, zero, never]) {
      expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
      for (const s of r.total) expect(s.conversionFromFirst === null || Number.isFinite(s.conversionFromFirst)).toBe(true);
    }
    expect(() => parseConversionWindow('soon')).toThrow(/not a window/);
    expect(() => parseSteps('Product Viewed[category]')).toThrow(/key=value/);
    expect(() => parseBreakdown('colour')).toThrow(/not known/);
  });
});
