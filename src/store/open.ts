import { loadOrCreateSecret } from './secret.js';
import { DuckDbStore } from './duckdb/duckdb-store.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** Store file, or `:memory:`. */
  location: string;
  /** 64 hex digits; otherwise the key file beside the store (created on first use). */
  secret?: string | undefined;
  memoryLimit?: string;
  threads?: number;
}

/** Opens (creating and migrating when new) the store at `location`. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const secret = loadOrCreateSecret(options.location, options.secret);
  return DuckDbStore.open({
    location: options.location,
    secret,
    ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
    ...(options.threads ? { threads: options.threads } : {}),
  });
}
