import type { SqlValue, Store } from '../store/index.js';

/**
 * What a customer did, across devices and channels: one timeline of events, orders and texts,
 * and the devices, channels and sessions behind it. `events`, `orders` and `texts` carry the
 * resolved `customer_id`, so this reads them by customer whatever member filed them.
 *
 * A device is named by a pseudonym (`dev_` and the start of the keyed hash of its device id, the
 * hash the identity graph files devices under), never by the raw id a phone or browser sent.
 */

export interface TimelineEntry {
  ts: string;
  kind: 'event' | 'order' | 'text';
  /** event_id, order_id or text_id. */
  id: string;
  /** The event's name (or its type), the order's kind (order, return, adjustment), the text's label. */
  name: string;
  /** The event's type (track, page, screen, identify, alias, group); null for orders and texts. */
  type: string | null;
  /** A page's path, a product's name, an order's item count, a review's rating. */
  detail: string | null;
  /** An order's revenue (negative for a return), or an Order Completed event's. */
  revenue: number | null;
  currency: string | null;
  /** web, mobile, in-store, … */
  channel: string | null;
  /** Device pseudonym (an order: the device of its Order Completed event). */
  deviceId: string | null;
  deviceType: string | null;
  os: string | null;
  sessionId: string | null;
  source: string;
  /** The record (member) the row was filed under; null for an anonymous event. */
  memberId: string | null;
}

export interface CustomerDevice {
  deviceId: string | null;
  type: string | null;
  os: string | null;
  channels: string[];
  events: number;
  sessions: number;
  firstSeen: string;
  lastSeen: string;
}

export interface CustomerChannel {
  channel: string;
  events: number;
  sessions: number;
  orders: number;
}

export interface CustomerSession {
  sessionId: string;
  start: string;
  end: string;
  events: number;
  /** Page and screen views. */
  pages: number;
  /** The session has an Order Completed event. */
  ordered: boolean;
  channel: string | null;
  deviceId: string | null;
  deviceType: string | null;
}

export interface TimelineOptions {
  /** Newest entries to return. */
  limit: number;
  /** Only entries at or after this instant (naive UTC text, as TIMESTAMP columns hold it). */
  since?: string | undefined;
}

const devicePseudonym = (raw: string) => `CASE WHEN ${raw} IS NULL THEN NULL ELSE 'dev_' || substr(cairn_hmac(${raw}), 1, 12) END`;

/** SQL: the customer's (`?`) events with their device read out of the context. */
const EVENTS = `SELECT event_id, ts, type, name, channel, session_id, source, member_id, properties,
    json_extract_string(context, '$.device.id') AS device_raw,
    json_extract_string(context, '$.device.type') AS device_type,
    json_extract_string(context, '$.os.name') AS os
  FROM events WHERE customer_id = ?`;

/** Events, orders and texts on one time line, newest first. */
export async function customerTimeline(store: Store, customerId: string, options: TimelineOptions): Promise<TimelineEntry[]> {
  const since = (column: string) => (options.since === undefined ? '' : ` AND ${column} >= ?::TIMESTAMP`);
  const sinceParam: SqlValue[] = options.since === undefined ? [] : [options.since];
  return store.query<TimelineEntry & Record<string, unknown>>(
    `WITH ev AS (${EVENTS}),
       completed AS (
         SELECT source || ':' || json_extract_string(properties, '$.order_id') AS order_id, device_raw, device_type, os, session_id FROM ev
         WHERE name = 'Order Completed' AND json_extract_string(properties, '$.order_id') IS NOT NULL
         QUALIFY row_number() OVER (PARTITION BY source, json_extract_string(properties, '$.order_id') ORDER BY ts) = 1),
       line AS (
         SELECT ts, 'event' AS kind, event_id AS id, coalesce(name, type) AS name, type,
           CASE WHEN type IN ('page', 'screen') THEN json_extract_string(properties, '$.path')
                ELSE coalesce(json_extract_string(properties, '$.name'), json_extract_string(properties, '$.category'), json_extract_string(properties, '$.order_id')) END AS detail,
           CASE WHEN name = 'Order Completed' THEN try_cast(json_extract_string(properties, '$.revenue') AS DOUBLE) END AS revenue,
           CASE WHEN name = 'Order Completed' THEN json_extract_string(properties, '$.currency') END AS currency,
           channel, device_raw, device_type, os, session_id, source, nullif(member_id, '') AS member_id
         FROM ev WHERE true${since('ts')}
         UNION ALL
         SELECT o.ts, 'order', o.order_id, o.kind, NULL,
           (SELECT count(*) FROM order_items i WHERE i.order_id = o.order_id) || ' item(s)',
           o.revenue::DOUBLE, o.currency, o.channel, c.device_raw, c.device_type, c.os, c.session_id, o.source, nullif(o.member_id, '')
         FROM orders o LEFT JOIN completed c USING (order_id) WHERE o.customer_id = ?${since('o.ts')}
         UNION ALL
         SELECT ts, 'text', text_id, coalesce(label, 'text'), NULL, CASE WHEN rating IS NOT NULL THEN 'rating ' || rating END,
           NULL, NULL, channel, NULL, NULL, NULL, NULL, source, nullif(member_id, '')
         FROM texts WHERE customer_id = ? AND ts IS NOT NULL${since('ts')})
     SELECT ts, kind, id, name, type, detail, revenue, currency, channel, ${devicePseudonym('device_raw')} AS "deviceId",
       device_type AS "deviceType", os, session_id AS "sessionId", source, member_id AS "memberId"
     FROM line ORDER BY ts DESC, kind, id DESC LIMIT ${Math.max(0, Math.trunc(options.limit))}`,
    [customerId, ...sinceParam, customerId, ...sinceParam, customerId, ...sinceParam],
  );
}

/** The devices the customer's events came from, most recently used first (a null id: events without one). */
export async function customerDevices(store: Store, customerId: string): Promise<CustomerDevice[]> {
  return store.query<CustomerDevice & Record<string, unknown>>(
    `WITH ev AS (${EVENTS})
     SELECT ${devicePseudonym('device_raw')} AS "deviceId", mode(device_type) AS type, mode(os) AS os,
       coalesce(list_sort(list(DISTINCT channel) FILTER (WHERE channel IS NOT NULL)), []) AS channels,
       count(*)::INTEGER AS events, count(DISTINCT session_id)::INTEGER AS sessions, min(ts) AS "firstSeen", max(ts) AS "lastSeen"
     FROM ev GROUP BY device_raw ORDER BY "lastSeen" DESC, "deviceId"`,
    [customerId],
  );
}

/** Events, visits and orders per channel. */
export async function customerChannels(store: Store, customerId: string): Promise<CustomerChannel[]> {
  return store.query<CustomerChannel & Record<string, unknown>>(
    `WITH e AS (SELECT coalesce(channel, 'unknown') AS channel, count(*) AS events, count(DISTINCT session_id) AS sessions FROM events WHERE customer_id = ? GROUP BY 1),
       o AS (SELECT coalesce(channel, 'unknown') AS channel, count(*) FILTER (WHERE kind = 'order') AS orders FROM orders WHERE customer_id = ? GROUP BY 1)
     SELECT channel, coalesce(e.events, 0)::INTEGER AS events, coalesce(e.sessions, 0)::INTEGER AS sessions, coalesce(o.orders, 0)::INTEGER AS orders
     FROM e FULL JOIN o USING (channel) ORDER BY channel`,
    [customerId, customerId],
  );
}

/** How many visits the customer made, and the newest `limit` of them. */
export async function customerSessions(store: Store, customerId: string, limit: number): Promise<{ count: number; recent: CustomerSession[] }> {
  const recent = await store.query<CustomerSession & { total: number } & Record<string, unknown>>(
    `WITH ev AS (${EVENTS})
     SELECT session_id AS "sessionId", min(ts) AS start, max(ts) AS "end", count(*)::INTEGER AS events,
       count(*) FILTER (WHERE type IN ('page', 'screen'))::INTEGER AS pages, coalesce(bool_or(name = 'Order Completed'), false) AS ordered,
       mode(channel) AS channel, ${devicePseudonym('arg_min(device_raw, ts)')} AS "deviceId", arg_min(device_type, ts) AS "deviceType",
       (count(*) OVER ())::INTEGER AS total
     FROM ev WHERE session_id IS NOT NULL GROUP BY session_id ORDER BY start DESC, session_id LIMIT ${Math.max(0, Math.trunc(limit))}`,
    [customerId],
  );
  return { count: recent[0]?.total ?? 0, recent: recent.map(({ total: _total, ...s }) => s) };
}
