import { sqlIdent, sqlString } from '../../store/index.js';
import type { LoadContext } from '../source.js';
import { countRows } from '../steps.js';
import { namespaceOf, type ParsedMapping } from './parse-mapping.js';
import type { Mapping } from './schema.js';
import { valueName } from './values.js';

/**
 * The customers an order, text or event names: created when new, their first and last seen
 * widened. Returns how many are new.
 */
export async function writeCustomers(ctx: LoadContext, mapping: Mapping, table: string, customerId: string, ts: string): Promise<number> {
  const from = `FROM ${sqlIdent(table)} WHERE _reason IS NULL AND ${customerId} IS NOT NULL`;
  const fresh = await countRows(ctx.store, `SELECT count(DISTINCT ${customerId}) AS n ${from} AND ${customerId} NOT IN (SELECT customer_id FROM customers)`);
  await ctx.store.exec(`
    INSERT INTO customers (customer_id, first_seen, last_seen, traits, source, import_id)
    SELECT ${customerId}, min(${ts}), max(${ts}), NULL, ${sqlString(mapping.name)}, ${sqlString(ctx.importId)} ${from} GROUP BY 1
    ON CONFLICT (customer_id) DO UPDATE SET
      first_seen = least(customers.first_seen, excluded.first_seen),
      last_seen = greatest(customers.last_seen, excluded.last_seen)`);
  return fresh;
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
