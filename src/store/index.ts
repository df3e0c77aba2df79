export type { Dialect, QueryResult, Row, SqlValue, StageFilesOptions, StagedFiles, StageReject, Store } from './store.js';
export { StoreError, StoreLockedError, ReadOnlyViolation } from './errors.js';
export { openStore, type OpenStoreOptions } from './open.js';
export { sqlIdent, sqlString } from './duckdb/values.js';
export { loadOrCreateSecret, hmacHex } from './secret.js';
