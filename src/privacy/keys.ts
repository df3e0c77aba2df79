/**
 * The store's secret lives with the store (src/store/secret.ts: it keys the store's own SQL
 * hash); privacy re-exports it for the vault and for callers that hash in JavaScript.
 */
export { loadOrCreateSecret, hmacHex } from '../store/index.js';
