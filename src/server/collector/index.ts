export { collectorRoutes, type CollectorOptions } from './routes.js';
export { Loader, type LoaderOptions, type LoaderStatus } from './loader.js';
export { addSource, listSources, revokeSource, rotateWriteKey, hashWriteKey, WriteKeys, SourceError, type CollectorSource } from './sources.js';
export { checkMessage, MESSAGE_TYPES, type MessageType, type Rejection } from './check-message.js';
export { BATCH_LIMIT_BYTES, EVENT_LIMIT_BYTES, DEFAULT_BACK_PRESSURE, type BackPressure } from './limits.js';
