import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiApp, type ApiApp } from '../../../../test/api-app.js';
import { buildSessions, type KpiReport, type SessionSummary } from '../../../analytics/index.js';

describe('GET /api/analytics/kpis and /api/analytics/sessions/summary', () => {
  let api: ApiApp;
  beforeAll(async () => {
    api = await apiApp({ shop: true });
  }, 120_000);
  afterAll(async () => api.close());

  it('says when events wait for a visit, then answers the summary and the KPIs for a viewer key', async () => {
    const before = await api.call('/api/analytics/sessions/summary', api.keys.viewer);
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json<{ pendingEvents: number; message: string }>().message).toMatch(/^no visits start in this range; \d+ events are in no visit yet/);
    const built = await buildSessions(api.store);

    const summary = await api.call('/api/analytics/sessions/summary', api.keys.viewer);
    expect(summary.statusCode, summary.body).toBe(200);
    const s = summary.json<SessionSummary & { pendingEvents: number; message: string | null }>();
    expect(s).toMatchObject({ pendingEvents: 0, message: null });
    expect(s.total.sessions).toBe(built.sessionsTotal);
    expect(s.byChannel.reduce((n, g) => n + g.sessions, 0)).toBe(built.sessionsTotal);

    const res = await api.call('/api/analytics/kpis', api.keys.viewer);
    expect(res.statusCode, res.body).toBe(200);
    const k = res.json<KpiReport>();
    expect(k.days).toHaveLength(30);
    expect(k.days[0]?.previous.date).toBe(k.previousPeriod.from);
    expect(k.totals.sessions).toBe(k.days.reduce((n, d) => n + d.current.sessions, 0));
    expect(k.totals.orders).toBeGreaterThan(0);
  });

  it('an empty range says why; a reversed range or a bad day is a 400 that says what to do; no key is a 401', async () => {
    const empty = await api.call('/api/analytics/kpis?from=2001-01-01&to=2001-01-02', api.keys.analyst);
    expect(empty.statusCode).toBe(200);
    expect(empty.json<KpiReport>().message).toMatch(/^no orders or visits from 2001-01-01 to 2001-01-02/);
    expect(empty.body).not.toMatch(/NaN/);
    const reversed = await api.call('/api/analytics/kpis?from=2024-02-01&to=2024-01-01', api.keys.viewer);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json<{ error: { message: string } }>().error.message).toBe('from 2024-02-01 is after to 2024-01-01: the range would be empty');
    const reversedSummary = await api.call('/api/analytics/sessions/summary?from=2024-02-01&to=2024-01-01', api.keys.viewer);
    expect(reversedSummary.statusCode).toBe(400);
    const badDay = await api.call('/api/analytics/kpis?from=2024-13-01', api.keys.viewer);
    expect(badDay.statusCode).toBe(400);
    expect(badDay.json<{ error: { message: string } }>().error.message).toMatch(/from/);
    expect((await api.call('/api/analytics/kpis')).statusCode).toBe(401);
  });
});
