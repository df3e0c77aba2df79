import { join } from 'node:path';
import { tempDir } from './temp.js';
import { demoImports } from '../src/cli/demo-plan.js';
import { generateShop } from '../src/generate/index.js';
import { resolveIdentities } from '../src/identity/index.js';
import { expandFiles, importFiles, resolveSource } from '../src/ingest/index.js';
import { loadOrCreateSecret, openStore, type Store } from '../src/store/index.js';

/** A generated shop imported the way `cairn demo` does and resolved, in a store file of its own. */
export interface ModelShop {
  dir: string;
  db: string;
  cleanup: () => void;
}

/** Generates and imports a small shop (a few hundred customers: seconds). */
export async function modelShop(customers: number, days: number, seed = 11): Promise<ModelShop> {
  const tmp = tempDir('cairn-model-');
  const dir = join(tmp.dir, 'shop');
  await generateShop({ customers, days, seed, out: dir, start: '2024-01-01' });
  const db = join(tmp.dir, 'shop.duckdb');
  const store = await openStore({ location: db });
  // The key file beside the store, as the CLI finds it.
  const secret = loadOrCreateSecret(db);
  try {
    for (const { file, source } of demoImports(dir)) {
      const files = await expandFiles([file]);
      await importFiles(store, { files, source: await resolveSource(source, files), secret });
    }
    await resolveIdentities(store);
  } finally {
    await store.close();
  }
  return { dir, db, cleanup: tmp.cleanup };
}

/** Opens the shop's store, runs `fn`, closes it (DuckDB allows one open per file at a time). */
export async function withShopStore<T>(shop: ModelShop, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ location: shop.db });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
