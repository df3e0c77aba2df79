import { sealFields, type VaultField } from '../../privacy/index.js';
import type { LoadContext } from '../source.js';
import { email } from '../normalise.js';

/**
 * Writes the identifiers seen for each customer to `identities`, as keyed hashes: their `userId`;
 * every `anonymousId` sent together with it (so earlier anonymous browsing can be joined to them);
 * e-mail (trimmed, lower case) and phone (E.164) traits of identify messages; and the
 * `previousId` of an alias, as a `user_id` when it is a known user and an `anonymous_id`
 * otherwise. Needs `seg_traits`, `seg_phones` and the customers upserted. Returns rows added.
 */
export async function insertIdentities(ctx: LoadContext): Promise<number> {
  return ctx.store.execute(
    `INSERT INTO identities (kind, value_hash, customer_id, source, first_seen, import_id)
     SELECT kind, cairn_hmac(value), customer_id, ?, min(ts), ? FROM (
       SELECT 'user_id' AS kind, user_raw AS value, customer_id, ts FROM seg_new WHERE customer_id IS NOT NULL
       UNION ALL
       SELECT 'anonymous_id', anon_raw, customer_id, ts FROM seg_new WHERE customer_id IS NOT NULL AND anon_raw IS NOT NULL
       UNION ALL
       SELECT 'email', ${email('text')}, customer_id, ts FROM seg_traits WHERE identifying AND kind = 'email'
       UNION ALL
       SELECT 'phone', p.e164, t.customer_id, t.ts FROM seg_traits t
         JOIN seg_phones p ON p.text = t.text AND p.region IS NOT DISTINCT FROM t.region
       WHERE t.identifying AND t.kind = 'phone'
       UNION ALL
       SELECT CASE WHEN cairn_pseudonym('user', previous_raw) IN (SELECT customer_id FROM customers) THEN 'user_id' ELSE 'anonymous_id' END,
         previous_raw, customer_id, ts
       FROM seg_new WHERE type = 'alias' AND customer_id IS NOT NULL
     )
     WHERE value IS NOT NULL
     -- Grouped before hashing: the keyed hash runs once per distinct identifier, not per message.
     GROUP BY kind, value, customer_id
     ON CONFLICT DO NOTHING`,
    [ctx.source, ctx.importId],
  );
}

/**
 * Encrypts the identifying traits (newest value per customer and trait) into `pii_vault`. Without
 * the store secret nothing is vaulted; returns `{ vaulted, notVaulted }`.
 */
export async function vaultTraits(ctx: LoadContext): Promise<{ vaulted: number; notVaulted: number }> {
  const rows = await ctx.store.query<{ customer_id: string; key: string; text: string; ts: string }>(
    `SELECT customer_id, key, text, ts FROM seg_traits WHERE identifying AND text IS NOT NULL AND trim(text) <> ''
     QUALIFY row_number() OVER (PARTITION BY customer_id, key ORDER BY ts DESC, event_id DESC) = 1`,
  );
  if (!ctx.secret) return { vaulted: 0, notVaulted: rows.length };
  const fields: VaultField[] = rows.map((r) => ({ customerId: r.customer_id, field: r.key, value: r.text.trim(), updatedAt: r.ts }));
  return { vaulted: await sealFields(ctx.store, ctx.secret, fields), notVaulted: 0 };
}
