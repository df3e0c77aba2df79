/**
 * The verdict the import pipeline's Segment rules (ingest/sources/segment-parse.ts) will give a
 * message, worked out at the door so the response can say how many events were accepted and
 * how many go to the quarantine. The pipeline stays the one that decides (every message goes to
 * the log, and its SQL quarantines the bad ones); check-message.test.ts runs the same messages
 * through both and holds them to the same verdicts.
 */

export const MESSAGE_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export interface Rejection {
  reason: string;
  detail: string;
}

/** A field as the pipeline's SQL reads it: JSON text of a non-string, trimmed, blank as absent. */
function fieldText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const t = (typeof value === 'string' ? value : JSON.stringify(value)).trim();
  return t === '' ? null : t;
}

/** DuckDB's name for a JSON value's type, lower case (as the pipeline's details say it). */
function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'varchar';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? (value < 0 ? 'bigint' : 'ubigint') : 'double';
    default:
      return 'object';
  }
}

const PAYLOADS = ['properties', 'traits', 'context'] as const;
const TEXT_FIELDS = ['messageId', 'type', 'userId', 'anonymousId', 'previousId', 'event', 'name', 'groupId'] as const;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why the pipeline will quarantine `message`, or undefined when it will accept it. */
export function checkMessage(message: unknown): Rejection | undefined {
  if (!isObject(message)) return { reason: 'not json', detail: `a JSON ${jsonTypeName(message)}, not an object` };
  for (const field of PAYLOADS) {
    const v = message[field];
    if (v !== undefined && v !== null && !isObject(v)) return { reason: 'wrong type', detail: `${field} is a JSON ${jsonTypeName(v)}, not an object` };
  }
  for (const field of TEXT_FIELDS) {
    const v = message[field];
    if (typeof v === 'object' && v !== null) return { reason: 'wrong type', detail: `${field} is a JSON ${jsonTypeName(v)}, not text` };
  }
  const type = fieldText(message['type'])?.toLowerCase() ?? null;
  if (type === null || !(MESSAGE_TYPES as readonly string[]).includes(type)) {
    return { reason: 'unknown type', detail: `type ${type === null ? 'is missing' : `"${type}"`}` };
  }
  const timestamp = fieldText(message['timestamp']);
  const timeText = timestamp ?? fieldText(message['originalTimestamp']);
  if (timeText === null) return { reason: 'missing timestamp', detail: 'no timestamp (nor originalTimestamp)' };
  if (!isSegmentTime(timeText)) return { reason: 'unparseable date', detail: `timestamp "${timeText}"` };
  const user = fieldText(message['userId']);
  if (type === 'track' && fieldText(message['event']) === null) return { reason: 'missing event name', detail: 'track message without event' };
  if (user === null && fieldText(message['anonymousId']) === null) return { reason: 'missing id', detail: 'neither userId nor anonymousId' };
  if (type === 'alias' && (fieldText(message['previousId']) === null || user === null)) return { reason: 'missing id', detail: 'alias needs both userId and previousId' };
  if (type === 'group' && fieldText(message['groupId']) === null) return { reason: 'missing id', detail: 'group message without groupId' };
  return undefined;
}

/**
 * A time DuckDB reads as a TIMESTAMP (or TIMESTAMPTZ with `Z` or an offset): a date, optionally
 * with a time of day, and with seconds optionally fractions and a zone (DuckDB takes no zone
 * after a time without seconds); real calendar values.
 */
const TIME_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isSegmentTime(text: string): boolean {
  const m = TIME_RE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  // Arithmetic, not a Date per message: that was 3% of the collector's CPU under load.
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]!)) return false;
  if (m[4] !== undefined) {
    const [h, min, sec] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    // DuckDB reads 24:00:00 as the next midnight, and nothing else past 23:59:59.
    if (min > 59 || sec > 59 || h > 24 || (h === 24 && (min > 0 || sec > 0))) return false;
  }
  return true;
}
