import { describe, expect, it } from 'vitest';
import { ReadOnlyViolation } from './errors.js';
import type { Store } from './store.js';

/**
 * The contract every Store implementation passes. Each implementation's test file calls
 * `storeContract(name, open)`; `open` returns a fresh, migrated, empty store.
 */
export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    it('creates every canonical table', async () => {
      const store = await open();
      try {
        for (const table of ['events', 'orders', 'order_items', 'products', 'customers', 'identities', 'pii_vault', 'texts', 'quarantine', 'features', 'predictions', 'segments', 'models', 'ledger', 'imports']) {
          const rows = await store.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
          expect(rows[0]?.n, table).toBe(0);
        }
        expect(await store.schemaVersion()).toBeGreaterThanOrEqual(1);
      } finally {
        await store.close();
      }
    });

    it('returns plain JSON-safe values', async () => {
      const store = await open();
      try {
        const rows = await store.query(
          `SELECT 42::BIGINT AS big, 1.5::DECIMAL(18,4) AS money, TIMESTAMP '2011-06-01 09:00:00' AS ts, NULL AS nothing, 'x' AS s`,
        );
        expect(rows).toEqual([{ big: 42, money: 1.5, ts: '2011-06-01T09:00:00.000Z', nothing: null, s: 'x' }]);
        const withParams = await store.query<{ v: string }>('SELECT ? || ? AS v', ['a', 'b']);
        expect(withParams[0]?.v).toBe('ab');
      } finally {
        await store.close();
      }
    });

    it('rolls back every write of a failed transaction', async () => {
      const store = await open();
      try {
        await expect(
          store.transaction(async () => {
            await store.execute(`INSERT INTO products (product_id, source) VALUES ('p1', 'test')`);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await store.query('SELECT * FROM products')).toEqual([]);
        await store.transaction(async () => {
          await store.execute(`INSERT INTO products (product_id, source) VALUES ('p1', 'test')`);
        });
        expect(await store.query('SELECT product_id FROM products')).toEqual([{ product_id: 'p1' }]);
      } finally {
        await store.close();
      }
    });

    it('refuses writes in a read-only query and runs reads', async () => {
      const store = await open();
      try {
        await expect(store.readOnlyQuery('DROP TABLE orders')).rejects.toBeInstanceOf(ReadOnlyViolation);
        await expect(store.readOnlyQuery(`INSERT INTO products (product_id, source) VALUES ('x', 'y')`)).rejects.toBeInstanceOf(ReadOnlyViolation);
        await expect(store.readOnlyQuery(`SELECT 1; DELETE FROM orders`)).rejects.toThrow(/one statement/);
        const result = await store.readOnlyQuery('SELECT count(*) AS n FROM orders');
        expect(result).toEqual({ columns: ['n'], rows: [{ n: 0 }] });
      } finally {
        await store.close();
      }
    });

    it('computes the same keyed hash as node:crypto HMAC-SHA256', async () => {
      const store = await open();
      try {
        const rows = await store.query<{ h: string; p: string; n: string | null }>(
          `SELECT cairn_hmac('anna@example.com') AS h, cairn_pseudonym('shop', '17850') AS p, cairn_hmac(NULL) AS n`,
        );
        expect(rows[0]?.h).toMatch(/^[0-9a-f]{64}$/);
        expect(rows[0]?.p).toMatch(/^c_[0-9a-f]{20}$/);
        expect(rows[0]?.n).toBeNull();
      } finally {
        await store.close();
      }
    });

    it('lists its temporary tables', async () => {
      const store = await open();
      try {
        await store.exec('CREATE TEMP TABLE work_a (x INTEGER)');
        expect(await store.tempTables()).toContain('work_a');
        expect(await store.tempTables()).not.toContain('orders');
      } finally {
        await store.close();
      }
    });

    it('appends rows in bulk', async () => {
      const store = await open();
      try {
        const rows = Array.from({ length: 1500 }, (_, i) => [`p${i}`, `product ${i}`, 'test'] as const);
        await store.appendRows('products', ['product_id', 'name', 'source'], rows);
        expect(await store.query('SELECT count(*) AS n FROM products')).toEqual([{ n: 1500 }]);
      } finally {
        await store.close();
      }
    });
  });
}
