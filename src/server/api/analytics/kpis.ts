import { z } from 'zod';
import { KpiRangeError, kpis, sessionSummary } from '../../../analytics/index.js';
import { badRequest } from '../http-error.js';
import { ANY_ROLE } from '../roles.js';
import { component, defineRoute } from '../route.js';

const day = z.iso.date({ error: 'must be a day as YYYY-MM-DD' });
const share = (what: string) => z.number().nullable().describe(`${what}, 0..1; null when there is nothing to divide by`);

const KpiDay = component(
  'KpiDay',
  z.object({
    date: z.string().describe('UTC day, YYYY-MM-DD'),
    revenue: z.number().describe('Orders of every channel (in-store too), net of returns'),
    orders: z.number().int(),
    aov: z.number().nullable().describe('Revenue of the orders per order'),
    sessions: z.number().int().describe('Visits starting that day'),
    convertedSessions: z.number().int(),
    conversionRate: share('Visits with an order per visit'),
    newCustomers: z.number().int().describe('Customers whose first order ever is that day'),
    returningCustomers: z.number().int().describe('Customers ordering that day who had ordered before'),
    dau: z.number().int(),
    wau: z.number().int().describe('Distinct visitors in the 7 days ending that day'),
    mau: z.number().int().describe('Distinct visitors in the 30 days ending that day'),
    stickiness: share('DAU per MAU'),
  }),
  'The KPIs of one day',
);

const KpiTotals = component(
  'KpiTotals',
  z.object({
    revenue: z.number(),
    orders: z.number().int(),
    aov: z.number().nullable(),
    sessions: z.number().int(),
    convertedSessions: z.number().int(),
    conversionRate: share('Visits with an order per visit'),
    newCustomers: z.number().int(),
    returningCustomers: z.number().int(),
    customers: z.number().int().describe('Distinct customers with an order in the period'),
    repeatPurchaseRate: share('Of those, the ones with two or more orders by the period end'),
    dau: z.number().nullable().describe('Mean DAU'),
    mau: z.number().nullable().describe('Mean MAU'),
    stickiness: share('Mean DAU per mean MAU'),
  }),
  'The KPIs of a period',
);

const Period = z.object({ from: z.string(), to: z.string() });

const Kpis = component(
  'Kpis',
  z.object({
    period: Period,
    previousPeriod: Period.describe('The same number of days just before'),
    days: z.array(z.object({ current: KpiDay, previous: KpiDay.describe('The same day of the previous period') })),
    totals: KpiTotals,
    previousTotals: KpiTotals,
    change: z.record(z.string(), z.number().nullable()).describe('Relative change of each total; null when the previous is 0 or null'),
    message: z.string().nullable().describe('Why the answer is empty or partial'),
  }),
  'KPIs by day beside the previous period',
);

const SessionGroup = component(
  'SessionGroup',
  z.object({
    key: z.string().describe('Channel (direct, organic_search, paid_search, social, paid_social, email, referral, affiliate, in_store) or device type (app for app visits)'),
    sessions: z.number().int(),
    visitors: z.number().int(),
    bounceRate: share('Visits with at most one page or screen'),
    pagesPerSession: z.number().nullable(),
    avgDurationS: z.number().nullable(),
    conversionRate: share('Visits with an order'),
    orders: z.number().int(),
    revenue: z.number(),
  }),
  'Visits of one channel or device',
);

const SessionsSummary = component(
  'SessionsSummary',
  z.object({
    from: z.string().nullable().describe('First visit start in the range'),
    to: z.string().nullable(),
    total: SessionGroup,
    byChannel: z.array(SessionGroup),
    byDevice: z.array(SessionGroup),
    pendingEvents: z.number().int().describe('Events not in a visit yet (`cairn sessions` files them)'),
    message: z.string().nullable(),
  }),
  'Visits by channel and by device',
);

const Range = z.strictObject({
  from: day.optional().describe('First day (UTC)'),
  to: day.optional().describe('Last day, inclusive'),
});

export const kpiRoutes = [
  defineRoute({
    method: 'GET',
    path: '/analytics/kpis',
    operationId: 'getKpis',
    summary: 'Revenue, orders, AOV, conversion, new vs returning, repeat purchase, DAU/WAU/MAU by day',
    description:
      'By UTC day from `from` to `to` (default: the 30 days ending on the last day with data), each day beside the same day ' +
      'of the previous period of equal length. Reads the visits as they are.',
    tag: 'analytics',
    roles: ANY_ROLE,
    query: Range,
    response: Kpis,
    async handle({ query, deps }) {
      try {
        return await kpis(deps.store, { ...(query.from !== undefined && { from: query.from }), ...(query.to !== undefined && { to: query.to }) });
      } catch (err) {
        if (err instanceof KpiRangeError) throw badRequest(err.message);
        throw err;
      }
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/analytics/sessions/summary',
    operationId: 'getSessionsSummary',
    summary: 'Visits by channel and by device',
    description: 'Visits starting from `from` to `to` (UTC days, both optional) with bounce rate, pages per visit, duration and conversion.',
    tag: 'analytics',
    roles: ANY_ROLE,
    query: Range,
    response: SessionsSummary,
    async handle({ query, deps }) {
      if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
        throw badRequest(`from ${query.from} is after to ${query.to}: the range would be empty`);
      }
      const summary = await sessionSummary(deps.store, { ...(query.from !== undefined && { from: query.from }), ...(query.to !== undefined && { to: query.to }) });
      const [pending] = await deps.store.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM events WHERE session_key IS NULL');
      const pendingEvents = pending?.n ?? 0;
      const notes = [
        ...(summary.total.sessions === 0 ? ['no visits start in this range'] : []),
        ...(pendingEvents > 0 ? [`${String(pendingEvents)} events are in no visit yet: run cairn sessions`] : []),
      ];
      return { ...summary, pendingEvents, message: notes.length ? notes.join('; ') : null };
    },
  }),
];
