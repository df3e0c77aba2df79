export { createMetrics, type ServerMetrics } from './metrics.js';
export { opsRoutes, type OpsOptions } from './routes.js';
export { requestLogging } from './request-log.js';
