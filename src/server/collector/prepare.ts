import { createHash } from 'node:crypto';
import { HttpError } from '../http-error.js';
import { checkMessage, type MessageType, type Rejection } from './check-message.js';
import { EVENT_LIMIT_BYTES } from './limits.js';

/** A request's messages as log lines, with the pipeline's expected verdict on each. */
export interface PreparedBatch {
  /** One JSON line per message, each ending in a newline. */
  data: Buffer;
  events: number;
  accepted: number;
  rejected: (Rejection & { index: number })[];
}

/** Batch-level fields Segment's API applies to every message that lacks its own. */
export interface BatchDefaults {
  sentAt?: unknown;
  context?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Stamps each message as Segment's API does and writes it as one log line: `receivedAt` (this
 * server's clock), the type of a single-message route (`/v1/track` …), the batch's `sentAt` and
 * `context` where the message has none, `timestamp` = `receivedAt` when the message has no time
 * at all, and a `messageId` from the message's content when it has none (so a client's retry of
 * it is still recognised). The write key never reaches the log. A message that is not an object
 * is logged as it came, for the quarantine.
 */
export function prepareBatch(
  messages: readonly unknown[],
  defaults: BatchDefaults,
  routeType: MessageType | undefined,
  receivedAt: string,
  single = false,
  /** The body's text and each message's place in it (batchItemSpans: one line), to log messages as they came. */
  raw?: { text: string; spans: readonly number[] },
): PreparedBatch {
  const lines: string[] = new Array<string>(messages.length);
  const rejected: PreparedBatch['rejected'] = [];
  const spans = raw && raw.spans.length === messages.length * 2 ? raw.spans : undefined;
  const contextText = isObject(defaults.context) ? JSON.stringify(defaults.context) : undefined;
  const sentAtText = defaults.sentAt !== undefined ? JSON.stringify(defaults.sentAt) : undefined;
  const receivedAtText = JSON.stringify(receivedAt);
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    const asCame = spans && isObject(m) ? appendStamps(raw!.text, spans[2 * i]!, spans[2 * i + 1]!, m, routeType, contextText, sentAtText, receivedAt, receivedAtText) : undefined;
    if (asCame !== undefined) {
      lines[i] = checkSize(asCame, i, single);
      const verdict = checkMessage(m);
      if (verdict) rejected.push({ index: i, ...verdict });
      continue;
    }
    if (isObject(m)) {
      if (blank(m['messageId'])) m['messageId'] = `cairn-${createHash('sha256').update(JSON.stringify(m)).digest('hex').slice(0, 32)}`;
      delete m['writeKey'];
      if (routeType) m['type'] = routeType;
      if (m['sentAt'] === undefined && defaults.sentAt !== undefined) m['sentAt'] = defaults.sentAt;
      if (m['context'] === undefined && isObject(defaults.context)) m['context'] = defaults.context;
      m['receivedAt'] = receivedAt;
      if (blank(m['timestamp']) && blank(m['originalTimestamp'])) m['timestamp'] = receivedAt;
    }
    lines[i] = checkSize(JSON.stringify(m), i, single);
    const verdict = checkMessage(m);
    if (verdict) rejected.push({ index: i, ...verdict });
  }
  const text = lines.length ? `${lines.join('\n')}\n` : '';
  return { data: Buffer.from(text), events: messages.length, accepted: messages.length - rejected.length, rejected };
}

/** The line, when it is within the 32 KB event limit; else the request is refused. */
function checkSize(line: string, index: number, single: boolean): string {
  // Byte length only when the characters could pass the limit (a UTF-8 character is at most 3 bytes per UTF-16 unit).
  if (line.length * 3 <= EVENT_LIMIT_BYTES) return line;
  const bytes = Buffer.byteLength(line);
  if (bytes <= EVENT_LIMIT_BYTES) return line;
  const which = single ? 'the event' : `event ${index} of the batch`;
  throw new HttpError(single ? 413 : 400, 'event_too_large', `${which} is ${(bytes / 1024).toFixed(1)} KB; an event may be at most 32 KB (Segment's limit). Nothing of this request was stored: make the event smaller (e.g. fewer properties) and send again`);
}

/**
 * The message's own text with the stamps added as keys it lacks, or undefined when a stamp
 * would change a key it has (write key, route type, receivedAt, a blank id or time): then it is
 * serialised like any other. Same stamps as prepareBatch's.
 */
function appendStamps(
  text: string,
  start: number,
  end: number,
  m: Record<string, unknown>,
  routeType: MessageType | undefined,
  contextText: string | undefined,
  sentAtText: string | undefined,
  receivedAt: string,
  receivedAtText: string,
): string | undefined {
  if (m['writeKey'] !== undefined || m['receivedAt'] !== undefined || (routeType !== undefined && m['type'] !== routeType)) return undefined;
  let add = '';
  if (blank(m['messageId'])) {
    if (m['messageId'] !== undefined) return undefined;
    // The same id the serialising path gives: the hash of the message as parsed.
    m['messageId'] = `cairn-${createHash('sha256').update(JSON.stringify(m)).digest('hex').slice(0, 32)}`;
    add += `,"messageId":${JSON.stringify(m['messageId'])}`;
  }
  const noTime = blank(m['timestamp']) && blank(m['originalTimestamp']);
  if (noTime && m['timestamp'] !== undefined) return undefined;
  // The parsed message gets the same stamps, for its verdict.
  if (m['sentAt'] === undefined && sentAtText !== undefined) {
    add += `,"sentAt":${sentAtText}`;
    m['sentAt'] = JSON.parse(sentAtText);
  }
  if (m['context'] === undefined && contextText !== undefined) {
    add += `,"context":${contextText}`;
    m['context'] = JSON.parse(contextText);
  }
  add += `,"receivedAt":${receivedAtText}`;
  m['receivedAt'] = receivedAt;
  if (noTime) {
    add += `,"timestamp":${receivedAtText}`;
    m['timestamp'] = receivedAt;
  }
  // `{}` takes the stamps without the leading comma.
  const body = text.slice(start, end - 1).trimEnd();
  return body.endsWith('{') ? `${body}${add.slice(1)}}` : `${body}${add}}`;
}
