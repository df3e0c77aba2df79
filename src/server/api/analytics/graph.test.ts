import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiApp, type ApiApp } from '../../../../test/api-app.js';
import type { GraphSummary } from '../../../analytics/index.js';

describe('GET /api/analytics/graph/summary', () => {
  let api: ApiApp;
  beforeAll(async () => {
    api = await apiApp({ shop: true });
  }, 120_000);
  afterAll(async () => api.close());

  it('answers the journey graph summary for a viewer key, within its schema', async () => {
    const res = await api.call('/api/analytics/graph/summary?top=3&basket=order', api.keys.viewer);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json<GraphSummary>();
    expect(s.notes).toEqual([]);
    expect(s.journey.topPages).toHaveLength(3);
    expect(s.journey.topPages[0]!.pagerank).toBeGreaterThanOrEqual(s.journey.topPages[2]!.pagerank);
    expect(s.copurchase.basket).toBe('order');
    expect(s.pathsToPurchase.target).toBe('event:Order Completed');
    expect(s.pathsToPurchase.sessions).toBeGreaterThan(0);
    // Asked again with nothing new in the store, the kept graphs answer the same.
    const again = await api.call('/api/analytics/graph/summary?top=3&basket=order', api.keys.viewer);
    expect({ ...again.json<GraphSummary>(), seconds: 0 }).toEqual({ ...s, seconds: 0 });
  }, 60_000);

  it('an empty window says why; a reversed window or a bad day is a 400; no key is a 401', async () => {
    const empty = await api.call('/api/analytics/graph/summary?since=2040-01-01', api.keys.analyst);
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json<GraphSummary>().notes[0]).toMatch(/^no page, screen or track events with a session in the window/);
    expect(empty.body).not.toMatch(/NaN/);
    const reversed = await api.call('/api/analytics/graph/summary?since=2024-02-01&until=2024-01-01', api.keys.viewer);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json<{ error: { message: string } }>().error.message).toBe('since 2024-02-01 is not before until 2024-01-01: the window would be empty');
    expect((await api.call('/api/analytics/graph/summary?top=0', api.keys.viewer)).statusCode).toBe(400);
    expect((await api.call('/api/analytics/graph/summary?since=2024-13-01', api.keys.viewer)).statusCode).toBe(400);
    expect((await api.call('/api/analytics/graph/summary')).statusCode).toBe(401);
  });
});
