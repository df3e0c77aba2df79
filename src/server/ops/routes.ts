import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/index.js';
import type { LoaderStatus } from '../collector/loader.js';
import type { WriteAheadLog } from '../wal/index.js';
import type { ServerMetrics } from './metrics.js';

export interface OpsOptions {
  store: Store;
  wal: WriteAheadLog;
  metrics: ServerMetrics;
  loader: LoaderStatus;
}

/**
 * `/healthz` (the process answers), `/readyz` (the store answers and the log can be written:
 * 503 otherwise, with what is wrong) and `/metrics` (Prometheus text).
 */
export async function opsRoutes(app: FastifyInstance, o: OpsOptions): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    // On the store's read connection: a load's open transaction does not hold this up.
    const store = await o.store
      .readOnlyQuery('SELECT 1 AS ok')
      .then(() => 'ok')
      .catch((err: unknown) => `unreachable: ${err instanceof Error ? err.message : String(err)}`);
    const log = o.wal.failed ? `failed: ${o.wal.failed.message}` : 'ok';
    const backlog = o.wal.backlog;
    const ready = store === 'ok' && log === 'ok';
    reply.code(ready ? 200 : 503);
    return {
      status: ready ? 'ready' : 'not ready',
      store,
      log,
      backlog: { events: backlog.events, bytes: backlog.bytes, lagSeconds: backlog.oldestAt === undefined ? 0 : (Date.now() - backlog.oldestAt) / 1000 },
      loader: o.loader,
    };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', o.metrics.registry.contentType);
    return o.metrics.registry.metrics();
  });
}
