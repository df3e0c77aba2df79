import { z } from 'zod';
import type { CustomerView as StoredView } from '../../../profiles/index.js';
import { EventItem, publicContext } from '../events/event-item.js';
import { maskText } from '../mask.js';
import { component } from '../route.js';
import { jsonObject } from '../schemas/common.js';
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
const IdentityCount = z.object({ kind: z.string(), count: z.number().int() });

const Member = component(
  'CustomerMember',
  z.object({
    memberId: z.string().describe('A record identity resolution joined into the customer (a web user, a CRM record, a till e-mail)'),
    source: z.string().nullable(),
    firstSeen: z.string().nullable(),
    lastSeen: z.string().nullable(),
    identities: z.array(IdentityCount).describe("The member's identifiers by kind: counts only, never values"),
    personalFields: z.array(z.string()).describe('Names of the fields the vault holds for the member: never values'),
  }),
);

const Merge = component(
  'CustomerMerge',
  z.object({
    ts: z.string(),
    action: z.string().describe('merge or split'),
    mergedId: z.string().describe('The customer id merged in (or split off)'),
    members: z.array(z.string()),
    via: z.array(z.string()).describe('Identifier kinds the members shared'),
    reason: z.string(),
    actor: z.string(),
    undoneAt: z.string().nullable(),
  }),
);

const TimelineEntry = component(
  'TimelineEntry',
  z.object({
    ts: z.string(),
    kind: z.enum(['event', 'order', 'text']),
    id: z.string().describe('event_id, order_id or text_id'),
    name: z.string().describe("The event's name (or type), the order's kind, the text's label"),
    type: z.string().nullable().describe("The event's type; null for orders and texts"),
    detail: z.string().nullable().describe("A page's path, a product's name, an order's item count, a review's rating"),
    revenue: z.number().nullable(),
    currency: z.string().nullable(),
    channel: z.string().nullable().describe('web, mobile, in-store, …'),
    deviceId: z.string().nullable().describe('Device pseudonym (dev_…), never the id the device sent; an order has the device of its Order Completed event'),
    deviceType: z.string().nullable(),
    os: z.string().nullable(),
    sessionId: z.string().nullable(),
    source: z.string(),
    memberId: z.string().nullable().describe('The member the row was filed under; null for an anonymous event'),
  }),
);

const Device = z.object({
  deviceId: z.string().nullable().describe('Device pseudonym; null for events that name no device'),
  type: z.string().nullable(),
  os: z.string().nullable(),
  channels: z.array(z.string()),
  events: z.number().int(),
  sessions: z.number().int(),
  firstSeen: z.string(),
  lastSeen: z.string(),
});

const Session = z.object({
  sessionId: z.string(),
  start: z.string(),
  end: z.string(),
  events: z.number().int(),
  pages: z.number().int(),
  ordered: z.boolean(),
  channel: z.string().nullable(),
  deviceId: z.string().nullable(),
  deviceType: z.string().nullable(),
});

export const CustomerView = component(
  'CustomerView',
  z.object({
    requested: z
      .object({ id: z.string(), matched: z.enum(['customer', 'member']), customerId: z.string() })
      .describe('The id asked for and how it was understood: a customer id, or a member id resolved to its customer'),
    profile: CustomerSummary,
    identities: z.array(IdentityCount).describe('Identifiers known for the customer over all its members, by kind: counts only, never values'),
    members: z.array(Member).describe('The records identity resolution joined into this customer, oldest first'),
    merges: z.array(Merge).describe('The merges (and splits) that formed the customer, oldest first'),
    devices: z.array(Device).describe("The devices the customer's events came from, most recently used first"),
    channels: z.array(z.object({ channel: z.string(), events: z.number().int(), sessions: z.number().int(), orders: z.number().int() })),
    sessions: z.object({ count: z.number().int(), recent: z.array(Session).describe('The 10 most recent visits') }),
    timeline: z.array(TimelineEntry).describe('Events, orders and texts on one time line, newest first (`limit`, `since`)'),
    orders: z.object({
      count: z.number().int(),
      revenue: z.array(z.object({ currency: z.string(), net: z.number() })).describe('Net revenue (orders less returns) by currency'),
      recent: z.array(Order).describe('The 50 most recent, newest first'),
    }),
    events: z.object({ count: z.number().int(), recent: z.array(EventItem).describe('The 50 most recent, newest first') }),
    texts: z.array(Text).describe('Reviews, tickets and posts, newest first (at most 50)'),
    features: z
      .object({ featureSet: z.string(), version: z.string(), asOf: z.string().nullable(), computedAt: z.string(), values: jsonObject })
      .nullable()
      .describe('The latest profile features (`cairn features`); null when not computed yet'),
    segments: z.array(Derived.extend({ segmentation: z.string(), segment: z.string() })).describe('The latest row of each segmentation'),
    predictions: z.array(Derived.extend({ model: z.string(), score: z.number().nullable() })).describe('The latest row of each model'),
    personal: z
      .record(z.string(), z.string())
      .nullable()
      .describe("Decrypted vault fields (e-mail, phone, names, …) over all members, the customer's own first: only for admin keys that ask with personal=true; the read is audited"),
    personalByMember: z
      .array(z.object({ memberId: z.string(), fields: z.record(z.string(), z.string()) }))
      .nullable()
      .describe('The same fields member by member (members disagree: a CRM record and a web account can hold different addresses)'),
  }),
);
export type CustomerView = z.infer<typeof CustomerView>;

/**
 * The stored view as the API gives it (before any personal data): events keep only the context
 * that describes the visit, as /api/events gives them, and addresses or numbers written into texts
 * or timeline details are masked.
 */
export function apiCustomerView(view: StoredView): Omit<CustomerView, 'personal' | 'personalByMember'> {
  return {
    ...view,
    timeline: view.timeline.map((t) => ({ ...t, detail: t.detail === null ? null : maskText(t.detail) })),
    events: {
      count: view.events.count,
      recent: view.events.recent.map((e) => ({ ...e, context: publicContext(e.context) })),
    },
    texts: view.texts.map((t) => ({ ...t, body: maskText(t.body) })),
  };
}
