import { z } from 'zod';
import { AttributionInputError, ATTRIBUTION_MODELS, runAttribution } from '../../../analytics/index.js';
import { badRequest } from '../http-error.js';
import { ANY_ROLE } from '../roles.js';
import { component, defineRoute } from '../route.js';

const day = z.iso.date({ error: 'must be a day as YYYY-MM-DD' });

const ChannelCredit = component(
  'AttributionChannel',
  z.object({
    channel: z.string(),
    conversions: z.number().describe('Orders credited to the channel (fractions add up)'),
    revenue: z.number(),
    share: z.number().describe("Share of the model's credited orders, 0..1"),
    removalEffect: z.number().optional().describe('Markov only: share of conversions lost without the channel'),
    cost: z.number().optional(),
    roi: z.number().nullable().optional(),
    cpa: z.number().nullable().optional(),
  }),
  "One channel's credit under one model",
);

const Attribution = component(
  'Attribution',
  z.object({
    range: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
    lookbackDays: z.number(),
    halfLifeDays: z.number(),
    journeys: z.object({
      converting: z.number().int().describe('Orders of known customers in the range'),
      nonConverting: z.number().int().describe('Visitors with visits and no order'),
      revenue: z.number(),
      withoutTouches: z.number().int().describe('Orders with no visit or store purchase in the lookback (credited to nobody)'),
      meanTouches: z.number(),
    }),
    models: z.array(
      z.object({
        model: z.enum(ATTRIBUTION_MODELS),
        order: z.number().int().optional(),
        conversions: z.number(),
        revenue: z.number(),
        channels: z.array(ChannelCredit),
        detail: z.record(z.string(), z.number()).optional(),
      }),
    ),
    spend: z.object({ from: z.string(), to: z.string(), channels: z.array(z.object({ channel: z.string(), cost: z.number() })) }).nullable(),
    warnings: z.array(z.string()),
    message: z.string().nullable().describe('Why there is nothing to attribute, when there is not'),
  }),
  'Orders and revenue shared out over the channels by each attribution model',
);

export const attributionRoutes = [
  defineRoute({
    method: 'GET',
    path: '/analytics/attribution',
    operationId: 'getAttribution',
    summary: 'Multi-touch attribution of orders to channels',
    description:
      "Each order's journey is its customer's visits (by channel) and store purchases in the lookback before it; visitors " +
      'without an order are journeys that did not convert. Models: first, last, linear, time-decay, position (40/20/40), ' +
      'markov (removal effect, order 1-3) and shapley (exact, Zhao et al. 2018); `all` runs every one. Reads the visits as ' +
      'they are: the server builds them as events arrive.',
    tag: 'analytics',
    roles: ANY_ROLE,
    query: z.strictObject({
      model: z.enum(['all', ...ATTRIBUTION_MODELS]).default('all').describe('A model, or all'),
      order: z.coerce.number().int().min(1).max(3).default(1).describe('Markov order (1-3)'),
      lookback: z.coerce.number().int().min(1).max(3650).default(30).describe('Days before an order in which touches count'),
      halfLife: z.coerce.number().positive().max(3650).default(7).describe('Time-decay half-life in days'),
      from: day.optional().describe('Orders from this day (UTC)'),
      to: day.optional().describe('Orders up to and including this day'),
    }),
    response: Attribution,
    async handle({ query, deps }) {
      try {
        return await runAttribution(deps.store, {
          models: query.model === 'all' ? ATTRIBUTION_MODELS : [query.model],
          order: query.order,
          lookbackDays: query.lookback,
          halfLifeDays: query.halfLife,
          ...(query.from !== undefined && { from: query.from }),
          ...(query.to !== undefined && { to: query.to }),
        });
      } catch (err) {
        if (err instanceof AttributionInputError) throw badRequest(err.message);
        throw err;
      }
    },
  }),
];
