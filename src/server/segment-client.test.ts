import { join } from 'node:path';
import { Analytics } from '@segment/analytics-node';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp.js';
import { addSource } from './collector/index.js';
import { startServer } from './server.js';

const tmp = tempDir('cairn-segment-client-');
afterAll(tmp.cleanup);

describe('cairn serve with the real @segment/analytics-node client', () => {
  it('stores track, identify, page and alias with their types, ids and properties', async () => {
    const server = await startServer({ db: join(tmp.dir, 'c.duckdb'), port: 0, host: '127.0.0.1', log: pino({ level: 'silent' }) });
    try {
      const { writeKey } = await addSource(server.deps.store, 'node-app');
      const analytics = new Analytics({ writeKey, host: server.url, flushAt: 4, flushInterval: 100, maxRetries: 2 });
      const errors: unknown[] = [];
      analytics.on('error', (err) => errors.push(err));
      const timestamp = new Date('2024-06-01T12:00:00Z');
      analytics.identify({ userId: 'user-7', traits: { email: 'grace@example.org', plan: 'team' }, timestamp });
      analytics.track({ userId: 'user-7', event: 'Order Completed', properties: { order_id: 'o-77', revenue: 99.5, currency: 'EUR', products: [{ product_id: 'p-1', price: 99.5, quantity: 1 }] }, timestamp });
      analytics.page({ anonymousId: 'anon-7', name: 'Pricing', properties: { path: '/pricing', title: 'Pricing' }, timestamp });
      analytics.alias({ userId: 'user-7', previousId: 'anon-7', timestamp });
      await analytics.closeAndFlush({ timeout: 10_000 });
      expect(errors).toEqual([]);

      // The loader runs in the server: wait until the four events are stored.
      let rows: { type: string; name: string | null; event_id: string; user_id: string | null; anonymous_id: string | null; properties: string | null; ts: string }[] = [];
      for (let i = 0; i < 100 && rows.length < 4; i++) {
        await new Promise((r) => setTimeout(r, 100));
        rows = await server.deps.store.query(`SELECT type, name, event_id, user_id, anonymous_id, properties::VARCHAR AS properties, ts FROM events ORDER BY type`);
      }
      expect(rows.map((r) => [r.type, r.name, r.user_id, r.anonymous_id])).toEqual([
        ['alias', null, 'user-7', null],
        ['identify', null, 'user-7', null],
        ['page', 'Pricing', null, 'anon-7'],
        ['track', 'Order Completed', 'user-7', null],
      ]);
      for (const r of rows) {
        expect(r.event_id).toMatch(/^node-next-/); // the client's messageId
        expect(r.ts).toBe('2024-06-01T12:00:00.000Z');
      }
      expect(JSON.parse(rows[3]!.properties!)).toMatchObject({ order_id: 'o-77', revenue: 99.5, currency: 'EUR' });
      expect(JSON.parse(rows[2]!.properties!)).toMatchObject({ path: '/pricing', title: 'Pricing' });
      expect(JSON.parse(rows[0]!.properties!)).toEqual({ previousId: 'anon-7' });
      const orders = await server.deps.store.query<{ order_id: string; revenue: number }>(`SELECT order_id, revenue::DOUBLE AS revenue FROM orders`);
      expect(orders).toEqual([{ order_id: 'segment:o-77', revenue: 99.5 }]);
      expect((await server.deps.store.query<{ n: number }>(`SELECT count(*) AS n FROM identities WHERE kind = 'email'`))[0]?.n).toBe(1);
    } finally {
      await server.close();
    }
  });
});
