import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiApp, type ApiApp } from '../../../../test/api-app.js';
import { buildSessions, type CartsResult, type ClicksResult, type PathsResult } from '../../../analytics/index.js';

/** The routes answer what analytics/ computes; every response is checked against its schema by apiApp. */
describe('GET /api/analytics/paths, /clicks and /carts', () => {
  let api: ApiApp;
  beforeAll(async () => {
    api = await apiApp({ shop: true });
    await buildSessions(api.store);
  }, 120_000);
  afterAll(async () => api.close());

  it('paths after an event, with the Sankey data, for a viewer key', async () => {
    const res = await api.call('/api/analytics/paths?fromEvent=Product%20Added&depth=3&top=2', api.keys.viewer);
    expect(res.statusCode, res.body).toBe(200);
    const doc = res.json<PathsResult>();
    expect(doc.visits).toBeGreaterThan(0);
    expect(doc.paths.length).toBeLessThanOrEqual(2);
    expect(doc.paths[0]!.steps[0]).toBe('Product Added');
    expect(doc.sankey.nodes[0]).toMatchObject({ step: 1, label: 'Product Added', visits: doc.visits });
    const unknown = await api.call('/api/analytics/paths?toEvent=Nope', api.keys.viewer);
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json<PathsResult>().message).toMatch(/"Nope".*Product Viewed/);
    const both = await api.call('/api/analytics/paths?fromEvent=a&toEvent=b', api.keys.viewer);
    expect(both.statusCode).toBe(400);
    expect((await api.call('/api/analytics/paths?depth=1', api.keys.viewer)).statusCode).toBe(400);
  });

  it('carts by channel add up to the total; a window of 0 and a reversed range say why; a bad window is a 400', async () => {
    const res = await api.call('/api/analytics/carts?by=channel&within=2d', api.keys.analyst);
    expect(res.statusCode, res.body).toBe(200);
    const doc = res.json<CartsResult>();
    expect(doc.withinHours).toBe(48);
    expect(doc.carts).toBeGreaterThan(0);
    expect(doc.groups.reduce((s, g) => s + g.carts, 0)).toBe(doc.carts);
    const zero = await api.call('/api/analytics/carts?within=0h', api.keys.viewer);
    expect(zero.statusCode).toBe(200);
    expect(zero.json<CartsResult>()).toMatchObject({ carts: 0, abandonmentRate: null, message: expect.stringContaining('window is 0') });
    const reversed = await api.call('/api/analytics/carts?from=2026-02-01&to=2026-01-01', api.keys.viewer);
    expect(reversed.json<CartsResult>().message).toContain('empty');
    const bad = await api.call('/api/analytics/carts?within=forever', api.keys.viewer);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/24h/);
  });

  it('clicks: none in a generated shop, said so; a key is needed', async () => {
    const res = await api.call('/api/analytics/clicks?page=/cart', api.keys.viewer);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ClicksResult>()).toMatchObject({ clicks: 0, elements: [], message: expect.stringContaining('no click events') });
    expect((await api.call('/api/analytics/clicks')).statusCode).toBe(401);
  });
});
