import { z } from 'zod';
import { ANY_ROLE } from '../roles.js';
import { component, defineRoute } from '../route.js';

const Summary = component(
  'Summary',
  z.object({
    customers: z.number().int(),
    events: z.number().int(),
    orders: z.number().int().describe('Orders (returns and adjustments not counted)'),
    returns: z.number().int(),
    revenue: z.array(z.object({ currency: z.string(), orders: z.number(), returns: z.number(), net: z.number() })).describe('By currency: gross of orders, returns (negative), net'),
    firstEventAt: z.string().nullable(),
    lastEventAt: z.string().nullable(),
    quarantineWaiting: z.number().int().describe('Rejected records not yet replayed'),
  }),
  'Counts of the whole store, for dashboards',
);

export const summaryRoutes = [
  defineRoute({
    method: 'GET',
    path: '/summary',
    operationId: 'getSummary',
    summary: 'Counts of customers, events, orders and revenue',
    tag: 'dashboard',
    roles: ANY_ROLE,
    response: Summary,
    async handle({ deps }) {
      const [counts] = await deps.store.query<{
        customers: number;
        events: number;
        orders: number;
        returns: number;
        firstEventAt: string | null;
        lastEventAt: string | null;
        quarantineWaiting: number;
      }>(`SELECT (SELECT count(*) FROM customers) AS customers,
           e.events, e."firstEventAt", e."lastEventAt",
           (SELECT count(*) FILTER (WHERE kind = 'order') FROM orders) AS orders,
           (SELECT count(*) FILTER (WHERE kind = 'return') FROM orders) AS returns,
           (SELECT count(*) FROM quarantine WHERE replayed_at IS NULL) AS "quarantineWaiting"
         FROM (SELECT count(*) AS events, min(ts) AS "firstEventAt", max(ts) AS "lastEventAt" FROM events) e`);
      const revenue = await deps.store.query<{ currency: string; orders: number; returns: number; net: number }>(
        `SELECT currency,
           coalesce(sum(revenue) FILTER (WHERE kind = 'order'), 0)::DOUBLE AS orders,
           coalesce(sum(revenue) FILTER (WHERE kind = 'return'), 0)::DOUBLE AS returns,
           coalesce(sum(revenue) FILTER (WHERE kind IN ('order', 'return')), 0)::DOUBLE AS net
         FROM orders GROUP BY currency ORDER BY net DESC, currency`,
      );
      return { ...counts!, revenue };
    },
  }),
];
