import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { loadConfig } from '../config.js';
import { loadOrCreateSecret, openStore, type Store } from '../store/index.js';
import { buildApp } from './app.js';
import { DEFAULT_BACK_PRESSURE, Loader, WriteKeys, type BackPressure } from './collector/index.js';
import { createLiveFeed, type LiveFeed, type ServerDeps } from './deps.js';
import { createMetrics } from './ops/index.js';
import { WriteAheadLog } from './wal/index.js';

export interface ServeOptions {
  /** Store file. */
  db: string;
  port: number;
  host: string;
  /** Folder of the collector's write-ahead log (default `<db>.collector-log`). */
  logDir?: string;
  backPressure?: BackPressure;
  /** Write key the demo shop page (/demo/shop) uses when its URL gives none. */
  demoWriteKey?: string;
  /** pino logger (default: JSON lines on stderr at CAIRN_LOG_LEVEL). */
  log?: Logger;
}

/** A running `cairn serve`. */
export interface RunningServer {
  app: FastifyInstance;
  deps: ServerDeps;
  url: string;
  loader: Loader;
  wal: WriteAheadLog;
  /** Graceful shutdown: stop taking requests, finish those under way, load the whole log into the store, close. */
  close(): Promise<void>;
}

/** Default folder of the write-ahead log beside the store. */
export function defaultLogDir(db: string): string {
  return `${db}.collector-log`;
}

/**
 * Opens the store and the write-ahead log (what an earlier run left in the log is loaded first
 * thing), starts the loader and listens.
 */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const config = loadConfig();
  const log = o.log ?? pino({ level: config.logLevel, base: undefined }, pino.destination({ dest: 2, sync: false }));
  const store: Store = await openStore({ location: o.db, secret: config.secret, memoryLimit: config.memoryLimit });
  let wal: WriteAheadLog | undefined;
  try {
    const secret = loadOrCreateSecret(o.db, config.secret);
    wal = await WriteAheadLog.open({ dir: o.logDir ?? defaultLogDir(o.db) });
    const w = wal;
    const live = countedFeed();
    const deps: ServerDeps = { store, secret, live, log };
    const metrics = createMetrics(() => w.backlog);
    const keys = new WriteKeys(store);
    await keys.load();
    const loader = new Loader({ store, secret, wal, live, log, metrics });
    const app = await buildApp(deps, { wal, keys, metrics, loader, backPressure: o.backPressure ?? DEFAULT_BACK_PRESSURE }, { demoWriteKey: o.demoWriteKey });
    const recovered = wal.backlog.events;
    if (recovered > 0) log.info({ events: recovered }, 'loading what the log held from the last run');
    // Listen first: if the port is taken, no loader is left running against a store we close.
    const url = await app.listen({ port: o.port, host: o.host });
    loader.start();
    let closing: Promise<void> | undefined;
    return {
      app,
      deps,
      url,
      loader,
      wal,
      close: () =>
        (closing ??= (async () => {
          try {
            await app.close();
            await loader.drain();
          } finally {
            // A drain that fails (store full) still closes the log's file and the store.
            try {
              await w.close();
            } finally {
              await store.close();
              log.flush();
            }
          }
        })()),
    };
  } catch (err) {
    await wal?.close().catch(() => undefined);
    await store.close();
    throw err;
  }
}

/** The live feed, knowing whether anyone listens (the loader reads events back only then). */
function countedFeed(): LiveFeed & { listening: () => boolean } {
  const feed = createLiveFeed();
  let listeners = 0;
  return {
    publish: (events) => feed.publish(events),
    subscribe(listener) {
      listeners++;
      const unsubscribe = feed.subscribe(listener);
      let done = false;
      return () => {
        if (!done) listeners--;
        done = true;
        return unsubscribe();
      };
    },
    listening: () => listeners > 0,
  };
}
