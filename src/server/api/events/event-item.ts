import { z } from 'zod';
import { component } from '../route.js';
import { jsonObject, parseJson } from '../schemas/common.js';

/**
 * One event as the API shows it. Raw `user_id` and `anonymous_id` are left out (the customer's
 * pseudonym id stands for them), and of the context only what describes the visit, not the
 * device or person: page, campaign, app, OS, device type, library, locale, time zone.
 */
export const EventItem = component(
  'Event',
  z.object({
    eventId: z.string(),
    ts: z.string().describe('When it happened (ISO-8601, UTC)'),
    receivedAt: z.string(),
    type: z.string().describe('track, page, screen, identify, group or alias'),
    name: z.string().nullable().describe('Event name of a track, page name of a page or screen'),
    customerId: z.string().nullable(),
    sessionId: z.string().nullable(),
    source: z.string(),
    channel: z.string().nullable(),
    properties: jsonObject.nullable(),
    context: jsonObject.nullable(),
  }),
);
export type EventItem = z.infer<typeof EventItem>;

/** The columns an `EventItem` is read from, for `SELECT ${EVENT_COLUMNS} FROM events`. */
export const EVENT_COLUMNS = `event_id, ts, received_at, type, name, customer_id, session_id, source, channel,
  properties::VARCHAR AS properties, context::VARCHAR AS context`;

export interface EventRow {
  event_id: string;
  ts: string;
  received_at: string;
  type: string;
  name: string | null;
  customer_id: string | null;
  session_id: string | null;
  source: string;
  channel: string | null;
  properties: string | null;
  context: string | null;
  [k: string]: unknown;
}

const CONTEXT_KEPT = ['page', 'campaign', 'app', 'os', 'library', 'locale', 'timezone', 'screen'];
const DEVICE_KEPT = ['type', 'manufacturer', 'model'];

/** The visit-describing part of a stored context (see `EventItem`). */
export function publicContext(context: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!context || typeof context !== 'object') return null;
  const out: Record<string, unknown> = {};
  for (const key of CONTEXT_KEPT) if (context[key] !== undefined) out[key] = context[key];
  const device = context['device'];
  if (device && typeof device === 'object') {
    const kept = Object.fromEntries(DEVICE_KEPT.flatMap((k) => ((device as Record<string, unknown>)[k] !== undefined ? [[k, (device as Record<string, unknown>)[k]]] : [])));
    if (Object.keys(kept).length) out['device'] = kept;
  }
  return out;
}

export function toEventItem(r: EventRow): EventItem {
  return {
    eventId: r.event_id,
    ts: r.ts,
    receivedAt: r.received_at,
    type: r.type,
    name: r.name,
    customerId: r.customer_id,
    sessionId: r.session_id,
    source: r.source,
    channel: r.channel,
    properties: parseJson<Record<string, unknown>>(r.properties),
    context: publicContext(parseJson<Record<string, unknown>>(r.context)),
  };
}
