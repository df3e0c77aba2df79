import { loadConfig } from '../config.js';
import { openStore, type Store } from '../store/index.js';
import type { GlobalOptions } from './output.js';

/** Opens the store named by --db (or CAIRN_DB, or ./cairn.duckdb), runs `fn`, and closes it. */
export async function withStore<T>(options: GlobalOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const store = await openStore({ location: options.db ?? config.db, secret: config.secret, memoryLimit: config.memoryLimit });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
