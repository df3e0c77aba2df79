import { z } from 'zod';
import type { Store } from '../../../store/index.js';
import { EventItem, toEventItem, type EventRow } from '../events/event-item.js';
import { newestEvents } from '../events/query-events.js';
import { maskText } from '../mask.js';
import { component } from '../route.js';
import { jsonObject, parseJson } from '../schemas/common.js';
import { CustomerSummary } from './customer-list.js';

const OrderLine = z.object({ productId: z.string(), productName: z.string().nullable(), quantity: z.number(), price: z.number() });

const Order = component(
  'Order',
  z.object({
    orderId: z.string(),
    ts: z.string(),
    kind: z.string().describe('order, return or adjustment'),
    revenue: z.number(),
    currency: z.string(),
    channel: z.string().nullable(),
    country: z.string().nullable(),
    source: z.string(),
    lines: z.array(OrderLine),
  }),
);

const Text = component(
  'Text',
  z.object({
    textId: z.string(),
    ts: z.string().nullable(),
    channel: z.string().nullable(),
    productId: z.string().nullable(),
    body: z.string().describe('The text, with e-mail addresses and phone numbers in it masked'),
    rating: z.number().nullable(),
    label: z.string().nullable(),
  }),
);

const Derived = z.object({ version: z.string(), values: jsonObject.nullable(), computedAt: z.string() });

export const CustomerView = component(
  'CustomerView',
  z.object({
    profile: CustomerSummary,
    identities: z.array(z.object({ kind: z.string(), count: z.number().int() })).describe('Identifiers known for the customer, by kind: counts only, never values'),
    orders: z.object({
      count: z.number().int(),
      revenue: z.array(z.object({ currency: z.string(), net: z.number() })).describe('Net revenue (orders less returns) by currency'),
      recent: z.array(Order).describe('The 50 most recent, newest first'),
    }),
    events: z.object({ count: z.number().int(), recent: z.array(EventItem).describe('The 50 most recent, newest first') }),
    texts: z.array(Text).describe('Reviews, tickets and posts, newest first (at most 50)'),
    segments: z.array(Derived.extend({ segmentation: z.string(), segment: z.string() })).describe('The latest row of each segmentation'),
    predictions: z.array(Derived.extend({ model: z.string(), score: z.number().nullable() })).describe('The latest row of each model'),
    personal: z
      .record(z.string(), z.string())
      .nullable()
      .describe('Decrypted vault fields (e-mail, phone, names, …): only for admin keys that ask with personal=true; the read is audited'),
  }),
);
export type CustomerView = z.infer<typeof CustomerView>;

const RECENT = 50;

/** One customer's 360 view without the vault, or undefined when there is no such customer. */
export async function customerView(store: Store, customerId: string): Promise<Omit<CustomerView, 'personal'> | undefined> {
  const [profile] = await store.query<{ customer_id: string; first_seen: string | null; last_seen: string | null; source: string; traits: string | null; events: number; orders: number }>(
    `SELECT customer_id, first_seen, last_seen, source, traits::VARCHAR AS traits,
       (SELECT count(*) FROM events WHERE customer_id = ?) AS events,
       (SELECT count(*) FROM orders WHERE customer_id = ?) AS orders
     FROM customers WHERE customer_id = ?`,
    [customerId, customerId, customerId],
  );
  if (!profile) return undefined;
  const identities = await store.query<{ kind: string; count: number }>(
    'SELECT kind, count(*) AS count FROM identities WHERE customer_id = ? GROUP BY kind ORDER BY kind',
    [customerId],
  );
  return {
    profile: {
      customerId: profile.customer_id,
      firstSeen: profile.first_seen,
      lastSeen: profile.last_seen,
      source: profile.source,
      traits: parseJson<Record<string, unknown>>(profile.traits),
      events: profile.events,
      orders: profile.orders,
    },
    identities,
    orders: { count: profile.orders, revenue: await revenue(store, customerId), recent: await recentOrders(store, customerId) },
    events: {
      count: profile.events,
      recent: (await store.query<EventRow>(newestEvents('customer_id = ?', RECENT, true), [customerId])).map(toEventItem),
    },
    texts: await texts(store, customerId),
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

async function recentOrders(store: Store, customerId: string) {
  const orders = await store.query<{ orderId: string; ts: string; kind: string; revenue: number; currency: string; channel: string | null; country: string | null; source: string }>(
    `SELECT order_id AS "orderId", ts, kind, revenue::DOUBLE AS revenue, currency, channel, country, source
     FROM orders WHERE customer_id = ? ORDER BY ts DESC, order_id DESC LIMIT ${RECENT}`,
    [customerId],
  );
  const lines = await store.query<{ order_id: string; productId: string; productName: string | null; quantity: number; price: number }>(
    `SELECT i.order_id, i.product_id AS "productId", p.name AS "productName", i.quantity, i.price::DOUBLE AS price
     FROM order_items i LEFT JOIN products p USING (product_id)
     WHERE i.order_id IN (SELECT order_id FROM orders WHERE customer_id = ? ORDER BY ts DESC, order_id DESC LIMIT ${RECENT})
     ORDER BY i.order_id, i.line_key`,
    [customerId],
  );
  const byOrder = new Map<string, { productId: string; productName: string | null; quantity: number; price: number }[]>();
  for (const { order_id, ...line } of lines) {
    const list = byOrder.get(order_id);
    if (list) list.push(line);
    else byOrder.set(order_id, [line]);
  }
  return orders.map((o) => ({ ...o, lines: byOrder.get(o.orderId) ?? [] }));
}

async function texts(store: Store, customerId: string) {
  // A review is free text in the clear: an address or number a customer wrote into it is masked.
  const rows = await store.query<z.infer<typeof Text> & Record<string, unknown>>(
    `SELECT text_id AS "textId", ts, channel, product_id AS "productId", body, rating, label
     FROM texts WHERE customer_id = ? ORDER BY ts DESC NULLS LAST, text_id LIMIT ${RECENT}`,
    [customerId],
  );
  return rows.map((t) => ({ ...t, body: maskText(t.body) }));
}

async function segments(store: Store, customerId: string) {
  const rows = await store.query<{ segmentation: string; segment: string; version: string; values: string | null; computedAt: string }>(
    `SELECT segmentation, segment, version, "values"::VARCHAR AS "values", computed_at AS "computedAt" FROM segments WHERE customer_id = ?
     QUALIFY row_number() OVER (PARTITION BY segmentation ORDER BY computed_at DESC, version DESC) = 1 ORDER BY segmentation`,
    [customerId],
  );
  return rows.map((r) => ({ ...r, values: parseJson<Record<string, unknown>>(r.values) }));
}

async function predictions(store: Store, customerId: string) {
  const rows = await store.query<{ model: string; score: number | null; version: string; values: string | null; computedAt: string }>(
    `SELECT model, score, version, "values"::VARCHAR AS "values", computed_at AS "computedAt" FROM predictions WHERE customer_id = ?
     QUALIFY row_number() OVER (PARTITION BY model ORDER BY computed_at DESC, version DESC) = 1 ORDER BY model`,
    [customerId],
  );
  return rows.map((r) => ({ ...r, values: parseJson<Record<string, unknown>>(r.values) }));
}
