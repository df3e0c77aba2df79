import { join } from 'node:path';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { importFiles, resolveSource } from '../src/ingest/index.js';
import { createLiveFeed, type LiveFeed, type ServerDeps } from '../src/server/deps.js';
import { createApiKey, registerApi } from '../src/server/api/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { smallShop } from './small-shop.js';

export interface ApiApp {
  app: FastifyInstance;
  store: Store;
  secret: Buffer;
  live: LiveFeed;
  /** Bearer tokens by role. */
  keys: { admin: string; analyst: string; viewer: string };
  /** The generated shop's folder (empty string for an empty store). */
  shopDir: string;
  /** GET (or another method) with a key; the body parsed as JSON when it is. */
  call(path: string, key?: string, init?: { method?: 'GET' | 'POST' | 'DELETE'; body?: unknown }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * A Fastify app with only the REST API on it, over an in-memory store: empty, or with a small
 * generated shop imported (events, CRM, point of sale, reviews), and one key of each role.
 * Responses are checked against their schemas.
 */
export async function apiApp(options: { shop?: boolean } = {}): Promise<ApiApp> {
  const secret = Buffer.alloc(32, 9);
  const store = await openStore({ location: ':memory:', secret: secret.toString('hex') });
  let shopDir = '';
  let cleanup = () => {};
  if (options.shop) {
    const shop = await smallShop(40, 30);
    shopDir = shop.dir;
    cleanup = shop.cleanup;
    const imports: [string, string][] = [
      ['events.jsonl', 'segment'],
      ['crm.csv', 'shop-crm'],
      ['pos_orders.csv', 'shop-pos'],
      ['products.csv', join(shop.dir, 'mappings', 'products.json')],
      ['reviews.csv', join(shop.dir, 'mappings', 'reviews.json')],
    ];
    for (const [file, source] of imports) {
      const path = join(shop.dir, file);
      await importFiles(store, { files: [path], source: await resolveSource(source, [path]), secret });
    }
  }
  const keys = {
    admin: (await createApiKey(store, 'ops-admin', 'admin')).key,
    analyst: (await createApiKey(store, 'data-team', 'analyst')).key,
    viewer: (await createApiKey(store, 'wallboard', 'viewer')).key,
  };
  const live = createLiveFeed();
  const deps: ServerDeps = { store, secret, live, log: pino({ level: 'silent' }) };
  const app = Fastify({ logger: false });
  await registerApi(app, deps, { checkResponses: true });
  await app.ready();
  return {
    app,
    store,
    secret,
    live,
    keys,
    shopDir,
    async call(path, key, init = {}) {
      return app.inject({
        method: init.method ?? 'GET',
        url: path,
        headers: key ? { authorization: `Bearer ${key}` } : {},
        ...(init.body !== undefined ? { payload: init.body as object } : {}),
      });
    },
    async close() {
      await app.close();
      await store.close();
      cleanup();
    },
  };
}
