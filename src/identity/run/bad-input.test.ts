import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/temp.js';
import { builtInSources, importFiles } from '../../ingest/index.js';
import { openStore, type Store } from '../../store/index.js';
import { resolveIdentities } from './resolve.js';

/**
 * Identity input that tracking code gets wrong, sent through the real Segment import and then the
 * resolver: nothing crashes, no two people are merged silently, and what was refused is in
 * identity_conflicts.
 */
const secret = randomBytes(32);
const { dir, cleanup } = tempDir('cairn-identity-bad-');
afterAll(cleanup);
let store: Store;
beforeEach(async () => {
  store = await openStore({ location: ':memory:', secret: secret.toString('hex') });
});
afterEach(async () => {
  await store.close();
});

let n = 0;
function msg(type: string, fields: Record<string, unknown>): Record<string, unknown> {
  n++;
  return { messageId: `m${String(n)}`, type, timestamp: `2026-03-01T10:${String(n % 60).padStart(2, '0')}:00Z`, context: { device: { id: 'dev-shared' } }, ...fields };
}
async function load(messages: Record<string, unknown>[]): Promise<void> {
  const file = join(dir, `batch-${String(n)}.jsonl`);
  writeFileSync(file, messages.map((m) => JSON.stringify(m)).join('\n') + '\n');
  await importFiles(store, { files: [file], source: builtInSources.get('segment')!, secret });
}
const customersOfUsers = async () =>
  (await store.query<{ user_id: string; customer_id: string }>("SELECT DISTINCT user_id, customer_id FROM events WHERE user_id IS NOT NULL ORDER BY user_id"));

describe('identity resolution on bad input', () => {
  it('two users identified on one browser (conflicting identify calls) stay two customers; the shared cookie is a conflict', async () => {
    await load([
      msg('identify', { userId: 'alice', anonymousId: 'cookie-1', traits: { email: 'alice@example.com' } }),
      msg('track', { event: 'Product Viewed', anonymousId: 'cookie-1' }),
      msg('identify', { userId: 'bob', anonymousId: 'cookie-1', traits: { email: 'bob@example.com' } }),
      msg('track', { event: 'Order Completed', userId: 'bob', anonymousId: 'cookie-1', properties: { order_id: 'o1', revenue: 5 } }),
    ]);
    const r = await resolveIdentities(store);
    const users = await customersOfUsers();
    expect(new Set(users.map((u) => u.customer_id)).size).toBe(2);
    expect(r.conflicts['anonymous_id: links different user ids']).toBe(1);
    const anonymous = await store.query<{ customer_id: string | null }>("SELECT customer_id FROM events WHERE user_id IS NULL AND name = 'Product Viewed'");
    expect(anonymous).toEqual([{ customer_id: null }]);
  });

  it('an alias loop (a → b, b → a) resolves without error into one customer', async () => {
    await load([
      msg('identify', { userId: 'a', anonymousId: 'c1' }),
      msg('identify', { userId: 'b', anonymousId: 'c2' }),
      msg('alias', { userId: 'b', previousId: 'a', anonymousId: 'c2' }),
      msg('alias', { userId: 'a', previousId: 'b', anonymousId: 'c1' }),
    ]);
    await resolveIdentities(store);
    await resolveIdentities(store);
    const users = await customersOfUsers();
    expect(users.map((u) => u.user_id)).toEqual(['a', 'b']);
    expect(new Set(users.map((u) => u.customer_id)).size).toBe(1);
    const [merges] = await store.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM identity_merges WHERE action = 'merge'");
    expect(merges?.n).toBe(1);
  });

  it('one e-mail given by three different user ids merges none of them, and is flagged', async () => {
    await load(['u1', 'u2', 'u3'].map((u, i) => msg('identify', { userId: u, anonymousId: `k${String(i)}`, traits: { email: 'test@test.com' } })));
    const r = await resolveIdentities(store);
    expect(new Set((await customersOfUsers()).map((u) => u.customer_id)).size).toBe(3);
    expect(r.conflicts['email: links different user ids']).toBe(1);
    const [c] = await store.query<{ kind: string; members: number }>("SELECT kind, members FROM identity_conflicts WHERE kind = 'email'");
    expect(c).toEqual({ kind: 'email', members: 3 });
  });

  it('one user id reused with two e-mails keeps one customer, and links each e-mail to it only', async () => {
    await load([
      msg('identify', { userId: 'u9', anonymousId: 'k9', traits: { email: 'first@example.com' } }),
      msg('identify', { userId: 'u9', anonymousId: 'k9', traits: { email: 'second@example.com' } }),
      msg('identify', { userId: 'u8', anonymousId: 'k8', traits: { email: 'second@example.com' } }),
    ]);
    const r = await resolveIdentities(store);
    expect(new Set((await customersOfUsers()).map((u) => u.customer_id)).size).toBe(2);
    expect(r.conflicts['email: links different user ids']).toBe(1);
  });

  it('empty, blank and malformed identifiers neither crash nor link anything', async () => {
    await load([
      msg('identify', { userId: 'x1', anonymousId: 'k1', traits: { email: '', phone: '   ' } }),
      msg('identify', { userId: 'x2', anonymousId: 'k2', traits: { email: 'not-an-email', phone: 'call me' } }),
      msg('identify', { userId: 'x3', anonymousId: 'k3', traits: { email: 'not-an-email', phone: 'call me' } }),
      msg('track', { event: 'Product Viewed', userId: '', anonymousId: 'k4' }),
    ]);
    const r = await resolveIdentities(store);
    expect(new Set((await customersOfUsers()).map((u) => u.customer_id)).size).toBe(3);
    expect(r.customers).toBe(3);
  });
});
