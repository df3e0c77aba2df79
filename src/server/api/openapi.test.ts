import { createRequire } from 'node:module';
import { Validator } from '@seriousme/openapi-schema-validator';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiApp, type ApiApp } from '../../../test/api-app.js';
import { openStore, type Store } from '../../store/index.js';
import { createLiveFeed } from '../deps.js';
import { registerApi } from './index.js';

// Ajv 8 with JSON Schema 2020-12, the one the OpenAPI validator itself runs on (the project's
// top-level `ajv` is eslint's Ajv 6, which knows no 2020-12).
const requireFromValidator = createRequire(createRequire(import.meta.url).resolve('@seriousme/openapi-schema-validator'));
const Ajv2020 = requireFromValidator('ajv/dist/2020').default as new (o: object) => {
  addSchema(schema: object, key?: string): void;
  compile(schema: object): unknown;
  getSchema(key: string): ((data: unknown) => boolean) & { errors?: unknown };
};

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { parameters: { schema: object }[]; responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
  components: { schemas: Record<string, object> };
};

/** Ajv with each component as a schema of its own, `#/components/schemas/X` refs pointing at them. */
function componentValidator(doc: Doc) {
  const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
  const relink = (s: object) => JSON.parse(JSON.stringify(s).replaceAll('"#/components/schemas/', '"cairn:')) as object;
  for (const [id, schema] of Object.entries(doc.components.schemas)) ajv.addSchema({ ...relink(schema), $id: `cairn:${id}` });
  return {
    check(ref: string, data: unknown): unknown {
      const validate = ajv.getSchema(ref.replace('#/components/schemas/', 'cairn:'));
      return validate(data) ? null : validate.errors;
    },
    compile(schema: object) {
      ajv.compile(relink(schema));
    },
  };
}

describe('the OpenAPI document', () => {
  let api: ApiApp;
  let doc: Doc;

  beforeAll(async () => {
    api = await apiApp({ shop: true });
    const res = await api.call('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    doc = res.json();
  }, 60_000);
  afterAll(async () => api.close());

  it('is valid OpenAPI 3.1 by the official schema', async () => {
    const validator = new Validator({ allErrors: true });
    // A copy: resolveRefs() dereferences the document it was given in place.
    const result = await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // Every $ref resolves.
    expect(() => validator.resolveRefs()).not.toThrow();
    // And the validator does refuse a document that breaks the schema.
    const broken = structuredClone(doc) as unknown as Record<string, unknown>;
    delete broken['info'];
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('holds only valid JSON Schema 2020-12 (Ajv strict), parameters included', () => {
    const ajv = componentValidator(doc);
    for (const ops of Object.values(doc.paths)) for (const op of Object.values(ops)) for (const p of op.parameters) ajv.compile(p.schema);
    // Compiling a component compiles its $refs: each must resolve to another component.
    for (const id of Object.keys(doc.components.schemas)) expect(() => ajv.check(`#/components/schemas/${id}`, {}), id).not.toThrow();
  });

  it('describes what the routes really answer (checked with Ajv, apart from zod)', async () => {
    const ajv = componentValidator(doc);
    const [customer] = await api.store.query<{ id: string }>('SELECT customer_id AS id FROM events WHERE customer_id IS NOT NULL LIMIT 1');
    const [imp] = await api.store.query<{ id: string }>('SELECT import_id AS id FROM imports LIMIT 1');
    const calls: [string, string][] = [
      ['/api/summary', '/api/summary'],
      ['/api/customers', '/api/customers?limit=5'],
      ['/api/customers/{id}', `/api/customers/${customer!.id}?personal=true`],
      ['/api/events', '/api/events?limit=20'],
      ['/api/imports', '/api/imports'],
      ['/api/imports/{id}', `/api/imports/${imp!.id}`],
      ['/api/quarantine', '/api/quarantine?raw=true'],
      ['/api/keys', '/api/keys'],
      ['/api/audit', '/api/audit'],
    ];
    for (const [path, url] of calls) {
      const res = await api.call(url, api.keys.admin);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      const schema = doc.paths[path]!['get']!.responses['200']!.content!['application/json']!.schema as { $ref: string };
      expect(ajv.check(schema.$ref, res.json()), url).toBeNull();
    }
    const error = await api.call('/api/customers?limit=0', api.keys.admin);
    expect(ajv.check('#/components/schemas/Error', error.json())).toBeNull();
  });

  it('documents roles and the bearer scheme, and needs no key itself', () => {
    const op = doc.paths['/api/customers/{id}']!['get'] as unknown as { 'x-cairn-roles': string[]; parameters: { name: string; in: string; required: boolean }[] };
    expect(op['x-cairn-roles']).toEqual(['admin', 'analyst']);
    expect(op.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', required: true }), expect.objectContaining({ name: 'personal', in: 'query', required: false })]));
    expect((doc as unknown as { components: { securitySchemes: unknown } }).components.securitySchemes).toEqual({ bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
  });
});

describe('every /api route is in the document, and nothing else', () => {
  let app: FastifyInstance;
  let store: Store;
  const registered: string[] = [];

  beforeAll(async () => {
    store = await openStore({ location: ':memory:' });
    app = Fastify();
    app.addHook('onRoute', (r) => {
      for (const m of [r.method].flat()) if (m !== 'HEAD' && r.url.startsWith('/api')) registered.push(`${m} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    });
    await registerApi(app, { store, secret: Buffer.alloc(32), live: createLiveFeed(), log: pino({ level: 'silent' }) });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('matches the registered routes one to one', async () => {
    const doc = (await app.inject('/api/openapi.json')).json<Doc>();
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(registered.length).toBeGreaterThan(10);
    expect([...documented].sort()).toEqual([...registered].sort());
  });
});
