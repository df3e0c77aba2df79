import { z } from 'zod';
import { components, openApiPath, type ApiRoute } from './route.js';

type JsonSchema = Record<string, unknown>;

const SCHEMA_REF = (id: string) => `#/components/schemas/${id}`;

/**
 * A request schema (a parameter, a body) written out in full where it is used: components are
 * for responses. The document, not the schema, names the dialect.
 */
function inline(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete json['$schema'];
  return json;
}

function componentRef(schema: z.ZodType, what: string): JsonSchema {
  const meta = components.get(schema);
  if (!meta) throw new Error(`${what} is not a registered component: wrap it in component(id, schema)`);
  return { $ref: SCHEMA_REF(meta.id) };
}

/** OpenAPI parameters of one `in` from a zod object schema: one per key, its description lifted. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const json = inline(field, 'input');
    const description = json['description'];
    delete json['description'];
    return {
      name,
      in: where,
      required: where === 'path' || !field.safeParse(undefined).success,
      ...(typeof description === 'string' ? { description } : {}),
      schema: json,
    };
  });
}

/** Error responses every route may give, by status: component name and description. */
const ERRORS: Record<string, [string, string]> = {
  '400': ['BadRequest', 'Bad parameters: the message names each one and what it must be'],
  '401': ['Unauthorized', 'No API key, or an unknown or revoked one'],
  '403': ['Forbidden', "The key's role may not do this"],
  '404': ['NotFound', 'No such route or record'],
};

function operation(route: ApiRoute): JsonSchema {
  const roles = route.roles === 'public' ? 'no key needed' : `roles: ${route.roles.join(', ')}`;
  const errors = Object.fromEntries(
    Object.entries(ERRORS)
      .filter(([status]) => route.roles !== 'public' || status === '404')
      .map(([status, [name]]) => [status, { $ref: `#/components/responses/${name}` }]),
  );
  const success = route.stream
    ? {
        description: 'A stream of Server-Sent Events; each `data:` line is one JSON document of the schema in `x-cairn-event`',
        content: { 'text/event-stream': { schema: { type: 'string' } } },
        'x-cairn-event': componentRef(route.response, `the event schema of ${route.operationId}`),
      }
    : { description: 'Success', content: { 'application/json': { schema: componentRef(route.response, `the response of ${route.operationId}`) } } };
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: `${route.description ? `${route.description}\n\n` : ''}(${roles})`,
    tags: [route.tag],
    ...(route.roles === 'public' ? { security: [] } : {}),
    'x-cairn-roles': route.roles === 'public' ? [] : route.roles,
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: inline(route.body, 'input') } } } } : {}),
    responses: { [String(route.status ?? 200)]: success, ...errors },
  };
}

/** The OpenAPI 3.1 document of `routes`, built from the same zod schemas that check their requests. */
export function openApiDocument(routes: readonly ApiRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  const { schemas } = z.toJSONSchema(components, { target: 'draft-2020-12', io: 'output', uri: SCHEMA_REF, unrepresentable: 'any' }) as { schemas: Record<string, JsonSchema> };
  for (const s of Object.values(schemas)) {
    // A component's `$id` would be a bare fragment, which JSON Schema 2020-12 does not allow.
    delete s['$id'];
    delete s['$schema'];
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cairn REST API',
      version,
      description:
        'Customers, events, imports and the quarantine of a Cairn store. Authenticate with `Authorization: Bearer <key>` ' +
        '(`cairn api-keys add NAME --role admin|analyst|viewer`). Personal data (vault fields, raw quarantine records, search by ' +
        'e-mail or phone) is returned only to admin keys, only when asked for, and every such read is written to the audit log.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key made with `cairn api-keys add`' } },
      responses: Object.fromEntries(
        Object.values(ERRORS).map(([name, description]) => [name, { description, content: { 'application/json': { schema: { $ref: SCHEMA_REF('Error') } } } }]),
      ),
    },
  };
}
