import { z } from 'zod';
import {
  funnel, funnelDropped, FunnelInputError, parseBreakdown, parseCohortBy, parseConversionWindow, parseSteps, retention, RETENTION_PERIODS,
  type FunnelOptions,
} from '../../../analytics/index.js';
import { badRequest } from '../http-error.js';
import { ANALYSTS, ANY_ROLE } from '../roles.js';
import { component, defineRoute } from '../route.js';

const day = z.iso.date({ error: 'must be a day as YYYY-MM-DD' });
const share = (what: string) => z.number().nullable().describe(`${what}, 0..1; null when there is nothing to divide by`);
const seconds = (what: string) => z.number().nullable().describe(`${what}, in seconds; null for step 1 or when nobody got there`);

const FunnelStep = component(
  'FunnelStep',
  z.object({
    step: z.number().int().describe('1 for the first step'),
    label: z.string(),
    people: z.number().int().describe('People (customers, else visitors) who reached the step'),
    conversionFromFirst: share('People here per people at step 1'),
    conversionFromPrevious: share('People here per people at the step before'),
    dropOff: z.number().int().describe('People who reached the step before and not this one'),
    dropOffRate: share('dropOff per people at the step before'),
    medianSecondsFromPrevious: seconds('Median time from the step before'),
    medianSecondsFromFirst: seconds('Median time from step 1'),
  }),
  "One step of a funnel: who got there, conversion, drop-off and time",
);

const Funnel = component(
  'Funnel',
  z.object({
    steps: z.array(z.string()),
    order: z.enum(['strict', 'any']),
    withinSeconds: z.number().describe('Conversion window from the first step to the last'),
    range: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
    breakdown: z.string().nullable(),
    total: z.array(FunnelStep),
    groups: z.array(z.object({ value: z.string().nullable(), steps: z.array(FunnelStep) })).describe('By breakdown value, largest first'),
    otherGroups: z.number().int().describe('Smaller groups left out'),
    message: z.string().nullable().describe('Why the funnel is empty or partial (unknown events, empty range, a window of 0)'),
  }),
  'People through ordered steps within a conversion window',
);

const FunnelDropped = component(
  'FunnelDropped',
  z.object({
    step: z.number().int(),
    label: z.string(),
    customers: z.array(z.string()).describe('Customer ids that reached the step before and not this one'),
    anonymousVisitors: z.number().int().describe('Visitors without a customer who dropped there too (not listed)'),
    message: z.string().nullable(),
  }),
  'The customers who dropped at a step of a funnel, for a campaign',
);

const RetentionCohort = component(
  'RetentionCohort',
  z.object({
    cohort: z.string().describe("First day of the cohort's period"),
    size: z.number().int(),
    values: z.array(z.number().nullable()).describe('Per period: people active or revenue; null before the period has happened'),
    rates: z.array(z.number().nullable()).describe('values per size (people) or per period-0 revenue'),
  }),
  'One cohort row of a retention table',
);

const Retention = component(
  'Retention',
  z.object({
    cohortBy: z.string(),
    period: z.enum(['day', 'week', 'month']),
    metric: z.enum(['customers', 'revenue']),
    unbounded: z.boolean(),
    returnEvent: z.string().nullable(),
    range: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
    through: z.string().nullable().describe('Last day of data counted'),
    periods: z.number().int(),
    cohorts: z.array(RetentionCohort),
    average: z.array(z.number().nullable()).describe('Per period, over the cohorts that have reached it'),
    message: z.string().nullable(),
  }),
  'Retention cohorts by first event or first purchase',
);

const FunnelQuery = z.strictObject({
  steps: z.string().min(1).describe('Event names in order, comma-separated; a step may filter: Product Viewed[category=Books]'),
  within: z.string().default('1d').describe('Conversion window: 30m, 2h, 1d, 7d'),
  order: z.enum(['strict', 'any']).default('strict'),
  by: z.string().optional().describe('device, channel, day, week, property.NAME, context.PATH, session.COLUMN, segment or segment:NAME'),
  from: day.optional().describe('First day of events (UTC)'),
  to: day.optional().describe('Last day of events (UTC)'),
  groups: z.coerce.number().int().min(1).max(1000).default(20),
});

/** Query parameters into funnel options; a malformed step, window or breakdown is a 400. */
function funnelOptions(q: z.output<typeof FunnelQuery>): FunnelOptions {
  try {
    return {
      steps: parseSteps(q.steps),
      withinSeconds: parseConversionWindow(q.within),
      order: q.order,
      groups: q.groups,
      ...(q.by === undefined ? {} : { breakdown: parseBreakdown(q.by) }),
      ...(q.from === undefined ? {} : { from: q.from }),
      ...(q.to === undefined ? {} : { to: q.to }),
    };
  } catch (err) {
    if (err instanceof FunnelInputError) throw badRequest(err.message);
    throw err;
  }
}

const FUNNEL_DESCRIPTION =
  'A person is the customer, else the visitor behind an anonymous id. strict: each step after the one before (other events ' +
  'may happen between), the last within the window of the first; any: steps in any order within one window. Breakdowns use ' +
  'the event that starts the furthest path (by day or week: each day a person starts one). Unknown events, an empty range ' +
  'or a window of 0 answer an empty funnel with a message.';

export const funnelRoutes = [
  defineRoute({
    method: 'GET',
    path: '/analytics/funnel',
    operationId: 'getFunnel',
    summary: 'Conversion through ordered steps within a window',
    description: FUNNEL_DESCRIPTION,
    tag: 'analytics',
    roles: ANY_ROLE,
    query: FunnelQuery,
    response: Funnel,
    async handle({ query, deps }) {
      return funnel(deps.store, funnelOptions(query));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/analytics/funnel/dropped',
    operationId: 'getFunnelDropped',
    summary: 'Customers who dropped at a step of a funnel',
    description: 'The customers who reached step − 1 and not step: an audience for a campaign. Customer ids only.',
    tag: 'analytics',
    roles: ANALYSTS,
    query: FunnelQuery.omit({ by: true, groups: true }).extend({ step: z.coerce.number().int().min(2).describe('The step they did not reach (2 for the second)') }),
    response: FunnelDropped,
    async handle({ query, deps }) {
      const { step, ...rest } = query;
      return funnelDropped(deps.store, funnelOptions({ ...rest, groups: 1 }), step);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/analytics/retention',
    operationId: 'getRetention',
    summary: 'Retention cohorts by first event or first purchase',
    description:
      'Cohorts by the calendar day, ISO week or month of their first event, first named event or first purchase; bounded ' +
      '(active in period N) or unbounded (N or later); customers or revenue (orders net of returns over the first period). ' +
      'Periods after the last day of data are null.',
    tag: 'analytics',
    roles: ANY_ROLE,
    query: z.strictObject({
      cohort: z.string().min(1).default('first-event').describe('first-event, first-purchase or an event name'),
      period: z.enum(RETENTION_PERIODS as ['day', 'week', 'month']).default('week'),
      metric: z.enum(['customers', 'revenue']).default('customers'),
      unbounded: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
      return: z.string().min(1).optional().describe('Only this event makes a person active again'),
      from: day.optional().describe('Cohorts whose first time is on or after this day'),
      to: day.optional().describe('Activity up to and including this day'),
      periods: z.coerce.number().int().min(1).max(1000).optional(),
    }),
    response: Retention,
    async handle({ query, deps }) {
      return retention(deps.store, {
        cohort: parseCohortBy(query.cohort),
        period: query.period,
        metric: query.metric,
        unbounded: query.unbounded,
        ...(query.return === undefined ? {} : { returnEvent: query.return }),
        ...(query.from === undefined ? {} : { from: query.from }),
        ...(query.to === undefined ? {} : { to: query.to }),
        ...(query.periods === undefined ? {} : { periods: query.periods }),
      });
    },
  }),
];
