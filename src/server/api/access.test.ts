import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiApp, type ApiApp } from '../../../test/api-app.js';
import { createApiKey, revokeApiKey } from './index.js';

describe('API keys, roles and errors', () => {
  let api: ApiApp;
  beforeAll(async () => {
    api = await apiApp({ shop: true });
  }, 60_000);
  afterAll(async () => api.close());

  it('gives a viewer the summary, with the counts SQL gives', async () => {
    const res = await api.call('/api/summary', api.keys.viewer);
    expect(res.statusCode, res.body).toBe(200);
    const [sql] = await api.store.query<{ customers: number; events: number; orders: number; net: number }>(
      `SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM events) AS events,
         (SELECT count(*) FROM orders WHERE kind = 'order') AS orders,
         (SELECT sum(revenue)::DOUBLE FROM orders WHERE kind IN ('order', 'return') AND currency = 'EUR') AS net`,
    );
    const summary = res.json();
    expect(summary).toMatchObject({ customers: sql!.customers, events: sql!.events, orders: sql!.orders });
    expect(summary.revenue.find((r: { currency: string }) => r.currency === 'EUR').net).toBeCloseTo(sql!.net, 2);
    expect(sql!.events).toBeGreaterThan(0);
  });

  it('answers 401 without a key, with a malformed header, or with an unknown key; the message says what to do', async () => {
    const none = await api.call('/api/summary');
    expect(none.statusCode).toBe(401);
    expect(none.json().error).toEqual({ code: 'unauthorized', message: expect.stringContaining('Authorization: Bearer <key>') });
    const basic = await api.app.inject({ url: '/api/summary', headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.statusCode).toBe(401);
    expect(basic.json().error.message).toMatch(/must be "Bearer <key>"/);
    const unknown = await api.call('/api/summary', `${api.keys.admin.slice(0, -2)}xx`);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.message).toMatch(/unknown or revoked/);
  });

  it('checks the key before the parameters', async () => {
    expect((await api.call('/api/events?limit=nope')).statusCode).toBe(401);
    expect((await api.call('/api/events?limit=nope', api.keys.viewer)).statusCode).toBe(403);
  });

  it('refuses a revoked key at once', async () => {
    const { key } = await createApiKey(api.store, 'short-lived', 'analyst');
    expect((await api.call('/api/events?limit=1', key)).statusCode).toBe(200);
    await revokeApiKey(api.store, 'short-lived');
    expect((await api.call('/api/events?limit=1', key)).statusCode).toBe(401);
  });

  it('lets an admin make, list and revoke keys over HTTP; the token is shown once and stored only hashed', async () => {
    const made = await api.call('/api/keys', api.keys.admin, { method: 'POST', body: { name: 'crm-sync', role: 'analyst' } });
    expect(made.statusCode, made.body).toBe(201);
    const { key } = made.json<{ key: string }>();
    expect(key).toMatch(/^cairn_[A-Za-z0-9_-]{43}$/);
    const [stored] = await api.store.query<{ key_hash: string }>("SELECT key_hash FROM api_keys WHERE name = 'crm-sync'");
    expect(stored!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await api.store.query('SELECT * FROM api_keys'))).not.toContain(key);
    const listed = await api.call('/api/keys', api.keys.admin);
    expect(listed.body).not.toContain(key);
    expect(listed.json().items.map((k: { name: string }) => k.name)).toContain('crm-sync');
    expect((await api.call('/api/customers?limit=1', key)).statusCode).toBe(200);

    const again = await api.call('/api/keys', api.keys.admin, { method: 'POST', body: { name: 'crm-sync', role: 'viewer' } });
    expect(again.statusCode).toBe(409);
    const badRole = await api.call('/api/keys', api.keys.admin, { method: 'POST', body: { name: 'x', role: 'root' } });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().error.message).toBe('body field role: must be one of "admin", "analyst", "viewer"');

    const revoked = await api.call('/api/keys/crm-sync', api.keys.admin, { method: 'DELETE' });
    expect(revoked.json()).toMatchObject({ name: 'crm-sync', revokedAt: expect.any(String) });
    expect((await api.call('/api/customers?limit=1', key)).statusCode).toBe(401);
    expect((await api.call('/api/keys/crm-sync', api.keys.admin, { method: 'DELETE' })).statusCode).toBe(409);
    expect((await api.call('/api/keys/nobody', api.keys.admin, { method: 'DELETE' })).statusCode).toBe(404);
  });

  it('keeps key management and the audit log for admins', async () => {
    for (const path of ['/api/keys', '/api/audit']) {
      const res = await api.call(path, api.keys.analyst);
      expect(res.statusCode, path).toBe(403);
      expect(res.json().error.message).toBe('the key "data-team" has the role analyst; this route needs an admin key');
    }
    const made = await api.call('/api/keys', api.keys.analyst, { method: 'POST', body: { name: 'sneaky', role: 'admin' } });
    expect(made.statusCode).toBe(403);
  });

  it('shows the audit log to an admin, newest first, by actor or customer, in pages', async () => {
    const [c] = await api.store.query<{ id: string }>('SELECT customer_id AS id FROM pii_vault LIMIT 1');
    for (let i = 0; i < 3; i++) expect((await api.call(`/api/customers/${c!.id}?personal=true`, api.keys.admin)).statusCode).toBe(200);
    const first = (await api.call(`/api/audit?customerId=${c!.id}&limit=2`, api.keys.admin)).json();
    expect(first.items).toHaveLength(2);
    expect(first.items[0]).toMatchObject({ actor: 'ops-admin', action: 'customer.personal', customerId: c!.id });
    expect(first.items[0].id).toBeGreaterThan(first.items[1].id);
    const rest = (await api.call(`/api/audit?customerId=${c!.id}&limit=2&before=${first.nextBefore}`, api.keys.admin)).json();
    expect(rest.items).toHaveLength(1);
    expect(rest.nextBefore).toBeNull();
    expect((await api.call('/api/audit?actor=data-team', api.keys.admin)).json().items).toEqual([]);
  });

  it('answers unknown routes and bad JSON with the error body', async () => {
    const missing = await api.call('/api/customer', api.keys.admin);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toEqual({ code: 'not_found', message: 'there is no route GET /api/customer; /api/openapi.json lists the routes' });
    const badJson = await api.app.inject({ method: 'POST', url: '/api/keys', headers: { authorization: `Bearer ${api.keys.admin}`, 'content-type': 'application/json' }, payload: '{"name":' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error).toEqual({ code: 'bad_request', message: 'the body is not valid JSON; send one JSON object' });
  });
});
