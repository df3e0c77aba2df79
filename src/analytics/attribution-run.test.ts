import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { runAttribution, type ModelReport } from './attribution-run.js';
import { parseSpendCsv } from './attribution/spend.js';
import { CHANNELS } from './channels.js';

let store: Store;

/** A visit as buildSessions writes it (migration 10), with only what attribution reads filled in. */
const session = (key: string, visitor: string, ts: string, channel: string) =>
  `('${key}', '${visitor}', TIMESTAMP '${ts}', TIMESTAMP '${ts}' + INTERVAL 5 MINUTE, 300, 3, 2, '${channel}', now()::TIMESTAMP)`;
const order = (id: string, customer: string, ts: string, revenue: number, channel: string) =>
  `('${id}', '${customer}', TIMESTAMP '${ts}', 'order', ${revenue}, 'EUR', '${channel}', 'DE', 'test')`;

beforeAll(async () => {
  store = await openStore({ location: ':memory:', secret: '07'.repeat(32) });
  await store.exec(`INSERT INTO sessions (session_key, visitor_id, started_at, ended_at, duration_s, events, pages, channel, computed_at) VALUES
    ${session('s1', 'c1', '2024-03-01 10:00:00', 'email')},
    ${session('s2', 'c1', '2024-03-05 11:50:00', 'paid_search')},
    ${session('s3', 'c2', '2024-03-02 09:00:00', 'social')},
    ${session('s4', 'c3', '2024-01-20 09:00:00', 'direct')},
    ${session('s5', 'v1', '2024-03-01 08:00:00', 'organic_search')},
    ${session('s6', 'v1', '2024-03-04 08:00:00', 'organic_search')}`);
  await store.exec(`INSERT INTO orders (order_id, customer_id, ts, kind, revenue, currency, channel, country, source) VALUES
    ${order('o1', 'c1', '2024-03-05 12:00:00', 100, 'web')},
    ${order('o2', 'c2', '2024-03-03 15:00:00', 50, 'in-store')},
    ${order('o3', 'c3', '2024-03-10 10:00:00', 30, 'web')},
    ('r1', 'c1', TIMESTAMP '2024-03-06 10:00:00', 'return', -100, 'EUR', 'web', 'DE', 'test')`);
});
afterAll(async () => store.close());

const model = (models: ModelReport[], name: string) => {
  const m = models.find((x) => x.model === name)!;
  return Object.fromEntries(m.channels.filter((c) => c.conversions !== 0 || c.cost !== undefined).map((c) => [c.channel, c]));
};

describe('runAttribution on hand-made visits and orders', () => {
  it('builds one journey per order from visits and store purchases in the lookback, and one per visitor without orders', async () => {
    const r = await runAttribution(store, { from: '2024-03-01', to: '2024-03-31' });
    // o1: email > paid_search; o2: social > in_store (the store purchase itself); o3: its only visit is
    // 50 days old. v1: organic_search twice, no order.
    expect(r.journeys).toEqual({ converting: 3, nonConverting: 1, revenue: 180, withoutTouches: 1, meanTouches: 2 });
    expect(r.warnings).toEqual(['1 of 3 orders have no visit or store purchase in the 30 days before them and are left out of every model']);
    expect(r.models.map((m) => m.model)).toEqual(['first', 'last', 'linear', 'time-decay', 'position', 'markov', 'shapley']);
    expect(model(r.models, 'first')).toMatchObject({ email: { conversions: 1, revenue: 100 }, social: { conversions: 1, revenue: 50 } });
    expect(model(r.models, 'last')).toMatchObject({ paid_search: { conversions: 1, revenue: 100 }, in_store: { conversions: 1, revenue: 50 } });
    expect(r.models.find((m) => m.model === 'last')!.channels.map((c) => c.channel)).toEqual([...CHANNELS]);
  });

  it('Markov, order 1: each of the four channels removes half the conversions; value by each path', async () => {
    const r = await runAttribution(store, { from: '2024-03-01', to: '2024-03-31', models: ['markov'] });
    // start → email, social, organic_search 1/3 each; P(conversion) = 2/3. Removing any one of
    // email, paid_search, social, in_store loses one of the two converting paths (1/2); removing
    // email or paid_search loses 100 of 150 in value (2/3), social or in_store 50 (1/3).
    const m = model(r.models, 'markov');
    for (const c of ['email', 'paid_search', 'social', 'in_store']) expect(m[c]).toMatchObject({ conversions: 0.5, removalEffect: 0.5 });
    expect(m['email']!.revenue).toBe(50);
    expect(m['in_store']!.revenue).toBe(25);
    expect(r.models[0]!.detail).toEqual({ conversionProbability: 0.666667, states: 5 });
  });

  it('time decay credits the later touch more (email 4 days before o1, paid search the same day)', async () => {
    const r = await runAttribution(store, { from: '2024-03-01', to: '2024-03-31', models: ['time-decay'], halfLifeDays: 2 });
    const m = model(r.models, 'time-decay');
    // Ages: email 4.083 days, paid_search 0.00694 days; weights 2^(−age/2).
    const we = 2 ** (-(4 + 2 / 24) / 2);
    const wp = 2 ** (-(10 / 1440) / 2);
    expect(m['paid_search']!.conversions).toBeCloseTo(wp / (we + wp), 4);
  });

  it('adds ROI and cost per acquisition from a spend file, and warns about a channel it does not know', async () => {
    const spend = parseSpendCsv('channel,period,cost\npaid search,2024-03,20\nemail,2024-03,10\ntv,2024-03,500\n', CHANNELS);
    const r = await runAttribution(store, { from: '2024-03-01', to: '2024-03-31', models: ['last'], spend });
    expect(r.spend).toEqual({ from: '2024-03-01', to: '2024-03-31', channels: [{ channel: 'paid_search', cost: 20 }, { channel: 'email', cost: 10 }] });
    const m = model(r.models, 'last');
    expect(m['paid_search']).toMatchObject({ revenue: 100, cost: 20, roi: 4, cpa: 20 });
    expect(m['email']).toMatchObject({ revenue: 0, cost: 10, roi: -1, cpa: null });
    expect(r.warnings[0]).toMatch(/unknown channel "tv" skipped; the channels are direct, organic_search, .* in_store/);
  });

  it('an empty range, a range with orders but no touches, and a reversed range say why', async () => {
    const empty = await runAttribution(store, { from: '2030-01-01', to: '2030-01-31' });
    expect(empty.message).toBe('no orders of known customers between 2030-01-01 and 2030-01-31: nothing to attribute');
    expect(empty.models).toEqual([]);
    const untouched = await runAttribution(store, { from: '2024-03-10', to: '2024-03-10' });
    expect(untouched.message).toMatch(/none of the 1 orders between 2024-03-10 and 2024-03-10 has a visit or store purchase in the 30 days/);
    await expect(runAttribution(store, { from: '2024-03-10', to: '2024-03-01' })).rejects.toThrow(/the range is empty: 2024-03-10 is after 2024-03-01/);
    const wide = await runAttribution(store, { from: '2024-03-10', to: '2024-03-10', lookbackDays: 60, models: ['last'] });
    expect(model(wide.models, 'last')).toMatchObject({ direct: { conversions: 1, revenue: 30 } });
  });
});

describe('runAttribution on a customer who orders twice', () => {
  it('credits a visit to the first order after it only: the second order’s journey starts after the first order', async () => {
    const twice = await openStore({ location: ':memory:', secret: '07'.repeat(32) });
    try {
      await twice.exec(`INSERT INTO sessions (session_key, visitor_id, started_at, ended_at, duration_s, events, pages, channel, computed_at) VALUES
        ${session('t1', 'c9', '2024-05-01 10:00:00', 'email')},
        ${session('t2', 'c9', '2024-05-03 10:00:00', 'social')},
        ${session('t3', 'c9', '2024-05-10 10:00:00', 'paid_search')}`);
      // o1 ends the visit of 05-03 (started before it); o2 on 05-10 follows the paid-search visit only.
      await twice.exec(`INSERT INTO orders (order_id, customer_id, ts, kind, revenue, currency, channel, country, source) VALUES
        ${order('o1', 'c9', '2024-05-03 10:04:00', 40, 'web')},
        ${order('o2', 'c9', '2024-05-10 10:04:00', 60, 'web')}`);
      const r = await runAttribution(twice, { models: ['first', 'linear'] });
      expect(r.journeys).toEqual({ converting: 2, nonConverting: 0, revenue: 100, withoutTouches: 0, meanTouches: 1.5 });
      // Without the reset, o2's first touch would be the e-mail of 05-01 and linear would give it a third of o2.
      expect(model(r.models, 'first')).toMatchObject({ email: { conversions: 1, revenue: 40 }, paid_search: { conversions: 1, revenue: 60 } });
      expect(model(r.models, 'linear')).toMatchObject({ email: { conversions: 0.5, revenue: 20 }, social: { conversions: 0.5, revenue: 20 }, paid_search: { conversions: 1, revenue: 60 } });
    } finally {
      await twice.close();
    }
  });
});
