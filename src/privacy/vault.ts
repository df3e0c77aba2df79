import { randomBytes } from 'node:crypto';
import { open, purposeKey, seal } from './aead.js';
import type { SqlValue, Store } from '../store/index.js';

/**
 * The PII vault: identifying values (e-mail, phone, name, address, birthday) encrypted with
 * AES-256-GCM under a data key of their own customer. Each data key is random, and stored in
 * `vault_keys` wrapped (AES-256-GCM) with a key derived by HKDF from the store secret, which lives
 * outside the database. Deleting a customer's data key makes every copy of their ciphertext —
 * in the store, a backup or an export — unreadable: erasure by crypto-shredding.
 *
 * Sealed bytes are `iv(12) || tag(16) || ciphertext`. The customer id (and, for values, the
 * field name) is bound as additional authenticated data, so a ciphertext moved to another
 * customer or field fails to open rather than reading as someone else's data.
 */

/** One identifying value to keep. */
export interface VaultField {
  customerId: string;
  /** The trait's name, e.g. `email`, `firstName`, `address`. */
  field: string;
  value: string;
  /** When the value was true (ISO-8601 UTC); a newer value replaces an older one, never the reverse. Default: now. */
  updatedAt?: string;
}

/** The vault was asked for something it cannot do; the message says why. */
export class VaultError extends Error {
  override name = 'VaultError';
}

const WRAP_INFO = 'cairn vault key-wrap v1';

function wrappingKey(secret: Buffer): Buffer {
  return purposeKey(secret, WRAP_INFO);
}

const fieldAad = (customerId: string, field: string) => `${customerId}\u0000${field}`;

let workingTables = 0;

/**
 * A temp table name of this call's own: the server runs an admin's openFields and the loader's
 * sealFields on one connection, and with a shared name one call could drop the other's table.
 */
function workingTable(stem: string): string {
  return `${stem}_${++workingTables}`;
}

/** The customers' data keys that exist, unwrapped. */
async function loadKeys(store: Store, secret: Buffer, customerIds: readonly string[]): Promise<Map<string, Buffer>> {
  const keys = new Map<string, Buffer>();
  if (customerIds.length === 0) return keys;
  const ids = workingTable('cairn_vault_ids');
  await store.exec(`CREATE OR REPLACE TEMP TABLE ${ids} (customer_id VARCHAR)`);
  await store.appendRows(ids, ['customer_id'], customerIds.map((id) => [id]));
  const rows = await store.query<{ customer_id: string; wrapped: string }>(
    `SELECT k.customer_id, hex(k.wrapped_key) AS wrapped FROM vault_keys k JOIN ${ids} i USING (customer_id)`,
  );
  await store.exec(`DROP TABLE ${ids}`);
  const kek = wrappingKey(secret);
  for (const r of rows) {
    try {
      keys.set(r.customer_id, open(kek, Buffer.from(r.wrapped, 'hex'), r.customer_id));
    } catch (err) {
      throw new VaultError(`the data key of ${r.customer_id} does not open with this store's secret (was the key file replaced?)`, { cause: err });
    }
  }
  return keys;
}

/**
 * Encrypts and stores identifying values, creating a data key for each customer that has none.
 * Per (customer, field) the newest value wins, across calls too. Returns how many vault rows
 * were written. Does not open a transaction: call it inside the caller's.
 */
export async function sealFields(store: Store, secret: Buffer, rows: readonly VaultField[]): Promise<number> {
  if (rows.length === 0) return 0;
  const customerIds = [...new Set(rows.map((r) => r.customerId))];
  const keys = await loadKeys(store, secret, customerIds);
  const kek = wrappingKey(secret);
  const newKeys: SqlValue[][] = [];
  for (const id of customerIds) {
    if (keys.has(id)) continue;
    const key = randomBytes(32);
    keys.set(id, key);
    newKeys.push([id, seal(kek, key, id).toString('hex')]);
  }
  if (newKeys.length) {
    const fresh = workingTable('cairn_vault_new_keys');
    await store.exec(`CREATE OR REPLACE TEMP TABLE ${fresh} (customer_id VARCHAR, wrapped VARCHAR)`);
    await store.appendRows(fresh, ['customer_id', 'wrapped'], newKeys);
    await store.exec(`
      INSERT INTO vault_keys (customer_id, wrapped_key, created_at)
      SELECT customer_id, from_hex(wrapped), now()::TIMESTAMP FROM ${fresh};
      DROP TABLE ${fresh}`);
  }
  const now = new Date().toISOString();
  const sealed: SqlValue[][] = rows.map((r) => {
    const key = keys.get(r.customerId);
    if (!key) throw new VaultError(`no data key for ${r.customerId}`);
    return [r.customerId, r.field, seal(key, Buffer.from(r.value, 'utf8'), fieldAad(r.customerId, r.field)).toString('hex'), r.updatedAt ?? now];
  });
  const input = workingTable('cairn_vault_in');
  await store.exec(`CREATE OR REPLACE TEMP TABLE ${input} (customer_id VARCHAR, field VARCHAR, sealed VARCHAR, updated_at VARCHAR)`);
  await store.appendRows(input, ['customer_id', 'field', 'sealed', 'updated_at'], sealed);
  const written = await store.execute(`
    INSERT INTO pii_vault (customer_id, field, ciphertext, updated_at)
    SELECT customer_id, field, from_hex(sealed), updated_at::TIMESTAMP FROM ${input}
    QUALIFY row_number() OVER (PARTITION BY customer_id, field ORDER BY updated_at::TIMESTAMP DESC) = 1
    ON CONFLICT (customer_id, field) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at
      WHERE excluded.updated_at >= pii_vault.updated_at`);
  await store.exec(`DROP TABLE ${input}`);
  return written;
}

/**
 * A customer's identifying values, decrypted (`{}` when the vault holds none). Throws a
 * `VaultError` when values remain whose key was destroyed, or when a value was tampered with.
 */
export async function openFields(store: Store, secret: Buffer, customerId: string): Promise<Record<string, string>> {
  const rows = await store.query<{ field: string; sealed: string }>(
    'SELECT field, hex(ciphertext) AS sealed FROM pii_vault WHERE customer_id = ? ORDER BY field',
    [customerId],
  );
  if (rows.length === 0) return {};
  const key = (await loadKeys(store, secret, [customerId])).get(customerId);
  if (!key) throw new VaultError(`the data key of ${customerId} is destroyed: their vault values cannot be read`);
  const out: Record<string, string> = {};
  for (const r of rows) {
    try {
      out[r.field] = open(key, Buffer.from(r.sealed, 'hex'), fieldAad(customerId, r.field)).toString('utf8');
    } catch (err) {
      throw new VaultError(`the vault value ${r.field} of ${customerId} does not authenticate (altered, or sealed for another customer)`, { cause: err });
    }
  }
  return out;
}

/** Every readable value of some fields, across customers: what a batch job (record matching) reads. */
export interface OpenedFields {
  rows: VaultField[];
  /** Values left behind by a customer whose data key is destroyed (erased): skipped. */
  shredded: number;
}

/**
 * The vault's values of the named fields for every customer, decrypted, in one pass (one query,
 * one key unwrap per customer). A customer whose data key was destroyed is skipped and counted;
 * a value that does not authenticate throws a `VaultError`, as in `openFields`.
 */
export async function openFieldsOfAll(store: Store, secret: Buffer, fields: readonly string[]): Promise<OpenedFields> {
  if (fields.length === 0) return { rows: [], shredded: 0 };
  const names = workingTable('cairn_vault_fields');
  await store.exec(`CREATE OR REPLACE TEMP TABLE ${names} (field VARCHAR)`);
  await store.appendRows(names, ['field'], fields.map((f) => [f]));
  const found = await store.query<{ customer_id: string; field: string; sealed: string; wrapped: string | null; updated_at: string }>(
    `SELECT v.customer_id, v.field, hex(v.ciphertext) AS sealed, hex(k.wrapped_key) AS wrapped, v.updated_at
     FROM pii_vault v JOIN ${names} f USING (field) LEFT JOIN vault_keys k USING (customer_id)
     ORDER BY v.customer_id, v.field`,
  );
  await store.exec(`DROP TABLE ${names}`);
  const kek = wrappingKey(secret);
  const rows: VaultField[] = [];
  let shredded = 0;
  let keyOf = '';
  let key: Buffer | undefined;
  for (const r of found) {
    if (r.wrapped === null) {
      shredded++;
      continue;
    }
    if (r.customer_id !== keyOf) {
      keyOf = r.customer_id;
      try {
        key = open(kek, Buffer.from(r.wrapped, 'hex'), r.customer_id);
      } catch (err) {
        throw new VaultError(`the data key of ${r.customer_id} does not open with this store's secret (was the key file replaced?)`, { cause: err });
      }
    }
    try {
      rows.push({ customerId: r.customer_id, field: r.field, value: open(key!, Buffer.from(r.sealed, 'hex'), fieldAad(r.customer_id, r.field)).toString('utf8'), updatedAt: r.updated_at });
    } catch (err) {
      throw new VaultError(`the vault value ${r.field} of ${r.customer_id} does not authenticate (altered, or sealed for another customer)`, { cause: err });
    }
  }
  return { rows, shredded };
}

/**
 * Crypto-shreds a customer: destroys their data key, then removes their vault rows. Any copy of
 * the ciphertext made before (a backup, an export) stays unreadable for good. Returns what was
 * deleted.
 */
export async function shredCustomer(store: Store, customerId: string): Promise<{ keys: number; fields: number }> {
  const keys = await store.execute('DELETE FROM vault_keys WHERE customer_id = ?', [customerId]);
  const fields = await store.execute('DELETE FROM pii_vault WHERE customer_id = ?', [customerId]);
  return { keys, fields };
}
