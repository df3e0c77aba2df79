import type { LoadContext } from '../source.js';
import { identifyingTrait, traitIdentityKind } from './segment-privacy.js';
import { toE164 } from '../phones.js';

/**
 * The traits of identify messages, one row per (message, trait) in temp table `seg_traits`:
 * `customer_id, ts, event_id, key, value (JSON), text (the value as text), identifying, kind
 * ('email' | 'phone' | NULL), region (from context.locale, for phone numbers without +)`.
 * Identify messages without `userId` are left out: their traits cannot be linked to a person yet.
 */
export async function splitTraits(ctx: LoadContext): Promise<void> {
  await ctx.store.exec(`
    CREATE OR REPLACE TEMP TABLE seg_traits AS
    SELECT customer_id, ts, event_id, t.key AS key, t.value AS value,
      CASE WHEN json_type(t.value) = 'VARCHAR' THEN t.value->>'$' ELSE t.value::VARCHAR END AS text,
      ${identifyingTrait('t.key', 't.value')} AS identifying,
      ${traitIdentityKind('t.key')} AS kind,
      nullif(upper(regexp_extract(locale, '[-_]([A-Za-z]{2})$', 1)), '') AS region
    FROM (
      SELECT *, unnest(map_entries(traits::MAP(VARCHAR, JSON))) AS t FROM (
        SELECT customer_id, ts, event_id, p[2] AS traits, json_extract_string(p[3], '$.locale') AS locale
        FROM seg_new WHERE type = 'identify' AND customer_id IS NOT NULL
      )
      WHERE json_type(traits) = 'OBJECT'
    )
    WHERE t.value IS NOT NULL`);
}

/**
 * Temp table `seg_phones(text, region, e164)`: each distinct phone trait in E.164, by
 * libphonenumber (a number without + is read in the region of the message's locale). Numbers
 * that cannot be a phone number get no row. The distinct values are few (one per person), so
 * this one step runs in JavaScript.
 */
export async function normalisePhones(ctx: LoadContext): Promise<void> {
  const { store } = ctx;
  const rows = await store.query<{ text: string; region: string | null }>(
    `SELECT DISTINCT text, region FROM seg_traits WHERE kind = 'phone' AND text IS NOT NULL`,
  );
  await store.exec('CREATE OR REPLACE TEMP TABLE seg_phones (text VARCHAR, region VARCHAR, e164 VARCHAR)');
  const parsed = rows.flatMap((r) => {
    const e164 = toE164(r.text, r.region, 'possible');
    return e164 ? [[r.text, r.region, e164]] : [];
  });
  await store.appendRows('seg_phones', ['text', 'region', 'e164'], parsed);
}

/**
 * Merges the non-identifying traits (plan, createdAt, …) into `customers.traits`, the newest value
 * of each trait winning, and upserts a customer per `userId` with first and last seen from
 * their events. Returns how many customers are new.
 */
export async function upsertCustomers(ctx: LoadContext): Promise<number> {
  const { store } = ctx;
  const rows = await store.query<{ n: number }>(
    `SELECT count(DISTINCT customer_id) AS n FROM seg_new WHERE customer_id IS NOT NULL AND customer_id NOT IN (SELECT customer_id FROM customers)`,
  );
  await store.execute(
    `INSERT INTO customers (customer_id, first_seen, last_seen, traits, source, import_id)
     SELECT s.customer_id, min(s.ts), max(s.ts), any_value(t.traits), ?, ?
     FROM seg_new s LEFT JOIN (
       SELECT customer_id, json_group_object(key, value) AS traits
       FROM (SELECT customer_id, key, arg_max(value, ts) AS value FROM seg_traits WHERE NOT identifying GROUP BY customer_id, key)
       GROUP BY customer_id
     ) t USING (customer_id)
     WHERE s.customer_id IS NOT NULL GROUP BY s.customer_id
     ON CONFLICT (customer_id) DO UPDATE SET
       first_seen = least(customers.first_seen, excluded.first_seen),
       last_seen = greatest(customers.last_seen, excluded.last_seen),
       traits = CASE WHEN excluded.traits IS NULL THEN customers.traits WHEN customers.traits IS NULL THEN excluded.traits
         ELSE json_merge_patch(customers.traits, excluded.traits) END`,
    [ctx.source, ctx.importId],
  );
  return rows[0]?.n ?? 0;
}
