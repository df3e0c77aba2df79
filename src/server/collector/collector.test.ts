import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basicAuth, collectorApp, type CollectorApp } from '../../../test/collector-app.js';
import type { LiveEvent } from '../deps.js';

let c: CollectorApp;
afterEach(async () => c.close());

const at = '2024-05-01T10:00:00.000Z';
const track = (id: string, extra: object = {}) => ({ type: 'track', messageId: id, anonymousId: 'anon-1', event: 'Product Viewed', properties: { sku: 'SKU-1', price: 12.5 }, timestamp: at, ...extra });

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return c.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', authorization: basicAuth(c.writeKey), ...headers },
    payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
}

async function count(sql: string): Promise<number> {
  const rows = await c.deps.store.query<{ n: number }>(sql);
  return rows[0]?.n ?? 0;
}

describe('collector: accepting events', () => {
  beforeEach(async () => {
    c = await collectorApp();
  });

  it('takes a batch, says how many were accepted and quarantined, and the loader stores them like an import', async () => {
    const live: LiveEvent[] = [];
    c.deps.live.subscribe((events) => live.push(...events));
    const batch = [
      track('m-1'),
      { type: 'identify', messageId: 'm-2', userId: 'u-1', traits: { email: 'ada@example.org', plan: 'pro' }, timestamp: at },
      { type: 'page', messageId: 'm-3', anonymousId: 'anon-1', name: 'Home', properties: { path: '/' } },
      { type: 'track', messageId: 'm-4', anonymousId: 'anon-1', timestamp: at },
      { type: 'alias', messageId: 'm-5', userId: 'u-1', previousId: 'anon-1', timestamp: at },
    ];
    const r = await post('/v1/batch', { batch, sentAt: at });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ success: true, accepted: 4, quarantined: 1, rejected: [{ index: 3, reason: 'missing event name', detail: 'track message without event' }] });

    expect(await c.loader.loadOnce(true)).toBe(true);
    const rows = await c.deps.store.query<{ event_id: string; type: string; name: string | null; user_id: string | null; properties: string | null; received_at: string }>(
      'SELECT event_id, type, name, user_id, properties::VARCHAR AS properties, received_at FROM events ORDER BY event_id',
    );
    expect(rows.map((e) => [e.event_id, e.type, e.name])).toEqual([['m-1', 'track', 'Product Viewed'], ['m-2', 'identify', null], ['m-3', 'page', 'Home'], ['m-5', 'alias', null]]);
    expect(JSON.parse(rows[0]!.properties!)).toEqual({ sku: 'SKU-1', price: 12.5 });
    // The page came without a timestamp: Segment's API takes the time it was received.
    expect(await count(`SELECT count(*) AS n FROM events WHERE event_id = 'm-3' AND ts = received_at`)).toBe(1);
    expect(await c.deps.store.query('SELECT reason FROM quarantine')).toEqual([{ reason: 'missing event name' }]);
    // Identifying traits went to the vault and identities, not to the events.
    expect(await count(`SELECT count(*) AS n FROM pii_vault`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM identities WHERE kind = 'email'`)).toBe(1);
    expect(live.map((e) => e.eventId).sort()).toEqual(['m-1', 'm-2', 'm-3', 'm-5']);
    // The loader resolved who anon-1 is (the alias) and then filed the events under visits of that customer.
    expect(await c.deps.store.query('SELECT e.customer_id = s.visitor_id AS same, count(*)::INTEGER AS n FROM events e JOIN sessions s USING (session_key) GROUP BY ALL'))
      .toEqual([{ same: true, n: 4 }]);
    // Two visits: the page came without a timestamp, so it is stamped now, years after the rest.
    expect(await count('SELECT count(*) AS n FROM sessions')).toBe(2);
    // The log segments are gone once loaded.
    expect(c.wal.backlog.events).toBe(0);
  });

  it('adds nothing for a retried batch (messageId is the idempotency key)', async () => {
    const body = { batch: [track('r-1'), track('r-2')] };
    expect((await post('/v1/batch', body)).statusCode).toBe(200);
    await c.loader.loadOnce(true);
    expect((await post('/v1/batch', body)).statusCode).toBe(200);
    await c.loader.loadOnce(true);
    expect(await count('SELECT count(*) AS n FROM events')).toBe(2);
    // A message without messageId gets one from its content: its retry is recognised too.
    const noId = { type: 'track', anonymousId: 'a-9', event: 'Clicked', timestamp: at };
    await post('/v1/track', noId);
    await post('/v1/track', noId);
    await c.loader.loadOnce(true);
    expect(await count(`SELECT count(*) AS n FROM events WHERE name = 'Clicked'`)).toBe(1);
  });

  it('takes the single-message routes with their type, the key in the body, gzip and text/plain', async () => {
    expect((await post('/v1/track', { messageId: 's-1', userId: 'u-2', event: 'Signed Up', timestamp: at })).statusCode).toBe(200);
    expect((await post('/v1/identify', { messageId: 's-2', userId: 'u-2', traits: { plan: 'free' }, timestamp: at })).statusCode).toBe(200);
    expect((await post('/v1/page', { messageId: 's-3', anonymousId: 'a-2', name: 'Pricing', timestamp: at })).statusCode).toBe(200);
    expect((await post('/v1/screen', { messageId: 's-4', anonymousId: 'a-2', name: 'Cart', timestamp: at })).statusCode).toBe(200);
    expect((await post('/v1/group', { messageId: 's-5', userId: 'u-2', groupId: 'g-1', timestamp: at })).statusCode).toBe(200);
    expect((await post('/v1/alias', { messageId: 's-6', userId: 'u-2', previousId: 'a-2', timestamp: at })).statusCode).toBe(200);
    const inBody = await c.app.inject({ method: 'POST', url: '/v1/track', headers: { 'content-type': 'application/json' }, payload: { writeKey: c.writeKey, messageId: 's-7', anonymousId: 'a-3', event: 'Body Key', timestamp: at } });
    expect(inBody.statusCode, inBody.body).toBe(200);
    const gz = await post('/v1/batch', gzipSync(JSON.stringify({ batch: [track('s-8')] })), { 'content-encoding': 'gzip' });
    expect(gz.statusCode, gz.body).toBe(200);
    const text = await post('/v1/batch', JSON.stringify({ batch: [track('s-9')] }), { 'content-type': 'text/plain;charset=UTF-8' });
    expect(text.statusCode, text.body).toBe(200);
    // analytics.js's paths: one letter, the key in a text/plain body.
    const short = await c.app.inject({ method: 'POST', url: '/v1/p', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify({ writeKey: c.writeKey, messageId: 's-99', anonymousId: 'a-4', name: 'Short', timestamp: at }) });
    expect(short.statusCode, short.body).toBe(200);
    await c.loader.loadOnce(true);
    expect(await count(`SELECT count(*) AS n FROM events WHERE event_id = 's-99' AND type = 'page'`)).toBe(1);
    await c.deps.store.execute(`DELETE FROM events WHERE event_id = 's-99'`);
    const rows = await c.deps.store.query<{ event_id: string; type: string }>(`SELECT event_id, type FROM events ORDER BY event_id`);
    expect(rows).toEqual([
      { event_id: 's-1', type: 'track' }, { event_id: 's-2', type: 'identify' }, { event_id: 's-3', type: 'page' }, { event_id: 's-4', type: 'screen' },
      { event_id: 's-5', type: 'group' }, { event_id: 's-6', type: 'alias' }, { event_id: 's-7', type: 'track' }, { event_id: 's-8', type: 'track' }, { event_id: 's-9', type: 'track' },
    ]);
    // The write key never reaches the log or the store.
    expect(await count(`SELECT count(*) AS n FROM events WHERE contains(coalesce(properties::VARCHAR, '') || coalesce(context::VARCHAR, ''), '${c.writeKey}')`)).toBe(0);
  });

  it('keeps events in the log while the store fails, and loads them once it works again', async () => {
    expect((await post('/v1/batch', { batch: [track('x-1'), track('x-2')] })).statusCode).toBe(200);
    await c.deps.store.exec('ALTER TABLE events RENAME TO events_away');
    await expect(c.loader.loadOnce(true)).rejects.toThrow(/import failed/);
    expect(c.wal.backlog.events).toBe(2);
    await c.deps.store.exec('ALTER TABLE events_away RENAME TO events');
    expect(await c.loader.loadOnce(true)).toBe(true);
    expect(await count(`SELECT count(*) AS n FROM events WHERE event_id IN ('x-1', 'x-2')`)).toBe(2);
    expect(c.wal.backlog.events).toBe(0);
  });

  it('answers the operations routes, and logs no personal data', async () => {
    await post('/v1/identify', { messageId: 'p-1', userId: 'jo@example.org', traits: { email: 'jo@example.org', phone: '+44 20 7946 0958' }, timestamp: at });
    await c.app.inject({ method: 'POST', url: '/v1/track?email=jo%40example.org', headers: { 'content-type': 'application/json' }, payload: { userId: 'jo@example.org' } });
    expect((await c.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await c.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', store: 'ok', log: 'ok', backlog: { events: 1 } });
    await c.loader.loadOnce(true);
    const metrics = (await c.app.inject('/metrics')).body;
    expect(metrics).toMatch(/cairn_events_received_total\{source="test"\} 1/);
    expect(metrics).toMatch(/cairn_events_loaded_total 1/);
    expect(metrics).toMatch(/cairn_http_request_duration_seconds_bucket\{.*route="\/v1\/identify".*\}/);
    expect(metrics).toMatch(/cairn_log_lag_seconds 0/);
    const logged = c.logged();
    expect(logged).toMatch(/"route":"\/v1\/identify"/);
    expect(logged).not.toMatch(/example\.org|%40|7946|127\.0\.0\.1/);
  });
});

describe('collector: refusing bad requests', () => {
  beforeEach(async () => {
    c = await collectorApp();
  });

  const expectError = async (r: Awaited<ReturnType<typeof post>>, status: number, code: string, words: RegExp) => {
    expect(r.statusCode, r.body).toBe(status);
    const body = r.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(words);
  };

  it('needs a known write key', async () => {
    await expectError(await post('/v1/batch', { batch: [track('k-1')] }, { authorization: '' }), 401, 'missing_write_key', /write key/);
    const noHeader = await c.app.inject({ method: 'POST', url: '/v1/batch', headers: { 'content-type': 'application/json' }, payload: { batch: [] } });
    await expectError(noHeader, 401, 'missing_write_key', /cairn sources add/);
    await expectError(await post('/v1/batch', { batch: [] }, { authorization: basicAuth('cw_wrong') }), 401, 'invalid_write_key', /not known/);
    await expectError(await post('/v1/batch', { batch: [] }, { authorization: 'Bearer x' }), 401, 'invalid_write_key', /Basic auth/);
  });

  it('refuses bad JSON and wrong types with what to do', async () => {
    await expectError(await post('/v1/batch', '{"batch": ['), 400, 'bad_json', /not valid JSON/);
    await expectError(await post('/v1/batch', '[1, 2]'), 400, 'bad_request', /JSON object/);
    await expectError(await post('/v1/batch', { batch: { type: 'track' } }), 400, 'wrong_type', /"batch" must be an array/);
    await expectError(await post('/v1/batch', { events: [] }), 400, 'wrong_type', /not missing|missing/);
    await expectError(await post('/v1/batch', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type', /application\/json/);
    await expectError(await post('/v1/batch', Buffer.from('not gzip'), { 'content-encoding': 'gzip' }), 400, 'bad_gzip', /gzip/);
    await expectError(await post('/v1/batch', '{}', { 'content-encoding': 'br' }), 415, 'unsupported_encoding', /gzip/);
    // Wrong types inside a valid batch: those events go to the quarantine, the rest are taken.
    const r = await post('/v1/batch', { batch: [track('w-1'), track('w-2', { properties: 'not an object' }), track('w-3', { userId: { id: 1 } })] });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ accepted: 1, quarantined: 2, rejected: [{ index: 1, reason: 'wrong type', detail: 'properties is a JSON varchar, not an object' }, { index: 2, reason: 'wrong type' }] });
    await c.loader.loadOnce(true);
    expect(await count('SELECT count(*) AS n FROM events')).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM quarantine WHERE reason = 'wrong type'`)).toBe(2);
  });

  it('holds to the 500 KB batch and 32 KB event limits, naming them', async () => {
    const big = 'x'.repeat(20_000);
    const batch = Array.from({ length: 30 }, (_, i) => track(`b-${i}`, { properties: { big } }));
    await expectError(await post('/v1/batch', { batch }), 413, 'batch_too_large', /500 KB/);
    await expectError(await post('/v1/batch', { batch: [track('e-1'), track('e-2', { properties: { big: 'y'.repeat(40_000) } })] }), 400, 'event_too_large', /event 1 of the batch is 39\.\d KB.*32 KB/);
    await expectError(await post('/v1/track', track('e-3', { properties: { big: 'y'.repeat(40_000) } })), 413, 'event_too_large', /the event is .* 32 KB/);
    // A small gzip body that inflates past the limit is stopped too.
    await expectError(await post('/v1/batch', gzipSync(JSON.stringify({ batch: [{ pad: ' '.repeat(2_000_000) }] })), { 'content-encoding': 'gzip' }), 413, 'batch_too_large', /500 KB/);
    expect(c.wal.backlog.events).toBe(0);
  });

  it('answers 429 with Retry-After when the loader is behind', async () => {
    await c.close();
    c = await collectorApp({ backPressure: { maxBytes: 1 << 30, maxEvents: 2 } });
    expect((await post('/v1/batch', { batch: [track('q-1'), track('q-2'), track('q-3')] })).statusCode).toBe(200);
    const r = await post('/v1/batch', { batch: [track('q-4')] });
    await expectError(r, 429, 'busy', /Retry-After/);
    expect(r.headers['retry-after']).toBe('2');
    await c.loader.loadOnce(true);
    expect((await post('/v1/batch', { batch: [track('q-4')] })).statusCode).toBe(200);
  });

  it('never answers 200 when the log cannot be written (disk full)', async () => {
    await c.close();
    // The log's second segment is /dev/full: every write to it fails with ENOSPC.
    c = await collectorApp();
    symlinkSync('/dev/full', join(c.wal.location, 'seg-000000000002.jsonl'));
    expect((await post('/v1/batch', { batch: [track('f-1')] })).statusCode).toBe(200);
    await c.wal.rollIfDue(true);
    await expectError(await post('/v1/batch', { batch: [track('f-2')] }), 503, 'log_unavailable', /disk is full|cannot write/);
    await expectError(await post('/v1/batch', { batch: [track('f-3')] }), 503, 'log_unavailable', /send again/);
    expect((await c.app.inject('/readyz')).statusCode).toBe(503);
  });
});
