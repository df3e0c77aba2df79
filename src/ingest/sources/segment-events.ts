import type { LoadContext } from '../source.js';
import { countRows } from '../steps.js';
import { cleanContext, redactedJson, redactedText, storedId } from './segment-privacy.js';

/**
 * View `seg_new`: the accepted messages of `seg_clean` whose `event_id` is not yet in `events`,
 * one per id (the first line of a repeat wins), with `customer_id` (the pseudonym of `userId`;
 * anonymous messages wait for identity resolution), `name` (track's event, page's and screen's
 * name) and the payloads `p`. Everything the source writes comes from these rows, so a re-import
 * writes nothing. Returns how many.
 *
 * The other lines are deleted from `seg_clean` rather than the rest copied: the rows carry their
 * payloads, and a copy (with a window over them for the repeats) took 2 s of 200k lines.
 */
export async function selectNew(ctx: LoadContext): Promise<number> {
  // Pseudonyms per distinct user rather than per message: the keyed hash is the costly part.
  // Ids already stored are looked up with the batch's ids as the hash table, not the whole events
  // table's: against 10M stored ids that kept 0.2 GB out of memory (338 MB → 143 MB RSS, measured).
  await ctx.store.exec(`
    DELETE FROM seg_clean WHERE _reason IS NOT NULL
      OR event_id IN (SELECT event_id FROM events WHERE event_id IN (SELECT event_id FROM seg_clean));
    DELETE FROM seg_clean c USING (
      SELECT event_id, min({file: _file, row: _row}) AS first FROM seg_clean GROUP BY event_id HAVING count(*) > 1
    ) r WHERE r.event_id = c.event_id AND r.first <> {file: c._file, row: c._row};
    CREATE OR REPLACE TEMP TABLE seg_users AS
    SELECT user_raw, cairn_pseudonym('user', user_raw) AS customer_id FROM (SELECT DISTINCT user_raw FROM seg_clean WHERE user_raw IS NOT NULL);
    CREATE OR REPLACE TEMP VIEW seg_new AS
    SELECT c.* EXCLUDE (not_object, missing_mask, _reason, _detail, time_text, raw), u.customer_id,
      CASE WHEN c.type = 'track' THEN c.event_name WHEN c.type IN ('page', 'screen') THEN c.page_name END AS name
    FROM seg_clean c LEFT JOIN seg_users u USING (user_raw)`);
  return countRows(ctx.store, 'SELECT count(*) AS n FROM seg_clean');
}

/**
 * SQL: what an event keeps of its message's payload (`p` = [properties, traits, context] as
 * JSON). Track, page and screen keep `properties`; group its `groupId` and the group's traits;
 * alias its `previousId`; identify nothing (its traits go to the vault, identities and customer
 * traits). E-mail and phone values are redacted whatever the type.
 */
const PROPERTIES = `CASE
  WHEN n.type IN ('track', 'page', 'screen') THEN p[1]
  WHEN n.type = 'group' THEN json_object('groupId', n.group_id, 'traits', p[2])
  WHEN n.type = 'alias' THEN json_object('previousId', n.previous_raw)
END`;

/** Inserts `seg_new` into `events`; returns how many. */
export async function insertEvents(ctx: LoadContext): Promise<number> {
  // Layered so that each payload is built, and its redacted text computed, once per row.
  return ctx.store.execute(
    `INSERT INTO events (event_id, ts, received_at, type, name, anonymous_id, user_id, customer_id, session_id, source, channel, properties, context, import_id)
     SELECT event_id, ts, received_at, type, name, ${storedId('anon_raw')}, ${storedId('user_raw')}, customer_id, session_id, ?, channel,
       CASE WHEN left(props::VARCHAR, 1) IN ('{', '[') THEN ${redactedJson('props', 'props_text')} END,
       ${redactedJson('ctx', 'ctx_text')}, ?
     FROM (
       SELECT *, ${redactedText('props')} AS props_text, ${redactedText('ctx')} AS ctx_text
       FROM (SELECT n.*, ${PROPERTIES} AS props, ${cleanContext('p[3]')} AS ctx FROM seg_new n)
     )`,
    [ctx.source, ctx.importId],
  );
}
