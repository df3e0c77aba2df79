import type { FastifyInstance } from 'fastify';
import type { ServerMetrics } from './metrics.js';

/**
 * One log line and one latency observation per request. The line holds the method, the route
 * pattern (never the URL: a query string can carry an e-mail), the status and the time; no
 * addresses, headers or bodies, so the logs carry no personal data.
 */
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

export function requestLogging(app: FastifyInstance, metrics: ServerMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.requestSeconds.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
    if ((LEVELS[request.log.level] ?? 100) <= LEVELS['info']!) {
      request.log.info({ method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
    }
  });
}
