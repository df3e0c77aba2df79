import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiApp, type ApiApp } from '../../../../test/api-app.js';

interface Page {
  items: { eventId: string; ts: string; type: string; name: string | null; customerId: string | null; context: Record<string, unknown> | null }[];
  nextCursor: string | null;
}

describe('GET /api/events', () => {
  let api: ApiApp;
  beforeAll(async () => {
    api = await apiApp({ shop: true });
  }, 60_000);
  afterAll(async () => api.close());

  async function page(query: string): Promise<Page> {
    const res = await api.call(`/api/events?${query}`, api.keys.analyst);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page>();
  }

  async function all(query: string): Promise<Page['items']> {
    const out: Page['items'] = [];
    let cursor: string | null = null;
    do {
      const p: Page = await page(`${query}&limit=97${cursor ? `&cursor=${cursor}` : ''}`);
      out.push(...p.items);
      cursor = p.nextCursor;
    } while (cursor);
    return out;
  }

  it('pages through every event once, newest first', async () => {
    const [{ n }] = (await api.store.query<{ n: number }>('SELECT count(*) AS n FROM events')) as [{ n: number }];
    const events = await all('');
    expect(events).toHaveLength(n);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(n);
    for (let i = 1; i < events.length; i++) expect(events[i - 1]!.ts >= events[i]!.ts).toBe(true);
  });

  it('filters by type, name, customer and time range, as SQL counts them', async () => {
    const [c] = await api.store.query<{ customer_id: string; lo: string; hi: string }>(
      `SELECT customer_id, min(ts) AS lo, max(ts) AS hi FROM events WHERE customer_id IS NOT NULL GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1`,
    );
    const mid = new Date((Date.parse(c!.lo) + Date.parse(c!.hi)) / 2).toISOString();
    const cases: [string, string, unknown[]][] = [
      ['type=page', "type = 'page'", []],
      ['type=track&name=Product%20Viewed', "type = 'track' AND name = 'Product Viewed'", []],
      [`customerId=${c!.customer_id}`, 'customer_id = ?', [c!.customer_id]],
      [`customerId=${c!.customer_id}&from=${mid}`, 'customer_id = ? AND ts >= ?::TIMESTAMPTZ', [c!.customer_id, mid]],
      [`customerId=${c!.customer_id}&to=${encodeURIComponent(mid.replace('Z', '+00:00'))}`, 'customer_id = ? AND ts < ?::TIMESTAMPTZ', [c!.customer_id, mid]],
      [`from=${c!.lo.slice(0, 10)}&to=${c!.hi.slice(0, 10)}`, 'ts >= ?::DATE AND ts < ?::DATE', [c!.lo.slice(0, 10), c!.hi.slice(0, 10)]],
    ];
    for (const [query, where, params] of cases) {
      const [{ n }] = (await api.store.query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE ${where}`, params as string[])) as [{ n: number }];
      const events = await all(query);
      expect(events.length, query).toBe(n);
      expect(n, query).toBeGreaterThan(0);
    }
  });

  it('keeps raw user and anonymous ids and device ids out, and the visit context in', async () => {
    const { items } = await page('type=track&limit=200');
    const body = JSON.stringify(items);
    const [ids] = await api.store.query<{ user_id: string; anonymous_id: string }>('SELECT user_id, anonymous_id FROM events WHERE user_id IS NOT NULL AND type = ? LIMIT 1', ['track']);
    expect(body).not.toContain(ids!.user_id);
    expect(body).not.toContain(ids!.anonymous_id);
    expect(body).not.toMatch(/"userAgent"|"ip"/);
    expect(items.some((e) => e.context && 'page' in e.context)).toBe(true);
  });

  it('says what is wrong with bad parameters, each of them', async () => {
    const res = await api.call('/api/events?limit=abc&from=last%20week&type=click&colour=red', api.keys.analyst);
    expect(res.statusCode).toBe(400);
    const { code, message } = res.json().error;
    expect(code).toBe('bad_request');
    expect(message).toContain('query parameter limit: must be a number');
    expect(message).toContain('query parameter from: must be an ISO-8601 date (2024-05-01) or date-time');
    expect(message).toContain('query parameter type: must be one of "track", "page"');
    expect(message).toContain('unknown query parameter "colour"');
    const cursor = await api.call('/api/events?cursor=bm9wZQ', api.keys.analyst);
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().error.message).toMatch(/cursor: is not one this API gave out/);
    expect((await api.call('/api/events?limit=1001', api.keys.analyst)).json().error.message).toBe('query parameter limit: must be at most 1000');
  });
});
