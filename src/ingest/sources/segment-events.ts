import type { LoadContext } from '../source.js';
import { countRows } from '../steps.js';
import { cleanContext, redactJson, storedId } from './segment-privacy.js';

/**
 * Temp table `seg_new`: the accepted messages of `seg_clean` whose `event_id` is not yet in
 * `events`, one per id (the first line of a repeat wins), with `customer_id` (the pseudonym of
 * `userId`; anonymous messages wait for identity resolution) and `name` (track's event, page's
 * and screen's name). Everything the source writes comes from these rows, so a re-import writes
 * nothing. Returns how many.
 */
export async function selectNew(ctx: LoadContext): Promise<number> {
  // Pseudonyms per distinct user rather than per message: the keyed hash is the costly part.
  await ctx.store.exec(`
    CREATE OR REPLACE TEMP TABLE seg_new AS
    SELECT n.*, u.customer_id,
      CASE WHEN n.type = 'track' THEN n.event_name WHEN n.type IN ('page', 'screen') THEN n.page_name END AS name
    FROM (
      SELECT c.* EXCLUDE (not_object, missing_mask, _reason, _detail, time_text) FROM seg_clean c
      WHERE c._reason IS NULL AND NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = c.event_id)
      QUALIFY row_number() OVER (PARTITION BY c.event_id ORDER BY c._file, c._row) = 1
    ) n
    LEFT JOIN (
      SELECT user_raw, cairn_pseudonym('user', user_raw) AS customer_id
      FROM (SELECT DISTINCT user_raw FROM seg_clean WHERE _reason IS NULL AND user_raw IS NOT NULL)
    ) u USING (user_raw)`);
  return countRows(ctx.store, 'SELECT count(*) AS n FROM seg_new');
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

/** Inserts `seg_new` into `events`, reading each message's payloads from the stage; returns how many. */
export async function insertEvents(ctx: LoadContext): Promise<number> {
  return ctx.store.execute(
    `INSERT INTO events (event_id, ts, received_at, type, name, anonymous_id, user_id, customer_id, session_id, source, channel, properties, context, import_id)
     SELECT event_id, ts, received_at, type, name, ${storedId('anon_raw')}, ${storedId('user_raw')}, customer_id, session_id, ?, channel,
       CASE WHEN json_type(props) IN ('OBJECT', 'ARRAY') THEN ${redactJson('props')} END,
       ${redactJson('ctx')}, ?
     FROM (
       SELECT n.*, ${PROPERTIES} AS props, ${cleanContext('p[3]')} AS ctx
       FROM (
         SELECT n.*, json_extract(s.line, ['$.properties', '$.traits', '$.context']) AS p
         FROM seg_new n JOIN ${ctx.stage} s USING (_file, _row)
       ) n
     )`,
    [ctx.source, ctx.importId],
  );
}

/**
 * Temp table `table`: the rows of `seg_new` matching `where`, with their raw `line`. Payloads are
 * parsed from this copy rather than straight off a join with the stage, where DuckDB may push a
 * filter on the JSON down to the stage's scan and so parse lines that were quarantined.
 */
export async function newWithLines(ctx: LoadContext, table: string, where: string): Promise<void> {
  await ctx.store.exec(`
    CREATE OR REPLACE TEMP TABLE ${table} AS
    SELECT n.*, s.line FROM seg_new n JOIN ${ctx.stage} s USING (_file, _row) WHERE ${where}`);
}
