import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/index.js';
import { KpiRangeError, kpis } from './kpis.js';

/**
 * KPIs on hand-made orders and visits, every value worked out by hand below. The period is
 * 2026-03-03..04; the previous period is 03-01..02.
 */
let store: Store;
beforeEach(async () => {
  store = await openStore({ location: ':memory:', secret: '07'.repeat(32) });
});
afterEach(async () => {
  await store.close();
});

async function order(id: string, customer: string | null, ts: string, revenue: number, channel: string, kind = 'order'): Promise<void> {
  await store.execute(`INSERT INTO orders (order_id, customer_id, ts, kind, revenue, currency, channel, source) VALUES (?, ?, ?::TIMESTAMP, ?, ?, 'EUR', ?, 'test')`,
    [id, customer, ts, kind, revenue, channel]);
}
let seq = 0;
async function visit(visitor: string, ts: string, orders: number): Promise<void> {
  seq++;
  await store.execute(`INSERT INTO sessions (session_key, visitor_id, started_at, ended_at, duration_s, events, pages, channel, orders, revenue, computed_at)
    VALUES (?, ?, ?::TIMESTAMP, ?::TIMESTAMP, 0, 1, 1, 'direct', ?, 0, now())`, [`s${String(seq)}`, visitor, ts, ts, orders]);
}

async function shop(): Promise<void> {
  await order('o6', 'C', '2026-02-10 10:00', 70, 'web'); // C's first order, before both periods
  await order('o1', 'A', '2026-03-01 10:00', 100, 'web'); // A new on 03-01
  await order('o7', 'C', '2026-03-02 10:00', 25, 'web'); // C returning on 03-02
  await order('o2', 'B', '2026-03-03 09:00', 50, 'in-store'); // B new on 03-03, in a shop
  await order('o3', 'A', '2026-03-03 12:00', 30, 'web'); // A returning
  await order('o4', 'A', '2026-03-04 12:00', 20, 'web'); // A returning
  await order('r1', 'A', '2026-03-04 13:00', -10, 'web', 'return');
  await order('o5', null, '2026-03-04 15:00', 40, 'in-store'); // a guest: an order, no customer
  await visit('v5', '2026-02-01 10:00', 0); // in the 30-day window of 03-01 and 03-02 only
  await visit('v1', '2026-03-01 10:00', 1);
  await visit('v4', '2026-03-02 10:00', 0);
  await visit('v1', '2026-03-03 10:00', 1);
  await visit('v2', '2026-03-03 11:00', 0);
  await visit('v1', '2026-03-03 18:00', 0);
  await visit('v3', '2026-03-04 09:00', 0);
  await visit('v1', '2026-03-04 12:00', 1);
}

describe('kpis', () => {
  it('gives each day and the same day of the previous period, worked out by hand', async () => {
    await shop();
    const r = await kpis(store, { from: '2026-03-03', to: '2026-03-04' });
    expect(r.period).toEqual({ from: '2026-03-03', to: '2026-03-04' });
    expect(r.previousPeriod).toEqual({ from: '2026-03-01', to: '2026-03-02' });
    expect(r.message).toBeNull();
    expect(r.days.map((d) => d.current)).toEqual([
      { date: '2026-03-03', revenue: 80, orders: 2, aov: 40, sessions: 3, convertedSessions: 1, conversionRate: 1 / 3,
        newCustomers: 1, returningCustomers: 1, dau: 2, wau: 3, mau: 3, stickiness: 2 / 3 },
      // 20 − 10 returned + 40 from a guest; AOV over the two orders' 60.
      { date: '2026-03-04', revenue: 50, orders: 2, aov: 30, sessions: 2, convertedSessions: 1, conversionRate: 0.5,
        newCustomers: 0, returningCustomers: 1, dau: 2, wau: 4, mau: 4, stickiness: 0.5 },
    ]);
    expect(r.days.map((d) => d.previous)).toEqual([
      { date: '2026-03-01', revenue: 100, orders: 1, aov: 100, sessions: 1, convertedSessions: 1, conversionRate: 1,
        newCustomers: 1, returningCustomers: 0, dau: 1, wau: 1, mau: 2, stickiness: 0.5 },
      { date: '2026-03-02', revenue: 25, orders: 1, aov: 25, sessions: 1, convertedSessions: 0, conversionRate: 0,
        newCustomers: 0, returningCustomers: 1, dau: 1, wau: 2, mau: 3, stickiness: 1 / 3 },
    ]);
    expect(r.totals).toEqual({
      revenue: 130, orders: 4, aov: 35, sessions: 5, convertedSessions: 2, conversionRate: 0.4, newCustomers: 1, returningCustomers: 2,
      // A (three orders by 03-04) repeats, B does not.
      customers: 2, repeatPurchaseRate: 0.5, dau: 2, mau: 3.5, stickiness: 2 / 3.5,
    });
    expect(r.previousTotals).toMatchObject({
      revenue: 125, orders: 2, aov: 62.5, sessions: 2, conversionRate: 0.5,
      // By 03-02 A has one order, C two.
      customers: 2, repeatPurchaseRate: 0.5, dau: 1, mau: 2.5, stickiness: 0.4,
    });
    expect(r.change.revenue).toBeCloseTo(0.04, 12);
    expect(r.change.orders).toBe(1);
    expect(r.change.repeatPurchaseRate).toBe(0);
  });

  it('defaults to the 30 days ending on the last day with data', async () => {
    await shop();
    const r = await kpis(store);
    expect(r.period).toEqual({ from: '2026-02-03', to: '2026-03-04' });
    expect(r.days).toHaveLength(30);
    expect(r.totals.orders).toBe(7); // every order: the first, o6, is on 02-10
  });

  it('answers a range with no data with zeros, null ratios and a message, never NaN', async () => {
    expect((await kpis(store)).message).toMatch(/the store has no events or orders yet/);
    await shop();
    const r = await kpis(store, { from: '2027-01-01', to: '2027-01-03' });
    expect(r.days.map((d) => [d.current.orders, d.current.aov, d.current.conversionRate, d.current.stickiness])).toEqual([
      [0, null, null, null], [0, null, null, null], [0, null, null, null],
    ]);
    expect(r.totals.repeatPurchaseRate).toBeNull();
    expect(r.message).toBe('no orders or visits from 2027-01-01 to 2027-01-03; the store has data from 2026-02-10 to 2026-03-04');
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it('refuses a range that ends before it starts, a date that does not exist, and a range too long', async () => {
    const backwards = kpis(store, { from: '2026-03-05', to: '2026-03-04' });
    await expect(backwards).rejects.toThrow(KpiRangeError);
    await expect(backwards).rejects.toThrow('from 2026-03-05 is after to 2026-03-04: the range would be empty');
    await expect(kpis(store, { from: '2026-02-30' })).rejects.toThrow(/from 2026-02-30 is not a date/);
    await expect(kpis(store, { from: '2000-01-01', to: '2026-01-01' })).rejects.toThrow(/more than 3660/);
  });
});
