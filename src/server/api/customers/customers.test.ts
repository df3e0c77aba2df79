import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiApp, type ApiApp } from '../../../../test/api-app.js';

/** The first identify message of the shop's events that has an e-mail and a phone: a real person of the fixture. */
function identifiedPerson(shopDir: string): { userId: string; email: string; phone: string } {
  for (const line of readFileSync(join(shopDir, 'events.jsonl'), 'utf8').split('\n')) {
    if (!line.includes('"identify"')) continue;
    const m = JSON.parse(line) as { type?: string; userId?: string; traits?: { email?: string; phone?: string } };
    if (m.type === 'identify' && m.userId && m.traits?.email && m.traits.phone) return { userId: m.userId, email: m.traits.email, phone: m.traits.phone };
  }
  throw new Error('the generated shop has no identify message with e-mail and phone');
}

describe('customers routes', () => {
  let api: ApiApp;
  let person: { userId: string; email: string; phone: string; customerId: string };

  beforeAll(async () => {
    api = await apiApp({ shop: true });
    const p = identifiedPerson(api.shopDir);
    const [row] = await api.store.query<{ id: string }>(`SELECT cairn_pseudonym('user', ?) AS id`, [p.userId]);
    person = { ...p, customerId: row!.id };
  }, 60_000);
  afterAll(async () => api.close());

  it('pages through every customer exactly once, in id order', async () => {
    const [{ n }] = (await api.store.query<{ n: number }>('SELECT count(*) AS n FROM customers')) as [{ n: number }];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api.call(`/api/customers?limit=7${cursor ? `&cursor=${cursor}` : ''}`, api.keys.analyst);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<{ items: { customerId: string; events: number }[]; nextCursor: string | null }>();
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((c) => c.customerId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
    expect([...seen].sort()).toEqual(seen);
  });

  it('filters by id prefix and counts each customer\'s events and orders', async () => {
    const prefix = person.customerId.slice(0, 5);
    const res = await api.call(`/api/customers?q=${prefix}`, api.keys.analyst);
    const items = res.json<{ items: { customerId: string; events: number; orders: number }[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((c) => c.customerId.startsWith(prefix))).toBe(true);
    const mine = items.find((c) => c.customerId === person.customerId)!;
    const [counts] = await api.store.query<{ events: number; orders: number }>(
      'SELECT (SELECT count(*) FROM events WHERE customer_id = ?) AS events, (SELECT count(*) FROM orders WHERE customer_id = ?) AS orders',
      [person.customerId, person.customerId],
    );
    expect(mine).toMatchObject(counts!);
    expect(mine.events).toBeGreaterThan(0);
  });

  it('finds customers by the shop\'s user id through its keyed hash', async () => {
    const res = await api.call(`/api/customers?userId=${encodeURIComponent(person.userId)}`, api.keys.analyst);
    expect(res.json<{ items: { customerId: string }[] }>().items.map((c) => c.customerId)).toEqual([person.customerId]);
  });

  it('gives the 360 view: identifiers as counts, orders with lines, events, texts; no personal data without asking', async () => {
    const res = await api.call(`/api/customers/${person.customerId}`, api.keys.admin);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view.profile.customerId).toBe(person.customerId);
    expect(view.identities).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'email', count: expect.any(Number) })]));
    expect(view.events.recent.length).toBe(Math.min(50, view.events.count));
    const times = view.events.recent.map((e: { ts: string }) => e.ts);
    expect([...times].sort().reverse()).toEqual(times);
    expect(view.personal).toBeNull();
    expect(res.body).not.toContain(person.email);
    expect(res.body).not.toContain(person.userId);
  });

  it('shows the orders of a customer who bought, with their lines summing to the revenue', async () => {
    const [buyer] = await api.store.query<{ customer_id: string }>(
      `SELECT customer_id FROM orders WHERE customer_id IS NOT NULL AND kind = 'order' GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1`,
    );
    const view = (await api.call(`/api/customers/${buyer!.customer_id}`, api.keys.analyst)).json();
    expect(view.orders.count).toBeGreaterThan(0);
    for (const o of view.orders.recent as { revenue: number; lines: { quantity: number; price: number }[] }[]) {
      expect(o.lines.length).toBeGreaterThan(0);
      expect(o.lines.reduce((s, l) => s + l.quantity * l.price, 0)).toBeCloseTo(o.revenue, 2);
    }
  });

  it('shows a reviewer\'s texts, with an address written into one masked', async () => {
    const [text] = await api.store.query<{ customer_id: string; text_id: string; body: string }>('SELECT customer_id, text_id, body FROM texts WHERE customer_id IS NOT NULL LIMIT 1');
    await api.store.execute("INSERT INTO texts (text_id, customer_id, ts, body, source) VALUES ('t-mail', ?, now()::TIMESTAMP, 'Broken on arrival, write to me at jo.doe@example.com', 'test')", [text!.customer_id]);
    const view = (await api.call(`/api/customers/${text!.customer_id}`, api.keys.analyst)).json();
    const bodies = new Map((view.texts as { textId: string; body: string }[]).map((t) => [t.textId, t.body]));
    expect(bodies.get(text!.text_id)).toBe(text!.body);
    expect(bodies.get('t-mail')).toBe('Broken on arrival, write to me at [redacted email]');
  });

  it('answers 404 for an unknown customer', async () => {
    const res = await api.call('/api/customers/c_00000000000000000000', api.keys.analyst);
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toEqual({ code: 'not_found', message: expect.stringContaining('GET /api/customers') });
  });

  describe('personal data by role', () => {
    it('never gives an analyst an e-mail or phone, on any route it may call', async () => {
      const paths = [
        `/api/customers/${person.customerId}`,
        `/api/customers?q=${person.customerId}`,
        `/api/customers?userId=${encodeURIComponent(person.userId)}`,
        `/api/events?customerId=${person.customerId}&limit=1000`,
        '/api/events?type=identify&limit=1000',
        '/api/quarantine?limit=500&includeReplayed=true',
        '/api/imports',
      ];
      const phoneDigits = person.phone.replace(/[^0-9]/g, '');
      for (const path of paths) {
        const res = await api.call(path, api.keys.analyst);
        expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
        expect(res.body.toLowerCase(), path).not.toContain(person.email.toLowerCase());
        expect(res.body.replace(/[^0-9]/g, ''), path).not.toContain(phoneDigits);
      }
    });

    it('refuses an analyst the vault, and an e-mail or phone search, with 403 and nothing audited', async () => {
      const before = await auditCount();
      const vault = await api.call(`/api/customers/${person.customerId}?personal=true`, api.keys.analyst);
      expect(vault.statusCode).toBe(403);
      expect(vault.json().error.message).toMatch(/only an admin key/);
      const search = await api.call(`/api/customers?email=${encodeURIComponent(person.email)}`, api.keys.analyst);
      expect(search.statusCode).toBe(403);
      expect(search.body).not.toContain(person.email);
      expect((await api.call(`/api/customers?phone=${encodeURIComponent(person.phone)}`, api.keys.analyst)).statusCode).toBe(403);
      expect(await auditCount()).toBe(before);
    });

    it('gives an admin who asks the decrypted vault fields, and audits the read without the values', async () => {
      const res = await api.call(`/api/customers/${person.customerId}?personal=true`, api.keys.admin);
      expect(res.statusCode, res.body).toBe(200);
      const personal = res.json().personal as Record<string, string>;
      expect(personal['email']).toBe(person.email);
      expect(personal['phone']).toBeDefined();
      const [row] = await api.store.query<{ actor: string; action: string; customer_id: string; detail: string; ts: string }>(
        'SELECT actor, action, customer_id, detail::VARCHAR AS detail, ts FROM audit_log ORDER BY audit_id DESC LIMIT 1',
      );
      expect(row).toMatchObject({ actor: 'ops-admin', action: 'customer.personal', customer_id: person.customerId });
      expect(JSON.parse(row!.detail).fields).toEqual(expect.arrayContaining(['email', 'phone']));
      expect(row!.detail).not.toContain(person.email);
      expect(Date.now() - Date.parse(row!.ts)).toBeLessThan(60_000);
    });

    it('lets an admin search by e-mail (any case, spaces) and by phone, audited once per customer found', async () => {
      const before = await auditCount();
      const res = await api.call(`/api/customers?email=${encodeURIComponent(`  ${person.email.toUpperCase()} `)}`, api.keys.admin);
      expect(res.statusCode, res.body).toBe(200);
      const found = res.json<{ items: { customerId: string }[] }>().items.map((c) => c.customerId);
      expect(found).toContain(person.customerId);
      const rows = await api.store.query<{ actor: string; action: string; customer_id: string; detail: string }>(
        'SELECT actor, action, customer_id, detail::VARCHAR AS detail FROM audit_log WHERE audit_id > ? ORDER BY audit_id',
        [before],
      );
      expect(rows.map((r) => r.customer_id).sort()).toEqual([...found].sort());
      expect(rows.every((r) => r.actor === 'ops-admin' && r.action === 'customers.search' && !r.detail.includes('@'))).toBe(true);

      const byPhone = await api.call(`/api/customers?phone=${encodeURIComponent(person.phone)}`, api.keys.admin);
      expect(byPhone.json<{ items: { customerId: string }[] }>().items.map((c) => c.customerId)).toContain(person.customerId);
    });

    it('takes the identifier in a POST body too, keeping it out of URLs, with the same rules', async () => {
      const before = await auditCount();
      const post = (key: string, body: unknown) => api.call('/api/customers/search', key, { method: 'POST', body });
      const found = await post(api.keys.admin, { email: person.email });
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json<{ items: { customerId: string }[] }>().items.map((c) => c.customerId)).toContain(person.customerId);
      expect(await auditCount()).toBeGreaterThan(before);
      expect((await post(api.keys.analyst, { email: person.email })).statusCode).toBe(403);
      expect((await post(api.keys.analyst, { userId: person.userId })).json().items[0].customerId).toBe(person.customerId);
      const two = await post(api.keys.admin, { email: person.email, userId: person.userId });
      expect(two.statusCode).toBe(400);
      expect(two.json().error.message).toBe('body field: give exactly one of userId, email or phone');
      expect(two.body).not.toContain(person.email);
    });

    it('audits a search that finds nobody, and refuses a value that is not an e-mail without echoing it', async () => {
      const before = await auditCount();
      const none = await api.call('/api/customers?email=nobody%40nowhere.example', api.keys.admin);
      expect(none.json().items).toEqual([]);
      expect(await auditCount()).toBe(before + 1);
      const bad = await api.call('/api/customers?email=jo.example.com', api.keys.admin);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toMatch(/not shaped like an e-mail/);
      expect(bad.body).not.toContain('jo.example.com');
    });

    it('refuses a viewer any per-customer data', async () => {
      for (const path of ['/api/customers', `/api/customers/${person.customerId}`, '/api/events']) {
        const res = await api.call(path, api.keys.viewer);
        expect(res.statusCode, path).toBe(403);
        expect(res.json().error.message).toMatch(/"wallboard" has the role viewer/);
      }
    });
  });

  async function auditCount(): Promise<number> {
    const [row] = await api.store.query<{ n: number }>('SELECT coalesce(max(audit_id), 0) AS n FROM audit_log');
    return row!.n;
  }
});
