import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerApi } from './api/index.js';
import { registerStatic } from './static/index.js';
import { collectorRoutes, type BackPressure, type Loader, type WriteKeys } from './collector/index.js';
import type { ServerDeps } from './deps.js';
import { installErrorHandler } from './http-error.js';
import { opsRoutes, requestLogging, type ServerMetrics } from './ops/index.js';
import type { WriteAheadLog } from './wal/index.js';

/** The collector's working parts, made by startServer (server.ts) or a test. */
export interface CollectorParts {
  wal: WriteAheadLog;
  keys: WriteKeys;
  metrics: ServerMetrics;
  loader: Loader;
  backPressure: BackPressure;
}

/**
 * The one Fastify app of `cairn serve`: one error handler for every route, request logs and
 * latency for every route, then the parts: operations, the Segment-compatible collector, the
 * REST API and the static files (browser SDK, demo shop).
 */
export async function buildApp(deps: ServerDeps, parts: CollectorParts, options: { demoWriteKey?: string | undefined } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // Fastify's own request lines carry the URL and address; ours (ops/request-log.ts) do not.
    logController: new LogController({ disableRequestLogging: true }),
    // A client's own request id would land in the logs unchecked; Fastify's counter is enough.
    requestIdHeader: false,
    return503OnClosing: true,
  });
  installErrorHandler(app);
  requestLogging(app, parts.metrics);
  await app.register(opsRoutes, { store: deps.store, wal: parts.wal, metrics: parts.metrics, loader: parts.loader.status });
  await app.register(collectorRoutes, { wal: parts.wal, keys: parts.keys, metrics: parts.metrics, backPressure: parts.backPressure });

  // ── The other parts of the server register here, one line each: ──
  await registerApi(app, deps);
  await registerStatic(app, deps, options.demoWriteKey ? { demoWriteKey: options.demoWriteKey } : {});
  return app;
}
