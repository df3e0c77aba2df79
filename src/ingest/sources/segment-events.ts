import type { LoadContext } from '../source.js';
import { countRows } from '../steps.js';
import { cleanContext, redactJson, storedId } from './segment-privacy.js';

/**
 * SQL: what an event keeps of its message's payload. Track, page and screen keep `properties`;
 * group keeps its `groupId` and the group's traits; alias its `previousId`; identify keeps
 * nothing (its traits go to the vault, identities and customer traits). E-mail and phone values
 * are redacted whatever the type.
 */
const PROPERTIES = `CASE
  WHEN type IN ('track', 'page', 'screen') THEN m.properties
  WHEN type = 'group' THEN json_object('groupId', m.groupId, 'traits', m.traits)
  WHEN type = 'alias' THEN json_object('previousId', previous_raw)
END`;

/**
 * Inserts `seg_new` into `events` (ids checked new by `selectNew`); returns how many. The
 * customer is the pseudonym of `userId`; anonymous events wait for identity resolution.
 */
export async function insertEvents(ctx: LoadContext): Promise<number> {
  return ctx.store.execute(
    `INSERT INTO events (event_id, ts, received_at, type, name, anonymous_id, user_id, customer_id, session_id, source, channel, properties, context, import_id)
     SELECT event_id, ts, received_at, type, name, ${storedId('anon_raw')}, ${storedId('user_raw')}, customer_id, session_id, ?, channel,
       CASE WHEN json_type(props) IN ('OBJECT', 'ARRAY') THEN ${redactJson('props')} END,
       ${redactJson('ctx')}, ?
     FROM (
       SELECT *, ${PROPERTIES} AS props, ${cleanContext('m.context')} AS ctx FROM seg_new
     )`,
    [ctx.source, ctx.importId],
  );
}

/**
 * Temp table `seg_new`: the accepted messages whose `event_id` is not yet in `events`, one per id
 * (the first line of a repeat wins), with the columns every later step reads: `customer_id`,
 * `name`, `session_id`, `channel`, and `mobile` (sent from an app rather than a browser).
 * Everything the source writes comes from these rows, so a re-import writes nothing.
 */
export async function selectNew(ctx: LoadContext): Promise<number> {
  await ctx.store.exec(`
    CREATE OR REPLACE TEMP TABLE seg_new AS
    SELECT *,
      cairn_pseudonym('user', user_raw) AS customer_id,
      CASE WHEN type = 'track' THEN event_name WHEN type IN ('page', 'screen') THEN nullif(trim(m.name), '') END AS name,
      nullif(trim(m.context->>'$.sessionId'), '') AS session_id,
      lower(coalesce(nullif(trim(m.channel), ''), nullif(trim(m.context->>'$.channel'), ''))) AS channel,
      (lower(coalesce(m.channel, m.context->>'$.channel', '')) = 'mobile'
        OR lower(coalesce(m.context->>'$.device.type', '')) IN ('ios', 'android', 'mobile', 'phone', 'tablet')
        OR lower(coalesce(m.context->>'$.os.name', '')) IN ('ios', 'ipados', 'android')
        OR json_type(m.context, '$.app') = 'OBJECT'
        OR type = 'screen') AS mobile
    FROM (
      SELECT c.* FROM seg_clean c
      WHERE c._reason IS NULL AND NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = c.event_id)
      QUALIFY row_number() OVER (PARTITION BY c.event_id ORDER BY c._file, c._row) = 1
    )`);
  return countRows(ctx.store, 'SELECT count(*) AS n FROM seg_new');
}
