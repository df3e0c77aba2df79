import type { Store } from '../store/index.js';
import {
  customerChannels,
  customerDevices,
  customerSessions,
  customerTimeline,
  type CustomerChannel,
  type CustomerDevice,
  type CustomerSession,
  type TimelineEntry,
} from './customer-activity.js';
import { customerIdentities, customerMembers, customerMerges, resolveCustomerId, type CustomerMember, type CustomerMerge, type ResolvedCustomerId } from './customer-members.js';
import { PROFILE_FEATURE_SET } from './features.js';

/**
 * One customer's 360 view, read from the store: who they are (members, merges, identifier kinds,
 * never values), what they did (a timeline across devices and channels, orders, texts) and what
 * the stages derived (profile features, segments, predictions). The API (`GET /api/customers/:id`)
 * and the CLI (`cairn customer ID`) both build on it and decide themselves what of it a caller
 * sees: text bodies and event properties are as stored, and the vault is not opened here.
 */

export interface CustomerViewOptions {
  /** Timeline entries (default 50). */
  limit?: number;
  /** Timeline from this instant on: an ISO-8601 date or date-time. */
  since?: string;
}

/** An option the view cannot work with; the message says which. */
export class CustomerViewInputError extends Error {
  override name = 'CustomerViewInputError';
}

export interface CustomerOrderLine {
  productId: string;
  productName: string | null;
  quantity: number;
  price: number;
}

export interface CustomerOrder {
  orderId: string;
  ts: string;
  kind: string;
  revenue: number;
  currency: string;
  channel: string | null;
  country: string | null;
  source: string;
  lines: CustomerOrderLine[];
}

/** An event as stored, with its JSON columns parsed (the context whole: callers choose what to show). */
export interface CustomerEvent {
  eventId: string;
  ts: string;
  receivedAt: string;
  type: string;
  name: string | null;
  customerId: string | null;
  sessionId: string | null;
  source: string;
  channel: string | null;
  properties: Record<string, unknown> | null;
  context: Record<string, unknown> | null;
}

export interface CustomerText {
  textId: string;
  ts: string | null;
  channel: string | null;
  productId: string | null;
  /** As stored: free text, which can hold an address or number the customer wrote. */
  body: string;
  rating: number | null;
  label: string | null;
}

interface Derived {
  version: string;
  values: Record<string, unknown> | null;
  computedAt: string;
}

export interface CustomerFeatures {
  featureSet: string;
  version: string;
  asOf: string | null;
  computedAt: string;
  values: Record<string, unknown>;
}

export interface CustomerView {
  requested: ResolvedCustomerId;
  profile: {
    customerId: string;
    firstSeen: string | null;
    lastSeen: string | null;
    source: string;
    traits: Record<string, unknown> | null;
    events: number;
    orders: number;
  };
  /** Identifier kinds over all members, with counts. */
  identities: { kind: string; count: number }[];
  members: CustomerMember[];
  merges: CustomerMerge[];
  devices: CustomerDevice[];
  channels: CustomerChannel[];
  sessions: { count: number; recent: CustomerSession[] };
  /** Events, orders and texts, newest first (`limit`, `since`). */
  timeline: TimelineEntry[];
  orders: { count: number; revenue: { currency: string; net: number }[]; recent: CustomerOrder[] };
  events: { count: number; recent: CustomerEvent[] };
  texts: CustomerText[];
  /** The latest stored profile features (feature_set 'profile'); null when `cairn features` has not computed them. */
  features: CustomerFeatures | null;
  segments: (Derived & { segmentation: string; segment: string })[];
  predictions: (Derived & { model: string; score: number | null })[];
}

/** Newest orders, events, texts and sessions listed beside the timeline. */
export const CUSTOMER_VIEW_RECENT = 50;
const SESSIONS_LISTED = 10;

const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/** The naive UTC text a TIMESTAMP column compares with, of an ISO-8601 date or date-time. */
function sinceInstant(since: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(since) ? Date.parse(since) : Number.NaN;
  if (Number.isNaN(ms)) throw new CustomerViewInputError(`since ${since} is not an ISO-8601 date (2026-05-01) or date-time (2026-05-01T12:00:00Z)`);
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * The 360 view of a customer, given the customer's id or the id of one of its members (resolved
 * to the customer: `requested` says which it was); undefined when the store knows neither.
 */
export async function customerView(store: Store, id: string, options: CustomerViewOptions = {}): Promise<CustomerView | undefined> {
  const limit = options.limit ?? CUSTOMER_VIEW_RECENT;
  if (!Number.isInteger(limit) || limit < 1) throw new CustomerViewInputError(`limit ${limit} must be a whole number of at least 1`);
  const since = options.since === undefined ? undefined : sinceInstant(options.since);
  const requested = await resolveCustomerId(store, id);
  if (!requested) return undefined;
  const customerId = requested.customerId;
  const [profile] = await store.query<{ customer_id: string; first_seen: string | null; last_seen: string | null; source: string; traits: string | null; events: number; orders: number }>(
    `SELECT customer_id, first_seen, last_seen, source, traits::VARCHAR AS traits,
       (SELECT count(*) FROM events WHERE customer_id = ?)::INTEGER AS events,
       (SELECT count(*) FROM orders WHERE customer_id = ?)::INTEGER AS orders
     FROM customers WHERE customer_id = ?`,
    [customerId, customerId, customerId],
  );
  if (!profile) return undefined;
  return {
    requested,
    profile: {
      customerId: profile.customer_id,
      firstSeen: profile.first_seen,
      lastSeen: profile.last_seen,
      source: profile.source,
      traits: parse<Record<string, unknown>>(profile.traits),
      events: profile.events,
      orders: profile.orders,
    },
    identities: await customerIdentities(store, customerId),
    members: await customerMembers(store, customerId),
    merges: await customerMerges(store, customerId),
    devices: await customerDevices(store, customerId),
    channels: await customerChannels(store, customerId),
    sessions: await customerSessions(store, customerId, SESSIONS_LISTED),
    timeline: await customerTimeline(store, customerId, { limit, since }),
    orders: { count: profile.orders, revenue: await revenue(store, customerId), recent: await recentOrders(store, customerId) },
    events: { count: profile.events, recent: await recentEvents(store, customerId) },
    texts: await texts(store, customerId),
    features: await features(store, customerId),
    segments: await segments(store, customerId),
    predictions: await predictions(store, customerId),
  };
}

async function revenue(store: Store, customerId: string) {
  return store.query<{ currency: string; net: number }>(
    `SELECT currency, sum(revenue)::DOUBLE AS net FROM orders WHERE customer_id = ? AND kind IN ('order', 'return') GROUP BY currency ORDER BY currency`,
    [customerId],
  );
}

async function recentOrders(store: Store, customerId: string): Promise<CustomerOrder[]> {
  const orders = await store.query<Omit<CustomerOrder, 'lines'> & Record<string, unknown>>(
    `SELECT order_id AS "orderId", ts, kind, revenue::DOUBLE AS revenue, currency, channel, country, source
     FROM orders WHERE customer_id = ? ORDER BY ts DESC, order_id DESC LIMIT ${CUSTOMER_VIEW_RECENT}`,
    [customerId],
  );
  const lines = await store.query<{ order_id: string; productId: string; productName: string | null; quantity: number; price: number }>(
    `SELECT i.order_id, i.product_id AS "productId", p.name AS "productName", i.quantity, i.price::DOUBLE AS price
     FROM order_items i LEFT JOIN products p USING (product_id)
     WHERE i.order_id IN (SELECT order_id FROM orders WHERE customer_id = ? ORDER BY ts DESC, order_id DESC LIMIT ${CUSTOMER_VIEW_RECENT})
     ORDER BY i.order_id, i.line_key`,
    [customerId],
  );
  const byOrder = new Map<string, CustomerOrderLine[]>();
  for (const { order_id, ...line } of lines) {
    const list = byOrder.get(order_id);
    if (list) list.push(line);
    else byOrder.set(order_id, [line]);
  }
  return orders.map((o) => ({ ...o, lines: byOrder.get(o.orderId) ?? [] }));
}

async function recentEvents(store: Store, customerId: string): Promise<CustomerEvent[]> {
  const rows = await store.query<Omit<CustomerEvent, 'properties' | 'context'> & { properties: string | null; context: string | null }>(
    `SELECT event_id AS "eventId", ts, received_at AS "receivedAt", type, name, customer_id AS "customerId", session_id AS "sessionId",
       source, channel, properties::VARCHAR AS properties, context::VARCHAR AS context
     FROM events WHERE customer_id = ? ORDER BY ts DESC, event_id DESC LIMIT ${CUSTOMER_VIEW_RECENT}`,
    [customerId],
  );
  return rows.map((r) => ({ ...r, properties: parse<Record<string, unknown>>(r.properties), context: parse<Record<string, unknown>>(r.context) }));
}

async function texts(store: Store, customerId: string): Promise<CustomerText[]> {
  return store.query<CustomerText & Record<string, unknown>>(
    `SELECT text_id AS "textId", ts, channel, product_id AS "productId", body, rating, label
     FROM texts WHERE customer_id = ? ORDER BY ts DESC NULLS LAST, text_id LIMIT ${CUSTOMER_VIEW_RECENT}`,
    [customerId],
  );
}

async function features(store: Store, customerId: string): Promise<CustomerFeatures | null> {
  const [row] = await store.query<{ version: string; asOf: string | null; computedAt: string; values: string }>(
    `SELECT version, strftime(as_of, '%Y-%m-%d') AS "asOf", computed_at AS "computedAt", "values"::VARCHAR AS "values"
     FROM features WHERE customer_id = ? AND feature_set = ? ORDER BY as_of DESC NULLS LAST, computed_at DESC LIMIT 1`,
    [customerId, PROFILE_FEATURE_SET],
  );
  return row ? { featureSet: PROFILE_FEATURE_SET, version: row.version, asOf: row.asOf, computedAt: row.computedAt, values: JSON.parse(row.values) as Record<string, unknown> } : null;
}

async function segments(store: Store, customerId: string) {
  const rows = await store.query<{ segmentation: string; segment: string; version: string; values: string | null; computedAt: string }>(
    `SELECT segmentation, segment, version, "values"::VARCHAR AS "values", computed_at AS "computedAt" FROM segments WHERE customer_id = ?
     QUALIFY row_number() OVER (PARTITION BY segmentation ORDER BY computed_at DESC, version DESC) = 1 ORDER BY segmentation`,
    [customerId],
  );
  return rows.map((r) => ({ ...r, values: parse<Record<string, unknown>>(r.values) }));
}

async function predictions(store: Store, customerId: string) {
  const rows = await store.query<{ model: string; score: number | null; version: string; values: string | null; computedAt: string }>(
    `SELECT model, score, version, "values"::VARCHAR AS "values", computed_at AS "computedAt" FROM predictions WHERE customer_id = ?
     QUALIFY row_number() OVER (PARTITION BY model ORDER BY computed_at DESC, version DESC) = 1 ORDER BY model`,
    [customerId],
  );
  return rows.map((r) => ({ ...r, values: parse<Record<string, unknown>>(r.values) }));
}
