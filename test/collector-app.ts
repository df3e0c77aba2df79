import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from '../src/server/app.js';
import { addSource, DEFAULT_BACK_PRESSURE, Loader, WriteKeys, type BackPressure } from '../src/server/collector/index.js';
import { createLiveFeed, type ServerDeps } from '../src/server/deps.js';
import { createMetrics } from '../src/server/ops/index.js';
import { WriteAheadLog } from '../src/server/wal/index.js';
import { openStore } from '../src/store/index.js';
import { tempDir } from './temp.js';

export interface CollectorApp {
  app: FastifyInstance;
  deps: ServerDeps;
  wal: WriteAheadLog;
  loader: Loader;
  writeKey: string;
  /** Everything the server logged, as text. */
  logged: () => string;
  close: () => Promise<void>;
}

/**
 * The server's app on an in-memory store with its log in a temporary folder and one source
 * (`test`) whose key is `writeKey`; the loader is not started (call `loader.loadOnce(true)`).
 */
export async function collectorApp(options: { backPressure?: BackPressure } = {}): Promise<CollectorApp> {
  const tmp = tempDir('cairn-collector-');
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  const log = pino({ level: 'info' }, sink);
  const secret = Buffer.alloc(32, 3);
  const store = await openStore({ location: ':memory:', secret: secret.toString('hex') });
  const wal = await WriteAheadLog.open({ dir: tmp.dir });
  const deps: ServerDeps = { store, secret, live: createLiveFeed(), log };
  const metrics = createMetrics(() => wal.backlog);
  const { writeKey } = await addSource(store, 'test');
  const keys = new WriteKeys(store);
  await keys.load();
  const loader = new Loader({ store, secret, wal, live: deps.live, log, metrics });
  const app = await buildApp(deps, { wal, keys, metrics, loader, backPressure: options.backPressure ?? DEFAULT_BACK_PRESSURE });
  return {
    app,
    deps,
    wal,
    loader,
    writeKey,
    logged: () => text,
    close: async () => {
      await app.close();
      await wal.close().catch(() => undefined);
      await store.close();
      tmp.cleanup();
    },
  };
}

/** The Basic auth header of a write key, as Segment's clients send it. */
export function basicAuth(writeKey: string): string {
  return `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
}
