import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/index.js';
import { resolveIdentities } from './resolve.js';
import { splitCustomer } from './split.js';

/**
 * The resolver on a hand-built store, filed the way ingest files it: members in `customers`,
 * identifiers in `identities` (hashed with the store's own cairn_hmac), events and orders under
 * the member ingest gave them (NULL for an anonymous event).
 */
let store: Store;
beforeEach(async () => {
  store = await openStore({ location: ':memory:', secret: '07'.repeat(32) });
});
afterEach(async () => {
  await store.close();
});

let eventSeq = 0;
async function member(id: string, firstSeen: string, ids: [kind: string, value: string][]): Promise<void> {
  await store.execute(`INSERT INTO customers (customer_id, first_seen, last_seen, traits, source) VALUES (?, ?::TIMESTAMP, ?::TIMESTAMP, ?, 'test')`,
    [id, firstSeen, firstSeen, JSON.stringify({ from: id })]);
  for (const [kind, value] of ids) {
    await store.execute(`INSERT INTO identities (kind, value_hash, customer_id, source) VALUES (?, cairn_hmac(?), ?, 'test') ON CONFLICT DO NOTHING`, [kind, value, id]);
  }
}
async function event(customer: string | null, anonymous: string, device: string, ts = '2026-01-02 10:00:00'): Promise<void> {
  eventSeq++;
  await store.execute(`INSERT INTO events (event_id, ts, received_at, type, name, anonymous_id, customer_id, source, context)
    VALUES (?, ?::TIMESTAMP, ?::TIMESTAMP, 'track', 'Product Viewed', ?, ?, 'test', ?)`,
  [`e${String(eventSeq)}`, ts, ts, anonymous, customer, JSON.stringify({ device: { id: device } })]);
}
async function order(id: string, customer: string): Promise<void> {
  await store.execute(`INSERT INTO orders (order_id, customer_id, ts, revenue, currency, source) VALUES (?, ?, '2026-01-03'::TIMESTAMP, 10, 'EUR', 'test')`, [id, customer]);
}
const customerOf = async (table: 'events' | 'orders', key: string, id: string) =>
  (await store.query<{ c: string | null }>(`SELECT customer_id AS c FROM ${table} WHERE ${key} = ?`, [id]))[0]?.c;
/** Everything a split must restore: each customer row, and each event's and order's customer. */
const state = async () => ({
  customers: await store.query('SELECT customer_id, first_seen::VARCHAR AS f, last_seen::VARCHAR AS l, traits::VARCHAR AS t FROM customers ORDER BY ALL'),
  events: await store.query('SELECT event_id, customer_id FROM events ORDER BY ALL'),
  orders: await store.query('SELECT order_id, customer_id FROM orders ORDER BY ALL'),
});

describe('resolveIdentities', () => {
  it('joins a web account, its cookies and devices, its CRM record and till receipts into one customer', async () => {
    await member('web1', '2026-01-01', [['user_id', 'u1'], ['anonymous_id', 'a1'], ['email', 'ann@example.com']]);
    await member('crm1', '2025-06-01', [['crm_id', 'C1'], ['email', 'ann@example.com'], ['phone', '+4915100000001']]);
    await member('pos1', '2026-02-01', [['email', 'ann@example.com']]);
    await event('web1', 'a1', 'laptop');
    await event(null, 'a1', 'laptop');
    await event(null, 'a2', 'laptop'); // cookie cleared, same laptop, never logged in again
    await event(null, 'a9', 'phone-of-someone-else');
    await order('o1', 'pos1');
    const report = await resolveIdentities(store);
    // The oldest member's id stays: the CRM record's.
    expect(report.customers).toBe(1 + 0);
    expect(await customerOf('orders', 'order_id', 'o1')).toBe('crm1');
    const events = await store.query<{ anonymous_id: string; customer_id: string | null }>('SELECT anonymous_id, customer_id FROM events ORDER BY event_id');
    expect(events.map((e) => e.customer_id)).toEqual(['crm1', 'crm1', 'crm1', null]);
    const [c] = await store.query<{ first_seen: string; traits: string }>("SELECT first_seen::VARCHAR AS first_seen, traits::VARCHAR AS traits FROM customers WHERE customer_id = 'crm1'");
    expect(c?.first_seen).toBe('2025-06-01 00:00:00');
    expect(JSON.parse(c?.traits ?? '{}')).toEqual({ from: 'pos1' });
    const merges = await store.query<{ merged_id: string; reason: string }>('SELECT merged_id, reason FROM identity_merges ORDER BY merged_id');
    expect(merges).toEqual([{ merged_id: 'pos1', reason: 'shares email' }, { merged_id: 'web1', reason: 'shares email' }]);
    // A visitor that only a device links keeps one visitor id across its cookies.
    const anon = await store.query<{ anonymous_id: string; visitor_id: string }>('SELECT anonymous_id, visitor_id FROM identity_anonymous ORDER BY anonymous_id');
    expect(anon.find((a) => a.anonymous_id === 'a2')?.visitor_id).toBe('crm1');
    expect(anon.find((a) => a.anonymous_id === 'a9')?.visitor_id).toMatch(/^v_/);
  });

  it('never merges two accounts that shared a laptop, and attributes no anonymous event of the shared cookie to either', async () => {
    await member('alice', '2026-01-01', [['user_id', 'ua'], ['anonymous_id', 'family']]);
    await member('bob', '2026-01-01', [['user_id', 'ub'], ['anonymous_id', 'family']]);
    await event('alice', 'family', 'laptop');
    await event('bob', 'family', 'laptop');
    await event(null, 'family', 'laptop');
    const report = await resolveIdentities(store);
    expect(report.customers).toBe(2);
    expect(report.conflicts).toEqual({ 'anonymous_id: links different user ids': 1 });
    expect((await store.query('SELECT customer_id FROM events ORDER BY event_id')).map((r) => r['customer_id'])).toEqual(['alice', 'bob', null]);
    const conflicts = await store.query<{ kind: string; reason: string }>('SELECT kind, reason FROM identity_conflicts ORDER BY kind');
    expect(conflicts.map((c) => c.kind)).toEqual(['anonymous_id']);
  });

  it('is idempotent, and files a later import into the customer already resolved', async () => {
    await member('web1', '2026-01-01', [['user_id', 'u1'], ['email', 'e@x.org']]);
    await member('crm1', '2025-01-01', [['email', 'e@x.org']]);
    await resolveIdentities(store);
    const before = await state();
    const again = await resolveIdentities(store);
    expect(again.merges).toBe(0);
    expect(await state()).toEqual(before);
    // Ingest writes the member's own row again and a new event under the member.
    await store.execute(`INSERT INTO customers (customer_id, first_seen, last_seen, source) VALUES ('web1', '2026-03-01', '2026-03-05', 'test')`);
    await event('web1', 'a5', 'd5', '2026-03-05 12:00:00');
    await resolveIdentities(store);
    expect(await customerOf('events', 'anonymous_id', 'a5')).toBe('crm1');
    const rows = await store.query<{ customer_id: string; last_seen: string }>('SELECT customer_id, last_seen::VARCHAR AS last_seen FROM customers');
    expect(rows).toEqual([{ customer_id: 'crm1', last_seen: '2026-03-05 00:00:00' }]);
  });

  it('a split restores the exact state before the merge, and later runs do not merge again', async () => {
    await member('web1', '2026-01-01', [['user_id', 'u1'], ['anonymous_id', 'a1'], ['phone', '+491']]);
    await event('web1', 'a1', 'd1');
    await event(null, 'a1', 'd1');
    await order('o1', 'web1');
    await member('crm7', '2025-01-01', [['crm_id', 'C7']]);
    await order('o7', 'crm7');
    await resolveIdentities(store);
    const before = await state();
    // A CRM record with a shared phone arrives: a merge.
    await member('crm8', '2026-05-01', [['crm_id', 'C8'], ['phone', '+491']]);
    await order('o8', 'crm8');
    await resolveIdentities(store);
    const [merge] = await store.query<{ merge_id: number; customer_id: string }>("SELECT merge_id::INTEGER AS merge_id, customer_id FROM identity_merges WHERE action = 'merge'");
    expect(merge?.customer_id).toBe('web1');
    expect(await customerOf('orders', 'order_id', 'o8')).toBe('web1');
    const split = await splitCustomer(store, { mergeId: merge?.merge_id ?? -1, actor: 'test' });
    expect(split.restoredId).toBe('crm8');
    const after = await state();
    // Everything that existed before the merge is as it was; the new record is its own customer.
    expect(after.customers.filter((c) => c['customer_id'] !== 'crm8')).toEqual(before.customers);
    expect(after.events).toEqual(before.events);
    expect(after.orders.filter((o) => o['order_id'] !== 'o8')).toEqual(before.orders);
    expect(await customerOf('orders', 'order_id', 'o8')).toBe('crm8');
    const again = await resolveIdentities(store);
    expect(again.conflicts).toEqual({ 'phone: links people a user split': 1 });
    expect(await customerOf('orders', 'order_id', 'o8')).toBe('crm8');
    expect((await store.query("SELECT undone_by FROM identity_merges WHERE action = 'merge'"))[0]?.['undone_by']).toBe(split.splitId);
  });

  it('keeps every event with exactly one customer, and the customers table in step, under random links, merges and splits', async () => {
    let seed = 11;
    const rand = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * n);
    const members: string[] = [];
    for (let step = 0; step < 12; step++) {
      for (let k = 0; k < 3; k++) {
        const id = `m${String(members.length)}`;
        members.push(id);
        const ids: [string, string][] = [['email', `e${String(rand(6))}`]];
        if (rand(2) === 0) ids.push(['user_id', `u${String(rand(5))}`]);
        if (rand(2) === 0) ids.push(['phone', `p${String(rand(6))}`]);
        await member(id, `2026-01-${String(1 + rand(28)).padStart(2, '0')}`, ids);
        await event(id, `a${String(rand(8))}`, `d${String(rand(4))}`);
        await event(null, `a${String(rand(8))}`, `d${String(rand(4))}`);
      }
      await resolveIdentities(store);
      if (rand(3) === 0) {
        const merges = await store.query<{ merge_id: number }>("SELECT merge_id::INTEGER AS merge_id FROM identity_merges WHERE action = 'merge' AND undone_at IS NULL");
        const pick = merges[rand(Math.max(1, merges.length))];
        if (pick) await splitCustomer(store, { mergeId: pick.merge_id }).catch(() => undefined);
      }
      const bad = await store.query(`
        SELECT e.event_id FROM events e LEFT JOIN identity_members m ON m.member_id = e.member_id
        WHERE e.member_id <> '' AND e.customer_id IS DISTINCT FROM m.customer_id`);
      expect(bad).toEqual([]);
      const [sync] = await store.query<{ a: number; b: number; c: number }>(`
        SELECT (SELECT count(DISTINCT customer_id) FROM identity_members) AS a, (SELECT count(*) FROM customers) AS b,
          (SELECT count(*) FROM customers WHERE customer_id NOT IN (SELECT customer_id FROM identity_members)) AS c`);
      expect(sync?.a).toBe(sync?.b);
      expect(Number(sync?.c)).toBe(0);
      // Every customer id is the member id of one of its own members.
      const ownerless = await store.query(`
        SELECT DISTINCT customer_id FROM identity_members m WHERE NOT EXISTS (
          SELECT 1 FROM identity_members o WHERE o.member_id = m.customer_id AND o.customer_id = m.customer_id)`);
      expect(ownerless).toEqual([]);
      // No customer holds two different user ids.
      const twoUsers = await store.query(`
        SELECT m.customer_id FROM identity_members m JOIN identities i ON i.customer_id = m.member_id AND i.kind = 'user_id'
        GROUP BY m.customer_id HAVING count(DISTINCT i.value_hash) > 1`);
      expect(twoUsers).toEqual([]);
    }
  });
});
