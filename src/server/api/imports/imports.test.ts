import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiApp, type ApiApp } from '../../../../test/api-app.js';

describe('imports and quarantine routes', () => {
  let api: ApiApp;
  beforeAll(async () => {
    api = await apiApp({ shop: true });
  }, 60_000);
  afterAll(async () => api.close());

  it('lists imports newest first with their counts, and shows one with its report', async () => {
    const res = await api.call('/api/imports', api.keys.analyst);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: { importId: string; source: string; status: string; rowsRead: number; accepted: number; duplicates: number; quarantined: number }[] }>().items;
    expect(items.map((i) => i.source)).toEqual(['shop-reviews', 'shop-products', 'shop-pos', 'shop-crm', 'segment']);
    for (const i of items) {
      expect(i.status).toBe('done');
      expect(i.accepted + i.duplicates + i.quarantined).toBe(i.rowsRead);
    }
    const segment = items.find((i) => i.source === 'segment')!;
    const one = await api.call(`/api/imports/${segment.importId}`, api.keys.analyst);
    expect(one.json()).toMatchObject({ importId: segment.importId, report: { importId: segment.importId, source: 'segment', written: { events: expect.any(Number) } } });
    expect((await api.call('/api/imports?source=shop-crm', api.keys.analyst)).json().items).toHaveLength(1);
    const missing = await api.call('/api/imports/imp_nope', api.keys.analyst);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('there is no import imp_nope; GET /api/imports lists them');
  });

  it('lists the quarantine without raw text for an analyst, and with it for an admin who asks (audited)', async () => {
    const forAnalyst = await api.call('/api/quarantine', api.keys.analyst);
    expect(forAnalyst.statusCode, forAnalyst.body).toBe(200);
    const listing = forAnalyst.json<{ total: number; byReason: { reason: string; count: number }[]; entries: { id: number; file: string; line: number; raw: string | null; detail: string }[] }>();
    expect(listing.total).toBeGreaterThan(0);
    expect(listing.entries.every((e) => e.raw === null)).toBe(true);
    const entry = listing.entries[0]!;
    const line = readFileSync(entry.file, 'utf8').split('\n')[entry.line - 1]!;
    expect(forAnalyst.body).not.toContain(line);

    const refused = await api.call('/api/quarantine?raw=true', api.keys.analyst);
    expect(refused.statusCode).toBe(403);

    const forAdmin = await api.call('/api/quarantine?raw=true', api.keys.admin);
    const opened = forAdmin.json<typeof listing>();
    expect(opened.entries.find((e) => e.id === entry.id)!.raw).toBe(line);
    const [row] = await api.store.query<{ actor: string; action: string; detail: string }>('SELECT actor, action, detail::VARCHAR AS detail FROM audit_log ORDER BY audit_id DESC LIMIT 1');
    expect(row).toMatchObject({ actor: 'ops-admin', action: 'quarantine.raw' });
    expect(JSON.parse(row!.detail)).toEqual({ records: opened.entries.length, ids: opened.entries.map((e) => e.id) });
  });

  it('filters the quarantine by source and reason', async () => {
    const { byReason } = (await api.call('/api/quarantine', api.keys.analyst)).json<{ byReason: { reason: string; count: number }[] }>();
    const first = byReason[0]!;
    const res = await api.call(`/api/quarantine?reason=${encodeURIComponent(first.reason)}&limit=500`, api.keys.analyst);
    const listing = res.json<{ total: number; entries: { reason: string }[] }>();
    expect(listing.total).toBe(first.count);
    expect(listing.entries.every((e) => e.reason === first.reason)).toBe(true);
    expect((await api.call('/api/quarantine?source=no-such-source', api.keys.analyst)).json().total).toBe(0);
  });
});
