import { isSealed, openText, sealText } from '../privacy/index.js';
import type { Store } from '../store/index.js';

/** The purpose the quarantine's raw text is sealed under (its own key, derived from the store secret). */
const PURPOSE = 'cairn quarantine raw v1';

/**
 * Protects the quarantine rows added since `after`: each gets the keyed hash of its raw text, a
 * record already waiting (same source, same hash) makes the new row a duplicate and it is dropped,
 * and with the store secret the raw text is encrypted. Returns how many rows were duplicates.
 */
export async function protectNewRejects(store: Store, secret: Buffer | undefined, after: number): Promise<number> {
  await store.execute(`UPDATE quarantine SET raw_hash = cairn_hmac(raw) WHERE quarantine_id > ? AND raw_hash IS NULL`, [after]);
  const repeated = await store.execute(
    `DELETE FROM quarantine q WHERE q.quarantine_id > ? AND EXISTS (
       SELECT 1 FROM quarantine o WHERE o.source = q.source AND o.raw_hash = q.raw_hash AND o.replayed_at IS NULL AND o.quarantine_id < q.quarantine_id)`,
    [after],
  );
  if (secret) {
    const rows = await store.query<{ id: number; raw: string }>(`SELECT quarantine_id AS id, raw FROM quarantine WHERE quarantine_id > ?`, [after]);
    const sealed = rows.filter((r) => !isSealed(r.raw)).map((r) => [r.id, sealText(secret, PURPOSE, r.raw)] as const);
    await rewriteRaw(store, 'quarantine', 'quarantine_id', sealed);
    // A detail quotes the offending value ("Email is not an e-mail: jo@ example"), which can be
    // personal data: it is sealed like the raw text.
    const details = await store.query<{ id: number; detail: string }>(`SELECT quarantine_id AS id, detail FROM quarantine WHERE quarantine_id > ? AND detail IS NOT NULL`, [after]);
    const sealedDetails = details.filter((r) => !isSealed(r.detail)).map((r) => [r.id, sealText(secret, PURPOSE, r.detail)] as const);
    await rewriteColumn(store, 'quarantine', 'quarantine_id', 'detail', sealedDetails);
  }
  return repeated;
}

/** Raw text as it came, for a person or a replay (sealed text opened with the store secret). */
export function openRaw(secret: Buffer | undefined, raw: string): string {
  return openText(secret, PURPOSE, raw);
}

/** Opens the sealed `raw` of every row of `table` in place (a replay's working copy). */
export async function openRawIn(store: Store, table: string, idColumn: string, secret: Buffer | undefined): Promise<void> {
  const rows = await store.query<{ id: number; raw: string }>(`SELECT ${idColumn} AS id, raw FROM ${table} WHERE raw LIKE 'enc:v1:%'`);
  await rewriteRaw(store, table, idColumn, rows.map((r) => [r.id, openRaw(secret, r.raw)] as const));
}

async function rewriteRaw(store: Store, table: string, idColumn: string, rows: readonly (readonly [number, string])[]): Promise<void> {
  await rewriteColumn(store, table, idColumn, 'raw', rows);
}

async function rewriteColumn(store: Store, table: string, idColumn: string, column: 'raw' | 'detail', rows: readonly (readonly [number, string])[]): Promise<void> {
  if (rows.length === 0) return;
  await store.exec('CREATE OR REPLACE TEMP TABLE cairn_raw_rewrite (id BIGINT, v VARCHAR)');
  await store.appendRows('cairn_raw_rewrite', ['id', 'v'], rows);
  await store.exec(`UPDATE ${table} SET ${column} = w.v FROM cairn_raw_rewrite w WHERE ${table}.${idColumn} = w.id; DROP TABLE cairn_raw_rewrite`);
}
