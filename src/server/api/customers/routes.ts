import { z } from 'zod';
import { looksLikeEmailAddress, phoneForLookup } from './identifiers.js';
import { VaultError, hmacHex } from '../../../privacy/index.js';
import { audit } from '../audit.js';
import { badRequest, forbidden, HttpError, notFound } from '../http-error.js';
import { ANALYSTS } from '../roles.js';
import { defineRoute } from '../route.js';
import { cursor, customerId, flag, instant, limit } from '../schemas/common.js';
import { CustomerPage, customersByIdentity, listCustomers, type CustomerSummary } from './customer-list.js';
import type { ServerDeps } from '../../deps.js';
import type { Principal } from '../roles.js';
import { combinePersonalData, customerView, openCustomerPersonalData } from '../../../profiles/index.js';
import { apiCustomerView, CustomerView } from './customer-view.js';

const PERSONAL_SEARCH = 'searching by e-mail or phone reads personal data: only an admin key may (an analyst can search by customerId prefix or userId)';

export const customerRoutes = [
  defineRoute({
    method: 'GET',
    path: '/customers',
    operationId: 'listCustomers',
    summary: 'List or search customers',
    description:
      'Pages through customers by id. `q` keeps the ids that start with it. `userId` (the shop\'s own user id), and for admin keys ' +
      '`email` or `phone`, find the customers that identifier belongs to, through its keyed hash: the value itself is never stored, ' +
      'and an e-mail or phone search is written to the audit log.',
    tag: 'customers',
    roles: ANALYSTS,
    query: z.strictObject({
      q: z.string().min(1).max(200).optional().describe('Customer id prefix, e.g. c_3f'),
      userId: z.string().min(1).max(500).optional().describe("The shop's user id (as sent in Segment's userId)"),
      email: z.string().min(3).max(320).optional().describe('An e-mail address (admin keys only; audited)'),
      phone: z.string().min(3).max(40).optional().describe('A phone number, international (+49…) or national with `region` (admin keys only; audited)'),
      region: z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as DE').optional().describe('Country of a national phone number, e.g. DE'),
      limit: limit(50, 500),
      cursor,
    }),
    response: CustomerPage,
    async handle({ query, who, deps }) {
      const lookups = (['userId', 'email', 'phone'] as const).filter((k) => query[k] !== undefined);
      if (lookups.length === 0) {
        if (query.region !== undefined) throw badRequest('query parameter region: only goes with phone');
        return listCustomers(deps.store, { prefix: query.q, cursor: query.cursor, limit: query.limit });
      }
      if (lookups.length > 1 || query.q !== undefined || query.cursor !== undefined) {
        throw badRequest('give one of userId, email or phone, without q or cursor: an identifier lookup returns all its customers at once');
      }
      return { items: await lookUp(deps, who, lookups[0]!, query), nextCursor: null };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/customers/search',
    operationId: 'searchCustomers',
    summary: 'Find customers by an identifier sent in the body',
    description:
      'The same lookup as `GET /api/customers?email=…`, with the identifier in the body, so that an e-mail address or phone ' +
      'number stays out of URLs (and so out of proxy logs and browser history). E-mail and phone: admin keys only, audited.',
    tag: 'customers',
    roles: ANALYSTS,
    body: z
      .strictObject({
        userId: z.string().min(1).max(500).optional().describe("The shop's user id"),
        email: z.string().min(3).max(320).optional().describe('An e-mail address'),
        phone: z.string().min(3).max(40).optional().describe('A phone number, international or national with `region`'),
        region: z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as DE').optional(),
      })
      .refine((b) => [b.userId, b.email, b.phone].filter((v) => v !== undefined).length === 1, 'give exactly one of userId, email or phone'),
    response: CustomerPage,
    async handle({ body, who, deps }) {
      const by = body.userId !== undefined ? 'userId' : body.email !== undefined ? 'email' : 'phone';
      return { items: await lookUp(deps, who, by, body), nextCursor: null };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/customers/:id',
    operationId: 'getCustomer',
    summary: "One customer's 360 view",
    description:
      'Profile, the members identity resolution joined and the merges that did it, identifiers by kind (counts only), devices, ' +
      'channels and visits, one timeline of events, orders and texts across them, orders, recent events, texts, profile features, ' +
      'segments and predictions. The id may be a customer id or a member id (a record now inside a customer): `requested` says ' +
      "which. With `personal=true` an admin key also gets the decrypted vault fields of every member, and the read is written to the audit log.",
    tag: 'customers',
    roles: ANALYSTS,
    params: z.strictObject({ id: customerId }),
    query: z.strictObject({
      personal: flag('Include the decrypted vault fields (admin keys only; audited)'),
      limit: limit(50, 1000).describe('Timeline entries (1-1000, default 50)'),
      since: instant.optional().describe('Timeline from this instant on (ISO-8601 date or date-time)'),
    }),
    response: CustomerView,
    async handle({ params, query, who, deps }) {
      if (query.personal && who.role !== 'admin') {
        throw forbidden('personal=true reads personal data: only an admin key may; leave it out to get the rest of the view');
      }
      const stored = await customerView(deps.store, params.id, { limit: query.limit, ...(query.since === undefined ? {} : { since: query.since }) });
      if (!stored) throw notFound(`there is no customer or member ${params.id}; GET /api/customers lists them`);
      const view = apiCustomerView(stored);
      if (!query.personal) return { ...view, personal: null, personalByMember: null };
      const customer = stored.profile.customerId;
      try {
        const perMember = await openCustomerPersonalData(deps.store, deps.secret, stored.members);
        const personal = combinePersonalData(customer, perMember);
        await audit(deps.store, who, { action: 'customer.personal', customerId: customer, detail: { fields: Object.keys(personal), members: perMember.length } });
        return { ...view, personal, personalByMember: perMember };
      } catch (err) {
        if (err instanceof VaultError) throw new HttpError(409, 'conflict', `${err.message}; the rest of the view is there without personal=true`);
        throw err;
      }
    },
  }),
];

/** The customers an identifier belongs to, by its keyed hash; e-mail and phone for admins only, audited. */
async function lookUp(
  deps: ServerDeps,
  who: Principal,
  by: 'userId' | 'email' | 'phone',
  given: { userId?: string | undefined; email?: string | undefined; phone?: string | undefined; region?: string | undefined },
): Promise<CustomerSummary[]> {
  if (by === 'userId') return customersByIdentity(deps.store, 'user_id', hmacHex(deps.secret, given.userId!));
  if (who.role !== 'admin') throw forbidden(PERSONAL_SEARCH);
  const value = by === 'email' ? normalisedEmail(given.email!) : phoneForLookup(given.phone!, given.region);
  const items = await customersByIdentity(deps.store, by, hmacHex(deps.secret, value));
  // One audit row per customer found, so that each customer's trail is complete; one without a customer when none is.
  for (const c of items.length ? items : [undefined]) {
    await audit(deps.store, who, { action: 'customers.search', customerId: c?.customerId ?? null, detail: { by, matches: items.length } });
  }
  return items;
}

function normalisedEmail(text: string): string {
  // The same rule ingest hashes by (normalise.ts `email`): trimmed, lower case, shaped like an address.
  // The message does not repeat the value: error bodies end up in logs.
  const e = text.trim().toLowerCase();
  if (!looksLikeEmailAddress(e)) throw badRequest('query parameter email: is not shaped like an e-mail address (name@domain.tld)');
  return e;
}
