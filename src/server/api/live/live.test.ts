import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiApp, type ApiApp } from '../../../../test/api-app.js';
import type { LiveEvent } from '../../deps.js';

/** Opens the feed on a real socket; resolves once the stream has started. */
function openFeed(base: string, key: string, query = ''): Promise<{ res: IncomingMessage; received: () => string; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/api/live${query}`, { headers: { authorization: `Bearer ${key}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes(': connected')) resolve({ res, received: () => text, close: () => req.destroy() });
      });
      res.on('end', () => resolve({ res, received: () => text, close: () => req.destroy() }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The `data:` documents of the `event: event` messages in a stream's text. */
function events(text: string): Record<string, unknown>[] {
  return text
    .split('\n\n')
    .filter((m) => m.includes('event: event'))
    .map((m) => JSON.parse(m.split('\n').find((l) => l.startsWith('data: '))!.slice(6)) as Record<string, unknown>);
}

const order: LiveEvent = {
  eventId: 'e-1',
  ts: '2026-01-02T10:00:00.000Z',
  type: 'track',
  name: 'Order Completed',
  customerId: 'c_0123456789abcdef0123',
  source: 'web',
  properties: { order_id: 'O-1', revenue: 42.5, email: 'jo.doe@example.com', note: 'ship to jo.doe@example.com', contact: '+49 30 1234567', products: [{ name: 'Tent', price: 42.5 }] },
};
const identify: LiveEvent = {
  eventId: 'e-2',
  ts: '2026-01-02T10:00:01.000Z',
  type: 'identify',
  name: null,
  customerId: 'c_0123456789abcdef0123',
  source: 'web',
  properties: { name: 'Jo Doe', email: 'jo.doe@example.com', plan: 'gold' },
};

describe('GET /api/live', () => {
  let api: ApiApp;
  let base: string;
  beforeAll(async () => {
    api = await apiApp();
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => api.close());

  it('streams published events as Server-Sent Events with personal data masked', async () => {
    const feed = await openFeed(base, api.keys.analyst);
    expect(feed.res.statusCode).toBe(200);
    expect(feed.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    api.live.publish([order, identify]);
    await until(() => events(feed.received()).length === 2, 'two events');
    const [first, second] = events(feed.received());
    expect(first).toEqual({
      eventId: 'e-1',
      ts: order.ts,
      type: 'track',
      name: 'Order Completed',
      customerId: order.customerId,
      source: 'web',
      properties: { order_id: 'O-1', revenue: 42.5, note: 'ship to [redacted email]', contact: '[redacted phone]', products: [{ name: 'Tent', price: 42.5 }] },
    });
    expect(second!['properties']).toEqual({ plan: 'gold' });
    expect(feed.received()).toContain('id: e-1\nevent: event\n');
    expect(feed.received()).not.toContain('jo.doe');
    expect(feed.received()).not.toContain('Jo Doe');
    feed.close();
  });

  it('filters by type, and stops sending to a client that went away', async () => {
    const feed = await openFeed(base, api.keys.admin, '?type=identify');
    api.live.publish([order, identify]);
    await until(() => events(feed.received()).length === 1, 'the identify');
    expect(events(feed.received())[0]!['eventId']).toBe('e-2');
    feed.close();
    await until(() => feed.res.destroyed, 'the socket to close');
    // Publishing after the client left reaches no listener and throws nothing.
    expect(() => api.live.publish([order])).not.toThrow();
  });

  it('refuses a viewer and a missing key before any stream starts', async () => {
    const viewer = await api.app.inject({ url: '/api/live', headers: { authorization: `Bearer ${api.keys.viewer}` } });
    expect(viewer.statusCode).toBe(403);
    expect((await api.app.inject({ url: '/api/live' })).statusCode).toBe(401);
  });

  it('cuts off a client that stops reading, with an overflow event, instead of buffering for it', async () => {
    const { port } = api.app.server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    socket.pause();
    socket.write(`GET /api/live HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${api.keys.analyst}\r\n\r\n`);
    await new Promise((r) => setTimeout(r, 100));
    const big = { ...order, properties: { blob: 'x'.repeat(100_000) } };
    for (let i = 0; i < 200; i++) api.live.publish([{ ...big, eventId: `big-${i}` }]);
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.resume();
    // The response ends (its last chunk) though the connection may stay open for the next request.
    await until(() => text.endsWith('\r\n0\r\n\r\n'), 'the end of the response');
    expect(text).toContain('event: overflow\ndata: {}\n\n');
    // It got far fewer than the 20 MB published: the server stopped at its bound.
    expect(text.length).toBeLessThan(15_000_000);
    expect(() => api.live.publish([order])).not.toThrow();
    socket.destroy();
  });

  it('ends open streams when the server closes, so that closing does not hang', async () => {
    const other = await apiApp();
    await other.app.listen({ port: 0, host: '127.0.0.1' });
    const feed = await openFeed(`http://127.0.0.1:${(other.app.server.address() as AddressInfo).port}`, other.keys.analyst);
    const ended = new Promise<void>((resolve) => feed.res.on('end', () => resolve()));
    await other.close();
    await ended;
  });
});
