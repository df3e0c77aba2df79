import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSessions } from '../../analytics/index.js';
import { openStore, type Store } from '../../store/index.js';
import { resolveIdentities } from './resolve.js';
import { splitCustomer } from './split.js';

/**
 * Visits built before the resolver moves their events must not keep the old visitor: the resolver
 * (and a split) forget them, and the next sessions build files the events again.
 */
let store: Store;
beforeEach(async () => {
  store = await openStore({ location: ':memory:', secret: '07'.repeat(32) });
});
afterEach(async () => {
  await store.close();
});

let seq = 0;
async function member(id: string, ids: [kind: string, value: string][]): Promise<void> {
  await store.execute("INSERT INTO customers (customer_id, first_seen, last_seen, traits, source) VALUES (?, '2026-01-01', '2026-01-01', '{}', 'test')", [id]);
  for (const [kind, value] of ids) {
    await store.execute("INSERT INTO identities (kind, value_hash, customer_id, source) VALUES (?, cairn_hmac(?), ?, 'test')", [kind, value, id]);
  }
}
async function event(customer: string | null, anonymous: string, at: string): Promise<void> {
  seq++;
  await store.execute(`INSERT INTO events (event_id, ts, received_at, type, name, anonymous_id, customer_id, source, context)
    VALUES (?, ?::TIMESTAMP, ?::TIMESTAMP, 'track', 'Product Viewed', ?, ?, 'test', '{}')`,
  [`e${String(seq)}`, `2026-01-02 ${at}`, `2026-01-02 ${at}`, anonymous, customer]);
}
const visits = () => store.query<{ visitor_id: string; events: number; started: string }>(
  "SELECT visitor_id, events, strftime(started_at, '%H:%M') AS started FROM sessions ORDER BY started_at, visitor_id");

describe('visits after identity changes', () => {
  it('an anonymous visit joins the customer\'s visit once the resolver attributes its cookie to them', async () => {
    await member('web1', [['user_id', 'u1'], ['anonymous_id', 'a1']]); // ingest files the login's cookie like this
    await event(null, 'a1', '10:00:00');
    await event(null, 'a1', '10:10:00');
    await event('web1', 'a1', '10:15:00'); // signs in on the same cookie
    // Built before the resolver ran: the cookie's visit and the customer's are two.
    await buildSessions(store);
    expect(await visits()).toEqual([{ visitor_id: 'a1', events: 2, started: '10:00' }, { visitor_id: 'web1', events: 1, started: '10:15' }]);
    const report = await resolveIdentities(store);
    expect(report.visitsForgotten).toBe(2);
    const rebuilt = await buildSessions(store);
    expect(rebuilt.eventsFiled).toBe(3);
    expect(await visits()).toEqual([{ visitor_id: 'web1', events: 3, started: '10:00' }]);
    // Nothing moved on a second run: no visit forgotten.
    expect((await resolveIdentities(store)).visitsForgotten).toBe(0);
  });

  it('a split parts the visits of the two people again', async () => {
    await member('web1', [['user_id', 'u1'], ['email', 'ann@example.com']]);
    await member('crm1', [['crm_id', 'C1'], ['email', 'ann@example.com']]);
    await event('web1', 'a1', '10:00:00');
    await event('crm1', 'a2', '10:05:00');
    await resolveIdentities(store);
    await buildSessions(store);
    expect(await visits()).toEqual([{ visitor_id: 'crm1', events: 2, started: '10:00' }]);
    await splitCustomer(store, { members: ['web1'] });
    await buildSessions(store);
    expect(await visits()).toEqual([{ visitor_id: 'web1', events: 1, started: '10:00' }, { visitor_id: 'crm1', events: 1, started: '10:05' }]);
  });
});
