import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEvents, addOrders, emptyStore, type HandEvent, type Store } from '../../test/journey-events.js';
import { cartAbandonment, parseWindow } from './carts.js';
import { buildSessions } from './run/sessions.js';

const DESKTOP = { device: { type: 'desktop' } };
const MOBILE = { device: { type: 'mobile' } };
const TABLET = { device: { type: 'tablet' } };
const EMAIL = { campaign: { source: 'newsletter', medium: 'email' } };

interface Who { customer?: string; anon: string; session: string; context: Record<string, unknown> }
const add = (w: Who, at: string, product: string, price: number, quantity = 1): HandEvent =>
  ({ at, name: 'Product Added', anon: w.anon, session: w.session, context: w.context, properties: { product_id: product, price, quantity, currency: 'EUR' }, ...(w.customer ? { customer: w.customer } : {}) });
const remove = (w: Who, at: string, product: string, price: number): HandEvent =>
  ({ ...add(w, at, product, price), name: 'Product Removed' });

const a1 = { customer: 'cA', anon: 'anA', session: 'sA1', context: DESKTOP };
const a2 = { customer: 'cA', anon: 'anA', session: 'sA2', context: { ...MOBILE, ...EMAIL } };
const b1 = { anon: 'anB', session: 'sB1', context: MOBILE };
const b2 = { anon: 'anB', session: 'sB2', context: { ...MOBILE, ...EMAIL } };
// C adds while anonymous; the identity resolver filed anC under customer cC, who orders.
const c1 = { anon: 'anC', session: 'sC1', context: DESKTOP };
const d1 = { customer: 'cD', anon: 'anD', session: 'sD1', context: TABLET };
const d2 = { customer: 'cD', anon: 'anD', session: 'sD2', context: DESKTOP };
const e1 = { anon: 'anE', session: 'sE1', context: DESKTOP };
const f1 = { anon: 'anF', session: 'sF1', context: DESKTOP };

/**
 * Nine carts, worked out by hand (window 24 h, recovery 7 days):
 *   A1 03-02 desktop direct   P1 + 2×P2, ordered 15 min later                      converted
 *   A2 03-03 mobile  email    P3 15 €; no order in 24 h; A orders P3 on 03-06      abandoned 15, recovered
 *   B1 03-02 mobile  direct   P1 added and removed again                           emptied
 *   B2 03-04 mobile  email    P4 50 € + 2×P5 5 €, never ordered                    abandoned 60
 *   C1 03-03 desktop direct   P6 as anonymous anC, ordered by cC (anC's customer)  converted
 *   D1 03-02 tablet  direct   P7 8 €; the next add is 25 h later: a new cart        abandoned 8, recovered by D's 03-03 order of P7
 *   D2 03-03 desktop direct   P7 again, ordered 1 h later                           converted
 *   E1 03-06 desktop direct   added at the store's last event: the window is open  open
 *   F1 03-04 desktop direct   a guest's Order Completed event (no customer)         converted
 * Rate 3 abandoned / 7 decided = 0.4286; 83 € left; 2 of 3 recovered.
 */
const EVENTS: HandEvent[] = [
  add(a1, '2026-03-02 10:00:00', 'P1', 10), add(a1, '2026-03-02 10:05:00', 'P2', 20, 2),
  add(a2, '2026-03-03 09:00:00', 'P3', 15),
  add(b1, '2026-03-02 12:00:00', 'P1', 10), remove(b1, '2026-03-02 12:10:00', 'P1', 10),
  add(b2, '2026-03-04 08:00:00', 'P4', 50), add(b2, '2026-03-04 09:00:00', 'P5', 5, 2),
  add(c1, '2026-03-03 10:00:00', 'P6', 30),
  add(d1, '2026-03-02 10:00:00', 'P7', 8), add(d2, '2026-03-03 11:00:00', 'P7', 8),
  add(f1, '2026-03-04 10:00:00', 'P8', 12),
  { at: '2026-03-04 10:30:00', name: 'Order Completed', anon: 'anF', session: 'sF1', context: DESKTOP, properties: { order_id: 'g1', products: [{ product_id: 'P8', price: 12 }] } },
  add(e1, '2026-03-06 20:00:00', 'P9', 99),
];

describe('cart abandonment on a hand-made event set', () => {
  let store: Store;
  beforeAll(async () => {
    store = await emptyStore();
    await addEvents(store, EVENTS);
    await addOrders(store, [
      { id: 'o1', customer: 'cA', at: '2026-03-02 10:20:00', items: [{ product: 'P1', price: 10 }, { product: 'P2', price: 20, quantity: 2 }] },
      { id: 'o2', customer: 'cA', at: '2026-03-06 12:00:00', items: [{ product: 'P3', price: 15 }] },
      { id: 'o3', customer: 'cC', at: '2026-03-03 18:00:00', items: [{ product: 'P6', price: 30 }] },
      { id: 'o4', customer: 'cD', at: '2026-03-03 12:00:00', items: [{ product: 'P7', price: 8 }] },
    ]);
    await store.execute(`INSERT INTO identity_anonymous (anonymous_id, anonymous_hash, customer_id, visitor_id) VALUES ('anC', 'hC', 'cC', 'cC'), ('anA', 'hA', 'cA', 'cA'), ('anD', 'hD', 'cD', 'cD')`);
  });
  afterAll(async () => store.close());

  it('counts converted, abandoned, emptied and open carts, the value left and the recoveries', async () => {
    const r = await cartAbandonment(store);
    expect(r).toMatchObject({
      carts: 9, converted: 4, abandoned: 3, emptied: 1, open: 1, abandonmentRate: 0.4286,
      valueLeft: { EUR: 83 }, recovered: 2, recoveryRate: 0.6667, withinHours: 24, recoveryDays: 7, by: null, groups: [], message: null,
    });
  });

  it('by day the cart was started', async () => {
    const r = await cartAbandonment(store, { by: 'day' });
    expect(r.groups.map((g) => [g.key, g.carts, g.converted, g.abandoned, g.emptied, g.open, g.abandonmentRate, g.valueLeft, g.recovered, g.recoveryRate])).toEqual([
      ['2026-03-02', 3, 1, 1, 1, 0, 0.5, { EUR: 8 }, 1, 1],
      ['2026-03-03', 3, 2, 1, 0, 0, 0.3333, { EUR: 15 }, 1, 1],
      ['2026-03-04', 2, 1, 1, 0, 0, 0.5, { EUR: 60 }, 0, 0],
      ['2026-03-06', 1, 0, 0, 0, 1, null, {}, 0, null],
    ]);
  });

  it('by device and by channel of the visit of the first add', async () => {
    const device = await cartAbandonment(store, { by: 'device' });
    expect(device.groups.map((g) => [g.key, g.carts, g.converted, g.abandoned, g.abandonmentRate, g.valueLeft])).toEqual([
      ['desktop', 5, 4, 0, 0, {}],
      ['mobile', 3, 0, 2, 1, { EUR: 75 }],
      ['tablet', 1, 0, 1, 1, { EUR: 8 }],
    ]);
    const channel = await cartAbandonment(store, { by: 'channel' });
    expect(channel.groups.map((g) => [g.key, g.carts, g.converted, g.abandoned, g.abandonmentRate])).toEqual([
      ['direct', 7, 4, 1, 0.2],
      ['email', 2, 0, 2, 1],
    ]);
  });

  it('a shorter window: C1 (ordered 8 h later) is abandoned and then recovered; D2 (1 h) still converts', async () => {
    const r = await cartAbandonment(store, { withinMs: parseWindow('1h')! });
    expect(r).toMatchObject({ carts: 9, converted: 3, abandoned: 4, recovered: 3, withinHours: 1, valueLeft: { EUR: 113 } });
  });

  it('a date range counts the carts started inside it', async () => {
    const r = await cartAbandonment(store, { since: '2026-03-03', until: '2026-03-04' });
    expect(r).toMatchObject({ carts: 3, converted: 2, abandoned: 1 });
  });

  it('bad input is an empty result with a message, never NaN', async () => {
    const zero = await cartAbandonment(store, { withinMs: 0 });
    expect(zero).toMatchObject({ carts: 0, abandonmentRate: null, message: expect.stringContaining('window is 0') });
    expect((await cartAbandonment(store, { since: '2026-03-05', until: '2026-03-05' })).message).toContain('empty');
    expect((await cartAbandonment(store, { since: '2027-01-01' })).message).toContain('no cart was started');
    const none = await emptyStore();
    expect((await cartAbandonment(none, { by: 'day' })).message).toContain('no Product Added');
    await none.close();
    expect(JSON.stringify(zero)).not.toContain('NaN');
  });

  it('once the visits are built, reads device and channel from them, with the same answers', async () => {
    const before = await Promise.all((['device', 'channel', 'day'] as const).map((by) => cartAbandonment(store, { by })));
    await buildSessions(store);
    const [n] = await store.query<{ n: number }>('SELECT count(*) AS n FROM events WHERE session_key IS NULL');
    expect(n?.n).toBe(0);
    const after = await Promise.all((['device', 'channel', 'day'] as const).map((by) => cartAbandonment(store, { by })));
    expect(after).toEqual(before);
  });

  it('reads windows as d, h and m', () => {
    expect(parseWindow('24h')).toBe(86_400_000);
    expect(parseWindow('1d12h')).toBe(129_600_000);
    expect(parseWindow('90m')).toBe(5_400_000);
    expect(parseWindow('0h')).toBe(0);
    expect(parseWindow('soon')).toBeNull();
    expect(parseWindow('')).toBeNull();
  });
});
