import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../deps.js';
import type { Principal, Role } from './roles.js';

/** The metadata of a schema in the OpenAPI document's `components.schemas`. */
export interface ComponentMeta {
  id: string;
  description?: string;
}

/**
 * The schemas the OpenAPI document lists as components. A response schema must be here (the
 * document refers to it by id); a schema used inside another one may be, and is then referred to.
 */
export const components = z.registry<ComponentMeta>();

/** Registers `schema` as the component `id` and returns it. */
export function component<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  components.add(schema, description === undefined ? { id } : { id, description });
  return schema;
}

/** What a route's handler gets: the request's parts already validated, and the caller. */
export interface RouteContext<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly who: Principal;
  readonly deps: ServerDeps;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

/**
 * One REST route: the zod schemas that validate its request and describe its response, the
 * roles that may call it, and its handler. The same object registers the Fastify route and
 * writes its part of the OpenAPI document, so the two cannot drift apart.
 */
export interface ApiRoute<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Under `/api`, in Fastify's form: `/customers/:id`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  /** Roles that may call the route; `public` needs no key. */
  readonly roles: readonly Role[] | 'public';
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** The JSON body of a success (a registered component), or for a stream each event's data. */
  readonly response: R;
  /** Status of a success; 200 unless said. */
  readonly status?: number;
  /** A Server-Sent Events route: the handler takes the reply over and writes the stream itself. */
  readonly stream?: boolean;
  // Method syntax on purpose: it lets routes of different schemas share one array type.
  handle(ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R> | undefined>;
}

/** Typed identity: infers a route's schema types for its handler. */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(route: ApiRoute<P, Q, B, R>): ApiRoute<P, Q, B, R> {
  return route;
}

/** `/customers/:id` → `/customers/{id}` */
export function openApiPath(path: string): string {
  return `/api${path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
}
