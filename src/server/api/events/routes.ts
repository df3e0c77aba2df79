import { z } from 'zod';
import { ANALYSTS } from '../roles.js';
import { component, defineRoute } from '../route.js';
import { cursor, customerId, instant, limit, nextCursor } from '../schemas/common.js';
import { EventItem } from './event-item.js';
import { queryEvents } from './query-events.js';

const EventPage = component('EventPage', z.object({ items: z.array(EventItem), nextCursor }));

export const eventRoutes = [
  defineRoute({
    method: 'GET',
    path: '/events',
    operationId: 'queryEvents',
    summary: 'Query events, newest first',
    description: 'Every filter is optional and they combine with AND. `from` is inclusive, `to` exclusive.',
    tag: 'events',
    roles: ANALYSTS,
    query: z.strictObject({
      type: z.enum(['track', 'page', 'screen', 'identify', 'group', 'alias']).optional().describe('Event type'),
      name: z.string().min(1).max(200).optional().describe('Event name, e.g. "Order Completed"'),
      customerId: customerId.optional(),
      source: z.string().min(1).max(200).optional().describe('The source that sent or imported the event'),
      from: instant.optional().describe('Events at or after this instant'),
      to: instant.optional().describe('Events before this instant'),
      limit: limit(100, 1000),
      cursor,
    }),
    response: EventPage,
    async handle({ query, deps }) {
      return queryEvents(deps.store, query);
    },
  }),
];
