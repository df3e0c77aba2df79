import { z } from 'zod';
import { ApiKeyError, createApiKey, listApiKeys, revokeApiKey } from '../api-keys.js';
import { listAudit } from '../audit.js';
import { badRequest, HttpError, notFound } from '../http-error.js';
import { ADMINS, ROLES } from '../roles.js';
import { component, defineRoute } from '../route.js';
import { customerId, jsonObject, limit } from '../schemas/common.js';

const ApiKey = component(
  'ApiKey',
  z.object({ name: z.string(), role: z.enum(ROLES), createdAt: z.string(), revokedAt: z.string().nullable() }),
);
const ApiKeyList = component('ApiKeyList', z.object({ items: z.array(ApiKey) }));
const NewApiKey = component('NewApiKey', ApiKey.extend({ key: z.string().describe('The token: shown this once, only its hash is kept') }));
const AuditEntry = component(
  'AuditEntry',
  z.object({
    id: z.number().int(),
    ts: z.string(),
    actor: z.string().describe('The name of the API key'),
    action: z.string().describe('customer.personal, customers.search or quarantine.raw'),
    customerId: z.string().nullable(),
    detail: jsonObject.nullable().describe('Counts, field names, record ids: never the values read'),
  }),
);
const AuditPage = component('AuditPage', z.object({ items: z.array(AuditEntry), nextBefore: z.number().int().nullable().describe('Pass as `before` for older entries') }));

function keyError(err: unknown): never {
  if (err instanceof ApiKeyError) {
    if (err.reason === 'invalid') throw badRequest(err.message);
    if (err.reason === 'unknown') throw notFound(err.message);
    throw new HttpError(409, 'conflict', err.message);
  }
  throw err;
}

export const adminRoutes = [
  defineRoute({
    method: 'GET',
    path: '/keys',
    operationId: 'listApiKeys',
    summary: 'API keys (names and roles; tokens are never shown again)',
    tag: 'admin',
    roles: ADMINS,
    response: ApiKeyList,
    async handle({ deps }) {
      return { items: await listApiKeys(deps.store) };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/keys',
    operationId: 'createApiKey',
    summary: 'Make an API key',
    description: 'The same as `cairn api-keys add`, for a running server (which holds the store open).',
    tag: 'admin',
    roles: ADMINS,
    body: z.strictObject({ name: z.string().min(1).max(64).describe('A name for the key: letters, digits, ".", "_", "-"'), role: z.enum(ROLES) }),
    response: NewApiKey,
    status: 201,
    async handle({ body, deps }) {
      return createApiKey(deps.store, body.name, body.role).catch(keyError);
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/keys/:name',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key',
    tag: 'admin',
    roles: ADMINS,
    params: z.strictObject({ name: z.string().min(1).max(64) }),
    response: ApiKey,
    async handle({ params, deps }) {
      return revokeApiKey(deps.store, params.name).catch(keyError);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/audit',
    operationId: 'listAudit',
    summary: 'The audit log of reads of personal data, newest first',
    tag: 'admin',
    roles: ADMINS,
    query: z.strictObject({
      actor: z.string().min(1).max(64).optional().describe('Only reads by this key'),
      customerId: customerId.optional(),
      before: z.coerce.number().int().min(1).optional().describe('Entries older than this id (the `nextBefore` of the previous page)'),
      limit: limit(100, 1000),
    }),
    response: AuditPage,
    async handle({ query, deps }) {
      const items = await listAudit(deps.store, { ...query, limit: query.limit + 1 });
      const page = items.slice(0, query.limit);
      return { items: page, nextBefore: items.length > query.limit ? (page[page.length - 1]?.id ?? null) : null };
    },
  }),
];
