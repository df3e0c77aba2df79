import { sqlIdent, sqlString } from '../../store/index.js';
import { upsertSeenCustomers } from '../canonical.js';
import type { LoadContext } from '../source.js';
import { namespaceOf, type ParsedMapping } from './parse-mapping.js';
import type { Mapping } from './schema.js';
import { valueName } from './values.js';

/**
 * The customers an order, text or event names: created when new, their first and last seen
 * widened. Returns how many are new.
 */
export async function writeCustomers(ctx: LoadContext, mapping: Mapping, table: string, customerId: string, ts: string): Promise<number> {
  return upsertSeenCustomers(
    { ...ctx, source: mapping.name },
    `SELECT ${customerId} AS customer_id, ${ts} AS ts FROM ${sqlIdent(table)} WHERE _reason IS NULL`,
  );
}

/**
 * One `identities` row per identifier seen (a pseudonymised id or an `identities.<kind>` column):
 * its keyed hash and the customer. E-mails and phones are hashed bare so that they match across
 * sources; other identifiers only mean something inside their system, so their namespace is
 * hashed with them. The raw value is never written.
 */
export async function writeIdentities(ctx: LoadContext, parsed: ParsedMapping, table: string, customerId: string): Promise<number> {
  const ns = namespaceOf(parsed);
  const ts = parsed.columns.find((c) => c.target === 'ts' || c.target === 'first_seen');
  let written = 0;
  for (const c of parsed.columns) {
    const kind = c.place.kind === 'identity' ? c.place.identity : c.pseudonymise;
    if (!kind) continue;
    const v = sqlIdent(valueName(c));
    const hash = kind === 'email' || kind === 'phone' ? `cairn_hmac(${v})` : `cairn_hmac(${sqlString(`${ns}:`)} || ${v})`;
    written += await ctx.store.execute(`
      INSERT INTO identities (kind, value_hash, customer_id, source, first_seen, import_id)
      SELECT ${sqlString(kind)}, ${hash}, ${customerId}, ${sqlString(parsed.mapping.name)}, min(${ts ? sqlIdent(valueName(ts)) : 'NULL'}), ${sqlString(ctx.importId)}
      FROM ${sqlIdent(table)} WHERE _reason IS NULL AND ${v} IS NOT NULL AND ${customerId} IS NOT NULL
      GROUP BY 1, 2, 3
      ON CONFLICT DO NOTHING`);
  }
  return written;
}
