import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiApp, type ApiApp } from '../../../../test/api-app.js';
import { funnel, parseConversionWindow, parseSteps, retention, type FunnelDropped, type FunnelReport, type RetentionReport } from '../../../analytics/index.js';

const STEPS = encodeURIComponent('Product Viewed,Product Added,Order Completed');

describe('GET /api/analytics/funnel, /funnel/dropped and /retention', () => {
  let api: ApiApp;
  beforeAll(async () => {
    api = await apiApp({ shop: true });
  }, 120_000);
  afterAll(async () => api.close());

  it('answers the funnel of the store for a viewer key, as analytics/funnel does', async () => {
    const res = await api.call(`/api/analytics/funnel?steps=${STEPS}&within=1d&by=device`, api.keys.viewer);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<FunnelReport>();
    expect(r.total[0]!.people).toBeGreaterThan(0);
    expect(r.groups.reduce((n, g) => n + g.steps[0]!.people, 0)).toBe(r.total[0]!.people);
    const direct = await funnel(api.store, { steps: parseSteps('Product Viewed,Product Added,Order Completed'), withinSeconds: parseConversionWindow('1d'), order: 'strict' });
    expect(r.total).toEqual(direct.total);
  });

  it('lists the customers who dropped at a step to analysts, not to viewers', async () => {
    const res = await api.call(`/api/analytics/funnel/dropped?steps=${STEPS}&step=3`, api.keys.analyst);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json<FunnelDropped>();
    const direct = await funnel(api.store, { steps: parseSteps('Product Viewed,Product Added,Order Completed'), withinSeconds: 86_400, order: 'strict' });
    expect(d.customers.length + d.anonymousVisitors).toBe(direct.total[2]!.dropOff);
    expect((await api.call(`/api/analytics/funnel/dropped?steps=${STEPS}&step=3`, api.keys.viewer)).statusCode).toBe(403);
  });

  it('answers weekly retention by first event and monthly revenue retention by first purchase', async () => {
    const res = await api.call('/api/analytics/retention', api.keys.viewer);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<RetentionReport>();
    expect(r).toEqual(await retention(api.store, { cohort: { kind: 'first-event' }, period: 'week', metric: 'customers', unbounded: false }));
    expect(r.cohorts.length).toBeGreaterThan(0);
    const revenue = await api.call('/api/analytics/retention?cohort=first-purchase&period=month&metric=revenue&unbounded=true', api.keys.viewer);
    expect(revenue.statusCode, revenue.body).toBe(200);
    expect(revenue.json<RetentionReport>().cohorts[0]!.rates[0]).toBe(1);
  });

  it('says why a funnel is empty; a malformed window, step or period is a 400 that says what to do', async () => {
    const unknown = await api.call(`/api/analytics/funnel?steps=${encodeURIComponent('Product Veiwed')}`, api.keys.viewer);
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json<FunnelReport>().message).toMatch(/did you mean "Product Viewed"/);
    const zero = await api.call(`/api/analytics/funnel?steps=${STEPS}&within=0m`, api.keys.viewer);
    expect(zero.statusCode).toBe(200);
    expect(zero.body).not.toMatch(/NaN/);
    const reversed = await api.call(`/api/analytics/retention?from=2026-12-01&to=2026-01-01`, api.keys.viewer);
    expect(reversed.json<RetentionReport>().message).toMatch(/after to/);
    const bad = await api.call(`/api/analytics/funnel?steps=${STEPS}&within=soon`, api.keys.viewer);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/30m, 2h, 1d/);
    expect((await api.call('/api/analytics/funnel', api.keys.viewer)).statusCode).toBe(400);
    expect((await api.call('/api/analytics/retention?period=year', api.keys.viewer)).statusCode).toBe(400);
    expect((await api.call(`/api/analytics/funnel?steps=${STEPS}`)).statusCode).toBe(401);
  });
});
