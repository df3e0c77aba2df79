import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiApp, type ApiApp } from '../../../../test/api-app.js';
import { buildSessions, type AttributionReport } from '../../../analytics/index.js';

describe('GET /api/analytics/attribution', () => {
  let api: ApiApp;
  beforeAll(async () => {
    api = await apiApp({ shop: true });
    await buildSessions(api.store);
  }, 120_000);
  afterAll(async () => api.close());

  it('answers every model for a viewer key, Markov at the order asked', async () => {
    const res = await api.call('/api/analytics/attribution?order=2&lookback=14', api.keys.viewer);
    expect(res.statusCode, res.body).toBe(200);
    const doc = res.json<AttributionReport>();
    expect(doc.lookbackDays).toBe(14);
    expect(doc.journeys.converting).toBeGreaterThan(0);
    expect(doc.models.map((m) => m.model)).toEqual(['first', 'last', 'linear', 'time-decay', 'position', 'markov', 'shapley']);
    const markov = doc.models.find((m) => m.model === 'markov')!;
    expect(markov.order).toBe(2);
    const credited = doc.journeys.converting - doc.journeys.withoutTouches;
    for (const m of doc.models) expect(m.conversions, m.model).toBeCloseTo(credited, 2);
  });

  it('one model; an empty range says why; a bad order or reversed range is a 400 that says what to do', async () => {
    const one = await api.call('/api/analytics/attribution?model=shapley', api.keys.analyst);
    expect(one.json<AttributionReport>().models.map((m) => m.model)).toEqual(['shapley']);
    const empty = await api.call('/api/analytics/attribution?from=2001-01-01&to=2001-01-02', api.keys.viewer);
    expect(empty.statusCode).toBe(200);
    expect(empty.json<AttributionReport>().message).toMatch(/no orders of known customers between 2001-01-01 and 2001-01-02/);
    const bad = await api.call('/api/analytics/attribution?order=4', api.keys.viewer);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/order/);
    const reversed = await api.call('/api/analytics/attribution?from=2024-02-01&to=2024-01-01', api.keys.viewer);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json<{ error: { message: string } }>().error.message).toMatch(/the range is empty: 2024-02-01 is after 2024-01-01/);
    expect((await api.call('/api/analytics/attribution')).statusCode).toBe(401);
  });
});
