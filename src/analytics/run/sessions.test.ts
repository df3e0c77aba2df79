import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/index.js';
import { buildSessions } from './sessions.js';

/**
 * Sessionisation on hand-made events whose visits are worked out by hand in each test. Times are
 * UTC on 2026-03-02; `page` events carry context.page like analytics.js, `track` events carry
 * only what the test gives them.
 */
let store: Store;
beforeEach(async () => {
  store = await openStore({ location: ':memory:', secret: '07'.repeat(32) });
});
afterEach(async () => {
  await store.close();
});

const SHOP = 'https://shop.example';
let seq = 0;
interface Ev {
  at: string;
  anon?: string;
  customer?: string;
  sid?: string;
  type?: string;
  name?: string;
  path?: string;
  referrer?: string;
  campaign?: { source: string; medium: string; name: string };
  device?: string;
  channel?: string;
  properties?: Record<string, unknown>;
}
async function event(e: Ev): Promise<string> {
  seq++;
  const id = `e${String(seq).padStart(3, '0')}`;
  const type = e.type ?? (e.path ? 'page' : 'track');
  const page = e.path ? { path: e.path, url: `${SHOP}${e.path}`, referrer: e.referrer ?? '' } : undefined;
  const context = { ...(page ? { page } : {}), ...(e.campaign ? { campaign: e.campaign } : {}), device: { type: e.device ?? 'desktop' }, os: { name: 'Linux' } };
  const properties = e.properties ?? (page ? { path: page.path, url: page.url, referrer: page.referrer } : {});
  await store.execute(`INSERT INTO events (event_id, ts, received_at, type, name, anonymous_id, customer_id, session_id, source, channel, properties, context)
    VALUES (?, ?::TIMESTAMP, ?::TIMESTAMP, ?, ?, ?, ?, ?, 'test', ?, ?, ?)`,
  [id, `2026-03-02 ${e.at}`, `2026-03-02 ${e.at}`, type, e.name ?? (type === 'page' ? 'Page' : 'Product Viewed'), e.anon ?? null, e.customer ?? null,
    e.sid ?? null, e.channel ?? 'web', JSON.stringify(properties), JSON.stringify(context)]);
  return id;
}
const order = (at: string, who: Partial<Ev>, orderId: string, revenue: number) =>
  event({ ...who, at, name: 'Order Completed', properties: { order_id: orderId, revenue, currency: 'EUR' } });

type SessionRow = {
  session_key: string; visitor_id: string; sdk_session_id: string | null; started: string; ended: string; duration_s: number;
  events: number; pages: number; entry_page: string | null; exit_page: string | null; channel: string; source: string | null;
  medium: string | null; campaign: string | null; referrer_domain: string | null; orders: number; revenue: number; device_type: string | null;
};
const sessions = () => store.query<SessionRow>(`SELECT * EXCLUDE (computed_at, started_at, ended_at),
  strftime(started_at, '%H:%M:%S.%g') AS started, strftime(ended_at, '%H:%M:%S.%g') AS ended FROM sessions ORDER BY started_at, session_key`);
const keysOfEvents = async () => (await store.query<{ event_id: string; session_key: string | null }>('SELECT event_id, session_key FROM events ORDER BY event_id'))
  .map((r) => r.session_key);

describe('buildSessions', () => {
  it('cuts a visitor\'s events without SDK session id at 30 minutes of inactivity: 29:59.999 continues, 30:00 starts a new visit', async () => {
    const a = { anon: 'a1' };
    await event({ ...a, at: '10:00:00', path: '/', referrer: 'https://www.google.de/search' });
    await event({ ...a, at: '10:29:59.999', path: '/p/1' }); // 29:59.999 after → same visit
    await event({ ...a, at: '10:59:59.999', path: '/p/2' }); // exactly 30:00 after → new visit
    await event({ ...a, at: '11:10:00', path: '/cart' });
    const report = await buildSessions(store);
    expect(report).toMatchObject({ eventsFiled: 4, sessionsWritten: 2, sessionsReopened: 0, sessionsTotal: 2 });
    const s = await sessions();
    expect(s.map((r) => [r.started, r.ended, r.events, r.pages, r.entry_page, r.exit_page, r.duration_s])).toEqual([
      ['10:00:00.000', '10:29:59.999', 2, 2, '/', '/p/1', 1799.999],
      ['10:59:59.999', '11:10:00.000', 2, 2, '/p/2', '/cart', 600.001],
    ]);
    // The first came from Google; the second landed from the shop's own page (no referrer): direct.
    expect(s.map((r) => [r.channel, r.referrer_domain])).toEqual([['organic_search', 'www.google.de'], ['direct', null]]);
    const keys = await keysOfEvents();
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).toBe(keys[3]);
    expect(keys[0]).not.toBe(keys[2]);
  });

  it('keeps an SDK session id together over a long pause and apart from an overlapping one', async () => {
    const b = { anon: 'b1' };
    await event({ ...b, sid: 'S1', at: '12:00:00', path: '/', campaign: { source: 'newsletter', medium: 'email', name: 'w10' } });
    await event({ ...b, sid: 'S2', at: '12:10:00', path: '/p/9', referrer: 'https://www.idealo.de/x' });
    await event({ ...b, sid: 'S1', at: '13:30:00', path: '/p/1' }); // 90 min later, same SDK session
    await buildSessions(store);
    const s = await sessions();
    expect(s.map((r) => [r.sdk_session_id, r.started, r.ended, r.events, r.channel, r.source, r.medium, r.campaign])).toEqual([
      ['S1', '12:00:00.000', '13:30:00.000', 2, 'email', 'newsletter', 'email', 'w10'],
      ['S2', '12:10:00.000', '12:10:00.000', 1, 'referral', null, null, null],
    ]);
  });

  it('counts a visit\'s orders and revenue, takes its device, and files anonymous ids of one visitor together', async () => {
    await store.exec(`INSERT INTO identity_anonymous (anonymous_id, anonymous_hash, customer_id, visitor_id, reason) VALUES ('c1', 'h1', NULL, 'v1', 'not identified'), ('c2', 'h2', NULL, 'v1', 'not identified')`);
    await event({ anon: 'c1', at: '09:00:00', path: '/p/3', device: 'mobile', campaign: { source: 'google', medium: 'cpc', name: 'brand' }, referrer: 'https://www.google.com/' });
    await event({ anon: 'c2', at: '09:10:00', path: '/checkout', device: 'mobile' }); // another cookie, same visitor, 10 min later
    await order('09:11:00', { anon: 'c2' }, 'O1', 50);
    await order('09:12:00', { anon: 'c2' }, 'O2', 25.5);
    await buildSessions(store);
    const s = await sessions();
    expect(s.map((r) => [r.visitor_id, r.events, r.pages, r.orders, r.revenue, r.channel, r.device_type, r.exit_page])).toEqual([
      ['v1', 4, 2, 2, 75.5, 'paid_search', 'mobile', '/checkout'],
    ]);
  });

  it('re-opens the last visit when new events continue it, and builds the same visits as a rebuild', async () => {
    const a = { anon: 'a1' };
    await event({ ...a, at: '10:00:00', path: '/' });
    await event({ ...a, at: '10:20:00', path: '/p/1' });
    await event({ anon: 'x', at: '10:05:00', path: '/' });
    await buildSessions(store);
    const before = await sessions();
    expect(before.map((r) => r.ended)).toEqual(['10:20:00.000', '10:05:00.000']);

    await event({ ...a, at: '10:45:00', path: '/p/2' }); // 25 min after the last: continues
    await event({ ...a, at: '12:00:00', path: '/p/3' }); // 75 min later: a new visit
    const report = await buildSessions(store);
    expect(report).toMatchObject({ sessionsReopened: 1, sessionsWritten: 2, sessionsTotal: 3, eventsFiled: 4 });
    const after = await sessions();
    expect(after.map((r) => [r.started, r.ended, r.events])).toEqual([
      ['10:00:00.000', '10:45:00.000', 3], ['10:05:00.000', '10:05:00.000', 1], ['12:00:00.000', '12:00:00.000', 1],
    ]);
    // The continued visit keeps its key; the visitor x's visit was not touched.
    expect(after[0]?.session_key).toBe(before[0]?.session_key);

    const keys = await keysOfEvents();
    const incremental = after.map(({ session_key: _k, ...rest }) => rest);
    await buildSessions(store, { rebuild: true });
    expect((await sessions()).map(({ session_key: _k, ...rest }) => rest)).toEqual(incremental);
    expect(await keysOfEvents()).toEqual(keys);
  });

  it('re-opens the SDK session a late event belongs to, and rebuilds from a date', async () => {
    await event({ anon: 'b1', sid: 'S1', at: '12:00:00', path: '/' });
    await buildSessions(store);
    await event({ anon: 'b1', sid: 'S1', at: '11:50:00', path: '/early', referrer: 'https://l.instagram.com/' }); // arrives late, is earlier
    const report = await buildSessions(store);
    expect(report.sessionsReopened).toBe(1);
    expect((await sessions()).map((r) => [r.started, r.entry_page, r.channel, r.events])).toEqual([['11:50:00.000', '/early', 'social', 2]]);
    const since = await buildSessions(store, { since: '2026-03-02 11:00:00' });
    expect(since).toMatchObject({ sessionsWritten: 1, sessionsTotal: 1, eventsFiled: 2 });
  });

  it('does nothing on an empty store or when every event is filed', async () => {
    expect(await buildSessions(store)).toMatchObject({ eventsFiled: 0, sessionsWritten: 0, sessionsTotal: 0 });
    await event({ anon: 'a', at: '10:00:00', path: '/' });
    await buildSessions(store);
    expect(await buildSessions(store)).toMatchObject({ eventsFiled: 0, sessionsWritten: 0, sessionsReopened: 0, sessionsTotal: 1 });
  });
});
