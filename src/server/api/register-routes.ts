import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../deps.js';
import { authenticate } from './auth.js';
import { badRequest, HttpError, issuesInWords } from './http-error.js';
import type { ApiRoute } from './route.js';
import type { Principal } from './roles.js';

const NO_PARAMETERS = z.strictObject({});

/** Checks one part of a request with its schema; a failure is a 400 that names each problem. */
function parsePart<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.output<T> | undefined {
  const input = value ?? {};
  const result = (schema ?? NO_PARAMETERS).safeParse(input);
  if (!result.success) throw badRequest(issuesInWords(result.error.issues, where, input));
  return result.data as z.output<T>;
}

const PUBLIC: Principal = { name: 'public', role: 'viewer' };

export interface RegisterOptions {
  /** Check each JSON response against its schema (tests turn this on; a mismatch is a 500). */
  checkResponses?: boolean;
}

/** Adds `routes` to `app` (already under the /api prefix): auth, validation, handler, response. */
export function registerRoutes(app: FastifyInstance, routes: readonly ApiRoute[], deps: ServerDeps, options: RegisterOptions = {}): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      // A HEAD of a stream would open a stream that sends nothing.
      exposeHeadRoute: !route.stream,
      handler: async (request, reply) => {
        // Who before what: a caller without a valid key learns nothing about the parameters.
        const who = route.roles === 'public' ? PUBLIC : await authenticate(deps.store, request, route.roles);
        const params = parsePart(route.params, request.params, 'path parameter');
        const query = parsePart(route.query, request.query, 'query parameter');
        const body = route.body ? parsePart(route.body, request.body, 'body field') : undefined;
        const result = await route.handle({ params, query, body, who, deps, request, reply });
        if (route.stream) return reply;
        if (options.checkResponses) {
          const checked = route.response.safeParse(result);
          if (!checked.success) {
            throw new HttpError(500, 'internal', `the response of ${route.operationId} does not match its schema: ${issuesInWords(checked.error.issues, 'response')}`);
          }
        }
        return reply.code(route.status ?? 200).send(result);
      },
    });
  }
}
