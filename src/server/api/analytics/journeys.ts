import { z } from 'zod';
import { cartAbandonment, clickPatterns, parseWindow, paths } from '../../../analytics/index.js';
import { badRequest } from '../http-error.js';
import { ANY_ROLE } from '../roles.js';
import { component, defineRoute } from '../route.js';

const day = z.iso.date({ error: 'must be a day as YYYY-MM-DD' });
const range = {
  from: day.optional().describe('From this day (UTC)'),
  to: day.optional().describe('Up to and including this day'),
};
const whole = (min: number, max: number, fallback: number, what: string) =>
  z.coerce.number().int().min(min).max(max).default(fallback).describe(`${what} (${min}-${max}, default ${fallback})`);

/** `from`/`to` days (both included) as since/until (until exclusive). */
function days(q: { from?: string | undefined; to?: string | undefined }): { since?: string; until?: string } {
  const next = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { ...(q.from !== undefined && { since: q.from }), ...(q.to !== undefined && { until: next(q.to) }) };
}

const message = z.string().nullable().describe('Why the result is empty, when it is');

const Paths = component(
  'Paths',
  z.object({
    anchor: z.enum(['from', 'to', 'entry']),
    event: z.string().nullable(),
    depth: z.number().int(),
    pageBy: z.enum(['name', 'path']),
    visits: z.number().int().describe('Visits in which the start (or end) event happened'),
    paths: z.array(z.object({ steps: z.array(z.string()), visits: z.number().int(), share: z.number().nullable() })),
    sankey: z.object({
      nodes: z.array(z.object({ id: z.string(), step: z.number().int(), label: z.string(), visits: z.number().int() })),
      links: z.array(z.object({ source: z.string(), target: z.string(), visits: z.number().int() })),
    }).describe("Nodes per step (a step's rarer labels as `other`) and the links between consecutive steps"),
    message,
  }),
  'The most common paths through visits, with the data a Sankey chart draws',
);

const clickCounts = { clicks: z.number().int(), rageClicks: z.number().int(), deadClicks: z.number().int(), visits: z.number().int() };
const Clicks = component(
  'Clicks',
  z.object({
    ...clickCounts,
    pages: z.array(z.object({ page: z.string(), ...clickCounts })),
    elements: z.array(z.object({
      page: z.string(), selector: z.string(), text: z.string().nullable(), tag: z.string().nullable(), ...clickCounts,
      rageRate: z.number().nullable(), deadRate: z.number().nullable(),
    })),
    message,
  }),
  'Clicks, rage clicks and dead clicks per page and element',
);

const cartFigures = {
  carts: z.number().int(),
  converted: z.number().int(),
  abandoned: z.number().int(),
  emptied: z.number().int().describe('Every item removed again: neither bought nor abandoned'),
  open: z.number().int().describe('The window had not ended at the last event: not in the rate'),
  abandonmentRate: z.number().nullable().describe('abandoned / (abandoned + converted)'),
  valueLeft: z.record(z.string(), z.number()).describe('What the abandoned carts held, by currency'),
  recovered: z.number().int(),
  recoveryRate: z.number().nullable().describe('recovered / abandoned'),
};
const Carts = component(
  'Carts',
  z.object({
    ...cartFigures,
    withinHours: z.number(),
    recoveryDays: z.number(),
    by: z.enum(['day', 'device', 'channel']).nullable(),
    groups: z.array(z.object({ key: z.string(), ...cartFigures })),
    message,
  }),
  'Cart abandonment, value left in carts and recovery, overall and by day, device or channel',
);

export const journeyRoutes = [
  defineRoute({
    method: 'GET',
    path: '/analytics/paths',
    operationId: 'getPaths',
    summary: 'Most common paths after a start event or before an end event',
    description:
      'A step is a page view (`page: Home`, or its path with pageBy=path), a screen (`screen: Cart`) or a track event; click and ' +
      'scroll capture are not steps and a step repeated in a row counts once. Paths start at the first time `fromEvent` happens ' +
      'in a visit, end at the first `toEvent`, or start at each visit\'s first step. An unknown event gives no paths and a ' +
      '`message` naming the most common events.',
    tag: 'analytics',
    roles: ANY_ROLE,
    query: z.strictObject({
      fromEvent: z.string().min(1).max(200).optional().describe('Start event: a step label, page name or path, or track event name'),
      toEvent: z.string().min(1).max(200).optional().describe('End event (not with fromEvent)'),
      depth: whole(2, 20, 5, 'Steps per path'),
      top: whole(1, 1000, 10, 'Paths to list'),
      nodes: whole(1, 100, 8, 'Sankey nodes per step before the rest are other'),
      pageBy: z.enum(['name', 'path']).default('name').describe('A page view is its name or its path'),
      ...range,
    }),
    response: Paths,
    async handle({ query, deps }) {
      if (query.fromEvent !== undefined && query.toEvent !== undefined) throw badRequest('give fromEvent or toEvent, not both');
      return paths(deps.store, {
        from: query.fromEvent, to: query.toEvent, depth: query.depth, top: query.top, nodesPerStep: query.nodes, pageBy: query.pageBy, ...days(query),
      });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/analytics/clicks',
    operationId: 'getClicks',
    summary: 'Clicks, rage clicks and dead clicks per page and element',
    description:
      "From the browser SDK's `Element Clicked`, `Rage Click` and `Dead Click`; other libraries' clicks are judged by the same " +
      'rules (3 clicks within 1 s on one element; nothing else in the visit within 2 s).',
    tag: 'analytics',
    roles: ANY_ROLE,
    query: z.strictObject({
      page: z.string().min(1).max(500).optional().describe('Only this page path, e.g. /cart'),
      top: whole(1, 10_000, 50, 'Elements to list'),
      ...range,
    }),
    response: Clicks,
    async handle({ query, deps }) {
      return clickPatterns(deps.store, { page: query.page, top: query.top, ...days(query) });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/analytics/carts',
    operationId: 'getCarts',
    summary: 'Cart abandonment by day, device or channel',
    description:
      "A cart is a person's Product Added events since their last order, each within `within` of the one before; it is converted " +
      'by an order within the window after its last add, else abandoned (emptied if every item was removed). Recovered: a later ' +
      'order of one of its items within `recoveryDays`. Carts count on the day (UTC) they were started.',
    tag: 'analytics',
    roles: ANY_ROLE,
    query: z.strictObject({
      within: z.string().max(20).default('24h').describe('How long a cart may wait for an order: 24h, 90m, 2d, 1d12h'),
      by: z.enum(['day', 'device', 'channel']).optional().describe('Breakdown'),
      recoveryDays: whole(0, 365, 7, 'Days after abandonment in which a later order recovers a cart'),
      ...range,
    }),
    response: Carts,
    async handle({ query, deps }) {
      const within = parseWindow(query.within);
      if (within === null) throw badRequest(`query parameter within: ${query.within} is not a duration; give one such as 24h, 90m or 2d`);
      return cartAbandonment(deps.store, { withinMs: within, by: query.by, recoveryDays: query.recoveryDays, ...days(query) });
    },
  }),
];
