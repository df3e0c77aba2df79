import { sqlString } from '../../store/index.js';
import type { LoadContext } from '../source.js';
import { countRows, type RejectRule } from '../steps.js';
import { isoTimestamp } from '../normalise.js';

/**
 * Parsing and validation of Segment-spec messages, one JSON object per staged `line`. Each line
 * is read once into `seg_clean` (one row per line, `_reason` NULL when accepted): the scalar
 * fields typed, and the payloads `p` = [properties, traits, context] as JSON, so no later step
 * goes back to the stage. Only a rejected line keeps its text (`raw`, for the quarantine).
 */

/** The scalar fields read from each message, in the order of the parsed list `f`. */
const FIELDS = [
  'messageId', 'type', 'timestamp', 'originalTimestamp', 'sentAt', 'receivedAt', 'anonymousId', 'userId',
  'event', 'name', 'channel', 'groupId', 'previousId', 'context.sessionId', 'context.channel', 'context.device.type',
] as const;
type Field = (typeof FIELDS)[number];

/** SQL: a field of the message as trimmed text, NULL when absent or blank (a column `f_<i>`). */
const f = (field: Field) => `f_${FIELDS.indexOf(field) + 1}`;

export const MESSAGE_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const;

/**
 * SQL: a Segment time as UTC `TIMESTAMP`. With `Z` or an offset it is converted; a time without
 * one is taken as UTC (not as the server's zone), so an import means the same thing everywhere.
 */
function segmentTime(expr: string): string {
  return `CASE WHEN regexp_matches(${expr}, '[T ]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?\\s*([Zz]|[+-]\\d{2}(:?\\d{2})?)$')
    THEN ${isoTimestamp(expr)} ELSE try_cast(${expr} AS TIMESTAMP) END`;
}

/**
 * SQL: when the message happened. `timestamp` as sent; without it, Segment's own rule:
 * `originalTimestamp` corrected by the client's clock skew (`receivedAt − sentAt`) when both are
 * there. `receivedAt` alone is not the time of the event and does not count.
 */
const EVENT_TIME = `CASE WHEN ${f('timestamp')} IS NOT NULL THEN ${segmentTime(f('timestamp'))}
  ELSE ${segmentTime(f('originalTimestamp'))} + coalesce(${segmentTime(f('receivedAt'))} - ${segmentTime(f('sentAt'))}, INTERVAL 0 SECOND) END`;

/** The typed columns of `seg_clean`, as SQL over `f`. */
const TYPED: Readonly<Record<string, string>> = {
  // Segment's libraries always send a messageId; without one, the line's md5 keeps re-imports idempotent.
  event_id: `coalesce(${f('messageId')}, line_md5)`,
  type: `lower(${f('type')})`,
  ts: EVENT_TIME,
  received_at: `coalesce(${segmentTime(f('receivedAt'))}, now()::TIMESTAMP)`,
  time_text: `coalesce(${f('timestamp')}, ${f('originalTimestamp')})`,
  user_raw: f('userId'),
  anon_raw: f('anonymousId'),
  previous_raw: f('previousId'),
  event_name: f('event'),
  page_name: f('name'),
  group_id: f('groupId'),
  session_id: f('context.sessionId'),
  channel: `lower(coalesce(${f('channel')}, ${f('context.channel')}))`,
};

/**
 * A field of the wrong JSON type: a payload (`properties`, `traits`, `context`) that is not an
 * object, or an id, type or name that is an object or array (a number or boolean reads as its
 * text, as Segment's own API takes it). Tested cheaply first: json_extract writes an object
 * starting with `{`, and only a text starting with `{` or `[` can be an object or array.
 */
const PAYLOAD_FIELDS = [['properties', 1], ['traits', 2], ['context', 3]] as const;
const TEXT_FIELDS = [
  ['messageId', 'event_id'], ['type', 'type'], ['userId', 'user_raw'], ['anonymousId', 'anon_raw'], ['previousId', 'previous_raw'],
  ['event', 'event_name'], ['name', 'page_name'], ['groupId', 'group_id'],
] as const;
const wrongPayload = (i: number) => `(p[${i}] IS NOT NULL AND left(p[${i}]::VARCHAR, 1) <> '{' AND p[${i}]::VARCHAR <> 'null')`;
const wrongText = (field: string, column: string) => `(left(${column}, 1) IN ('{', '[') AND json_type(line, ${sqlString(`$.${field}`)}) IN ('OBJECT', 'ARRAY'))`;
const WRONG_TYPE: RejectRule = {
  when: `(${[...PAYLOAD_FIELDS.map(([, i]) => wrongPayload(i)), ...TEXT_FIELDS.map(([f, c]) => wrongText(f, c))].join(' OR ')})`,
  reason: 'wrong type',
  detail: `CASE ${PAYLOAD_FIELDS.map(([f, i]) => `WHEN ${wrongPayload(i)} THEN '${f} is a JSON ' || lower(json_type(p[${i}])) || ', not an object'`).join(' ')}
    ${TEXT_FIELDS.map(([f, c]) => `WHEN ${wrongText(f, c)} THEN '${f} is a JSON ' || lower(json_type(line, ${sqlString(`$.${f}`)})) || ', not text'`).join(' ')} END`,
};

const RULES: readonly RejectRule[] = [
  { when: 'not_object IS NOT NULL', reason: 'not json', detail: 'not_object' },
  WRONG_TYPE,
  { when: `type IS NULL OR type NOT IN (${MESSAGE_TYPES.map(sqlString).join(', ')})`, reason: 'unknown type', detail: `'type ' || coalesce('"' || type || '"', 'is missing')` },
  { when: 'time_text IS NULL', reason: 'missing timestamp', detail: `'no timestamp (nor originalTimestamp)'` },
  { when: 'ts IS NULL', reason: 'unparseable date', detail: `'timestamp "' || time_text || '"'` },
  { when: `type = 'track' AND event_name IS NULL`, reason: 'missing event name', detail: `'track message without event'` },
  { when: 'user_raw IS NULL AND anon_raw IS NULL', reason: 'missing id', detail: `'neither userId nor anonymousId'` },
  { when: `type = 'alias' AND (previous_raw IS NULL OR user_raw IS NULL)`, reason: 'missing id', detail: `'alias needs both userId and previousId'` },
  { when: `type = 'group' AND group_id IS NULL`, reason: 'missing id', detail: `'group message without groupId'` },
];

/** Blank or missing message fields counted in the report, as SQL over `f`; kept as one bit mask per line. */
const MISSING: readonly [string, string][] = [
  ['messageId', `${f('messageId')} IS NULL`],
  ['type', `${f('type')} IS NULL`],
  ['timestamp', `${f('timestamp')} IS NULL`],
  ['receivedAt', `${f('receivedAt')} IS NULL`],
  ['userId', `${f('userId')} IS NULL`],
  ['anonymousId', `${f('anonymousId')} IS NULL`],
  ['event (track)', `lower(${f('type')}) = 'track' AND ${f('event')} IS NULL`],
  ['name (page, screen)', `lower(${f('type')}) IN ('page', 'screen') AND ${f('name')} IS NULL`],
  ['channel', `${f('channel')} IS NULL AND ${f('context.channel')} IS NULL`],
  ['context.sessionId', `${f('context.sessionId')} IS NULL`],
  ['context.device.type', `${f('context.device.type')} IS NULL`],
  // Their identifying traits cannot be linked to a person yet, so they are not kept.
  ['userId (identify)', `lower(${f('type')}) = 'identify' AND ${f('userId')} IS NULL`],
];

/** The payloads read from each message, in the order of the parsed list `p`. */
const PAYLOADS = ['$.properties', '$.traits', '$.context'].map(sqlString).join(', ');

/**
 * SQL: why a line is not a JSON object, or NULL; `f0` is the field list, NULL when the line is
 * not JSON. A line that parsed and starts with `{` is an object: no further parse. (The parse
 * under `try` replaced a `json_valid` pass over every line: 0.2 s of 200k lines.)
 */
const NOT_OBJECT = `CASE WHEN f0 IS NOT NULL AND left(line, 1) = '{' THEN NULL
  WHEN line IS NULL THEN 'empty line'
  WHEN NOT json_valid(line) THEN CASE WHEN trim(line) = '' THEN 'empty line' ELSE 'not valid JSON' END
  WHEN left(line, 1) = '{' THEN NULL
  WHEN json_type(line) <> 'OBJECT' THEN 'a JSON ' || lower(json_type(line)) || ', not an object' END`;

/**
 * Parses the staged lines into `seg_clean` and quarantines (with the raw line) the ones that
 * cannot be events; returns how many were accepted as valid, before deduplication.
 */
export async function parseMessages(ctx: LoadContext): Promise<number> {
  const { store } = ctx;
  const paths = FIELDS.map((name) => sqlString(`$.${name}`)).join(', ');
  const typed = Object.entries(TYPED).map(([name, expr]) => `${expr} AS ${name}`).join(',\n        ');
  const missingMask = MISSING.map(([, when], i) => `CASE WHEN ${when} THEN ${2 ** i} ELSE 0 END`).join(' + ');
  // One statement, innermost first: parse (fields under `try`, as a bad line makes the parse
  // throw), the payloads of the objects, each field trimmed once (they are used 40 times), the
  // typed columns, the rules, and the raw line of rejects.
  await store.exec(`
    CREATE OR REPLACE TEMP TABLE seg_clean AS
    SELECT * EXCLUDE (line), CASE WHEN _reason IS NOT NULL THEN coalesce(line, '') END AS raw
    FROM (
      SELECT *, ${caseOf(RULES, 'reason')} AS _reason, ${caseOf(RULES, 'detail')}::VARCHAR AS _detail
      FROM (
        SELECT _file, _row, line, not_object, p,
          ${typed},
          CASE WHEN f IS NULL THEN 0 ELSE ${missingMask} END AS missing_mask
        FROM (
          SELECT *, CASE WHEN not_object IS NULL AND f[1] IS NULL THEN 'md5:' || md5(line) END AS line_md5,
            ${FIELDS.map((_, i) => `nullif(trim(f[${i + 1}]), '') AS f_${i + 1}`).join(', ')}
          FROM (
            SELECT _file, _row, line, not_object, CASE WHEN not_object IS NULL THEN f0 END AS f,
              CASE WHEN not_object IS NULL THEN json_extract(line, [${PAYLOADS}]) END AS p
            FROM (SELECT *, ${NOT_OBJECT} AS not_object FROM (SELECT _file, _row, line, try(json_extract_string(line, [${paths}])) AS f0 FROM ${ctx.stage}))
          )
        )
      )
    )`);
  await store.execute(
    `INSERT INTO quarantine (import_id, source, file, line, raw, reason, detail, received_at)
     SELECT ?, ?, _file, _row, raw, _reason, _detail, now()::TIMESTAMP FROM seg_clean WHERE _reason IS NOT NULL ORDER BY _file, _row`,
    [ctx.importId, ctx.source],
  );
  return countRows(store, 'SELECT count(*) AS n FROM seg_clean WHERE _reason IS NULL');
}

function caseOf(rules: readonly RejectRule[], what: 'reason' | 'detail'): string {
  return `CASE ${rules.map((r) => `WHEN ${r.when} THEN ${what === 'reason' ? sqlString(r.reason) : (r.detail ?? 'NULL')}`).join(' ')} END`;
}

/** Blank or missing values per message field, over the lines that are JSON objects. */
export async function missingFields(ctx: LoadContext): Promise<Record<string, number>> {
  const parts = MISSING.map((_, i) => `count(*) FILTER (WHERE missing_mask & ${2 ** i} <> 0) AS m${i}`);
  const rows = await ctx.store.query<Record<string, number>>(`SELECT ${parts.join(', ')} FROM seg_clean`);
  const row = rows[0] ?? {};
  return Object.fromEntries(MISSING.map(([name], i) => [name, row[`m${i}`] ?? 0]));
}
