import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../deps.js';
import { adminRoutes } from './admin/routes.js';
import { analyticsRoutes } from './analytics/routes.js';
import { customerRoutes } from './customers/routes.js';
import { recommendationRoutes } from './customers/recommendations.js';
import { installErrorHandling } from './error-handler.js';
import { eventRoutes } from './events/routes.js';
import { importRoutes } from './imports/routes.js';
import { liveRoutes, openStreams } from './live/routes.js';
import { openApiDocument } from './openapi.js';
import { quarantineRoutes } from './quarantine/routes.js';
import { registerRoutes, type RegisterOptions } from './register-routes.js';
import { component, defineRoute, type ApiRoute } from './route.js';
import { summaryRoutes } from './summary/routes.js';

const OpenApi = component('OpenApiDocument', z.record(z.string(), z.unknown()), 'This document');

const VERSION = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;

/** Every route of the REST API but the document itself, under /api. */
const routes: readonly ApiRoute[] = [...summaryRoutes, ...customerRoutes, ...recommendationRoutes, ...eventRoutes, ...liveRoutes, ...importRoutes, ...quarantineRoutes, ...adminRoutes, ...analyticsRoutes];

let document: Record<string, unknown> | undefined;

const openApiRoute = defineRoute({
  method: 'GET',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  summary: 'This OpenAPI 3.1 document',
  tag: 'meta',
  roles: 'public',
  response: OpenApi,
  async handle() {
    return (document ??= openApiDocument(allRoutes, VERSION));
  },
});

/** Every route of the REST API, as registered and documented. */
export const allRoutes: readonly ApiRoute[] = [...routes, openApiRoute];

/**
 * Mounts the REST API under /api on `app`: customers, events, imports, quarantine, the live
 * feed, keys and audit log, and the OpenAPI document at /api/openapi.json. Errors under /api are
 * `{ error: { code, message } }`.
 */
export async function registerApi(app: FastifyInstance, deps: ServerDeps, options: RegisterOptions = {}): Promise<void> {
  await app.register(
    async (api) => {
      installErrorHandling(api);
      registerRoutes(api, allRoutes, deps, options);
      // Streams never finish by themselves: end them when the server closes, so that it can.
      api.addHook('preClose', async () => {
        for (const res of openStreams(api.server)) res.end();
      });
    },
    { prefix: '/api' },
  );
}

export { openApiDocument } from './openapi.js';
export { createApiKey, listApiKeys, revokeApiKey, ApiKeyError, type ApiKeyInfo } from './api-keys.js';
export { audit, listAudit, type AuditEntry, type AuditRow } from './audit.js';
export { maskText } from './mask.js';
export { ROLES, isRole, type Role, type Principal } from './roles.js';
export { HttpError } from './http-error.js';
export type { RegisterOptions } from './register-routes.js';
