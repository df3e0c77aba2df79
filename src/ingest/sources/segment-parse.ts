import type { LoadContext } from '../source.js';
import { classifyRows, countRows, type RejectRule } from '../steps.js';
import { isoTimestamp } from '../normalise.js';

/**
 * Parsing and validation of Segment-spec messages, one JSON object per staged `line`. Each line
 * is parsed once into a struct of the fields Cairn reads (`m`); the rules quarantine what cannot
 * become an event. Result: temp table `seg_clean` (every line, `_reason` NULL when accepted).
 */

/** The message fields read, as DuckDB `json_transform` types: nested objects stay JSON. */
const MESSAGE_SHAPE = JSON.stringify({
  messageId: 'VARCHAR',
  type: 'VARCHAR',
  timestamp: 'VARCHAR',
  originalTimestamp: 'VARCHAR',
  sentAt: 'VARCHAR',
  receivedAt: 'VARCHAR',
  anonymousId: 'VARCHAR',
  userId: 'VARCHAR',
  event: 'VARCHAR',
  name: 'VARCHAR',
  channel: 'VARCHAR',
  groupId: 'VARCHAR',
  previousId: 'VARCHAR',
  properties: 'JSON',
  context: 'JSON',
  traits: 'JSON',
});

export const MESSAGE_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const;

/**
 * SQL: a Segment time as UTC `TIMESTAMP`. With `Z` or an offset it is converted; a time without
 * one is taken as UTC (not as the server's zone), so an import means the same thing everywhere.
 */
function segmentTime(expr: string): string {
  const t = `trim(${expr})`;
  return `CASE WHEN regexp_matches(${t}, '[T ]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?\\s*([Zz]|[+-]\\d{2}(:?\\d{2})?)$')
    THEN ${isoTimestamp(expr)} ELSE try_cast(${t} AS TIMESTAMP) END`;
}

const blank = (expr: string) => `nullif(trim(${expr}), '')`;

/**
 * SQL: when the message happened. `timestamp` as sent; without it, Segment's own rule:
 * `originalTimestamp` corrected by the client's clock skew (`receivedAt − sentAt`) when both are
 * there. `receivedAt` alone is not a time of the event and does not count.
 */
const EVENT_TIME = `CASE WHEN ${blank('m.timestamp')} IS NOT NULL THEN ${segmentTime('m.timestamp')}
  ELSE ${segmentTime('m.originalTimestamp')} + coalesce(${segmentTime('m.receivedAt')} - ${segmentTime('m.sentAt')}, INTERVAL 0 SECOND) END`;

const RULES: readonly RejectRule[] = [
  {
    when: 'm IS NULL',
    reason: 'not json',
    detail: `CASE WHEN trim(line) = '' THEN 'empty line'
      WHEN json_valid(line) THEN 'a JSON ' || lower(json_type(line)) || ', not an object' ELSE 'not valid JSON' END`,
  },
  {
    when: `type IS NULL OR type NOT IN (${MESSAGE_TYPES.map((t) => `'${t}'`).join(', ')})`,
    reason: 'unknown type',
    detail: `'type ' || coalesce('"' || m.type || '"', 'is missing')`,
  },
  {
    when: `${blank('m.timestamp')} IS NULL AND ${blank('m.originalTimestamp')} IS NULL`,
    reason: 'missing timestamp',
    detail: `'no timestamp (nor originalTimestamp)'`,
  },
  { when: 'ts IS NULL', reason: 'unparseable date', detail: `'timestamp "' || coalesce(m.timestamp, m.originalTimestamp) || '"'` },
  { when: `type = 'track' AND event_name IS NULL`, reason: 'missing event name', detail: `'track message without event'` },
  { when: 'user_raw IS NULL AND anon_raw IS NULL', reason: 'missing id', detail: `'neither userId nor anonymousId'` },
  { when: `type = 'alias' AND (previous_raw IS NULL OR user_raw IS NULL)`, reason: 'missing id', detail: `'alias needs both userId and previousId'` },
  { when: `type = 'group' AND ${blank('m.groupId')} IS NULL`, reason: 'missing id', detail: `'group message without groupId'` },
];

/**
 * Parses the staged lines and quarantines the ones that cannot be events; returns how many were
 * accepted as valid (before deduplication).
 *
 * A message without `messageId` (Segment's libraries always send one) gets `md5:` + the md5 of
 * its line as its id, so importing the same file again still adds nothing.
 */
export async function parseMessages(ctx: LoadContext): Promise<number> {
  const { store } = ctx;
  await store.exec(`
    CREATE OR REPLACE TEMP TABLE seg_parsed AS
    SELECT coalesce(line, '') AS line, _file, _row,
      CASE WHEN json_valid(line) AND json_type(line) = 'OBJECT' THEN json_transform(line, '${MESSAGE_SHAPE}') END AS m
    FROM ${ctx.stage}`);
  await classifyRows(
    { ...ctx, stage: 'seg_parsed' },
    'seg_clean',
    {
      event_id: `coalesce(${blank('m.messageId')}, 'md5:' || md5(line))`,
      type: `lower(trim(m.type))`,
      ts: EVENT_TIME,
      received_at: `coalesce(${segmentTime('m.receivedAt')}, now()::TIMESTAMP)`,
      user_raw: blank('m.userId'),
      anon_raw: blank('m.anonymousId'),
      previous_raw: blank('m.previousId'),
      event_name: blank('m.event'),
    },
    RULES,
  );
  await store.exec('DROP TABLE seg_parsed');
  return countRows(store, 'SELECT count(*) AS n FROM seg_clean WHERE _reason IS NULL');
}

/** Blank or missing values per message field, over the lines that are JSON objects. */
export async function missingFields(ctx: LoadContext): Promise<Record<string, number>> {
  const checks: Record<string, string> = {
    messageId: `${blank('m.messageId')} IS NULL`,
    type: `${blank('m.type')} IS NULL`,
    timestamp: `${blank('m.timestamp')} IS NULL`,
    receivedAt: `${blank('m.receivedAt')} IS NULL`,
    userId: 'user_raw IS NULL',
    anonymousId: 'anon_raw IS NULL',
    'event (track)': `type = 'track' AND event_name IS NULL`,
    'name (page, screen)': `type IN ('page', 'screen') AND ${blank('m.name')} IS NULL`,
    channel: `${blank('m.channel')} IS NULL AND ${blank(`m.context->>'$.channel'`)} IS NULL`,
    'context.sessionId': `${blank(`m.context->>'$.sessionId'`)} IS NULL`,
    'context.device.type': `${blank(`m.context->>'$.device.type'`)} IS NULL`,
    // Their identifying traits cannot be linked to a person yet, so they are not kept.
    'userId (identify)': `type = 'identify' AND user_raw IS NULL`,
  };
  const names = Object.keys(checks);
  const parts = names.map((name, i) => `count(*) FILTER (WHERE ${checks[name]}) AS m${i}`);
  const rows = await ctx.store.query<Record<string, number>>(`SELECT ${parts.join(', ')} FROM seg_clean WHERE m IS NOT NULL`);
  const row = rows[0] ?? {};
  return Object.fromEntries(names.map((name, i) => [name, row[`m${i}`] ?? 0]));
}
