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
  /**
   * The body as it came (`bytes`, and `text` decoded from them) and each message's place in the
   * text (batchItemSpans: one line), to log messages as they came.
   */
  raw?: { text: string; bytes?: Buffer; spans: readonly number[] },
): PreparedBatch {
  const parts: Buffer[] = [];
  const rejected: PreparedBatch['rejected'] = [];
  const spans = raw && raw.spans.length === messages.length * 2 ? raw.spans : undefined;
  // In an all-ASCII body a character is a byte: a message's bytes are a view of the body's, no copy.
  const bytes = raw?.bytes && raw.bytes.length === raw.text.length ? raw.bytes : undefined;
  const stamps: Stamps = {
    context: isObject(defaults.context) ? [defaults.context, JSON.stringify(defaults.context)] : undefined,
    sentAt: defaults.sentAt !== undefined ? [defaults.sentAt, JSON.stringify(defaults.sentAt)] : undefined,
    receivedAt: [receivedAt, JSON.stringify(receivedAt)],
    routeType,
    suffixes: new Map(),
  };
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    const start = spans?.[2 * i];
    const end = spans?.[2 * i + 1];
    const stamped = start !== undefined && end !== undefined && isObject(m) ? appendStamps(raw!.text, start, end, m, stamps) : undefined;
    if (stamped) {
      const suffix = stamps.suffixes.get(stamped.suffix) ?? Buffer.from(stamped.suffix);
      stamps.suffixes.set(stamped.suffix, suffix);
      if (bytes) {
        const own = bytes.subarray(start!, stamped.bodyEnd);
        checkBytes(own.length + suffix.length - 1, i, single);
        parts.push(own, suffix);
      } else {
        parts.push(Buffer.from(checkSize(`${raw!.text.slice(start, stamped.bodyEnd)}${stamped.suffix}`, i, single)));
      }
    } else {
      if (isObject(m)) {
        if (blank(m['messageId'])) m['messageId'] = contentId(m);
        delete m['writeKey'];
        if (routeType) m['type'] = routeType;
        if (m['sentAt'] === undefined && defaults.sentAt !== undefined) m['sentAt'] = defaults.sentAt;
        if (m['context'] === undefined && isObject(defaults.context)) m['context'] = defaults.context;
        m['receivedAt'] = receivedAt;
        if (blank(m['timestamp']) && blank(m['originalTimestamp'])) m['timestamp'] = receivedAt;
      }
      parts.push(Buffer.from(`${checkSize(JSON.stringify(m), i, single)}\n`));
    }
    const verdict = checkMessage(m);
    if (verdict) rejected.push({ index: i, ...verdict });
  }
  return { data: Buffer.concat(parts), events: messages.length, accepted: messages.length - rejected.length, rejected };
}

/** A messageId from a message's content, so a retry of a message sent without one is still recognised. */
function contentId(m: Record<string, unknown>): string {
  return `cairn-${createHash('sha256').update(JSON.stringify(m)).digest('hex').slice(0, 32)}`;
}

/** The line, when it is within the 32 KB event limit; else the request is refused. */
function checkSize(line: string, index: number, single: boolean): string {
  // Byte length only when the characters could pass the limit (a UTF-8 character is at most 3 bytes per UTF-16 unit).
  if (line.length * 3 <= EVENT_LIMIT_BYTES) return line;
  checkBytes(Buffer.byteLength(line), index, single);
  return line;
}

function checkBytes(bytes: number, index: number, single: boolean): void {
  if (bytes <= EVENT_LIMIT_BYTES) return;
  const which = single ? 'the event' : `event ${index} of the batch`;
  throw new HttpError(single ? 413 : 400, 'event_too_large', `${which} is ${(bytes / 1024).toFixed(1)} KB; an event may be at most 32 KB (Segment's limit). Nothing of this request was stored: make the event smaller (e.g. fewer properties) and send again`);
}

/** The stamps of one request, each as its value and its JSON text; suffixes made so far, reused. */
interface Stamps {
  context: [unknown, string] | undefined;
  sentAt: [unknown, string] | undefined;
  receivedAt: [string, string];
  routeType: MessageType | undefined;
  suffixes: Map<string, Buffer>;
}

/**
 * How to log a message as its own text with the stamps added as keys it lacks: its text up to
 * (not including) the closing brace ends at `bodyEnd`, then `suffix` (the stamps, the brace and
 * the newline). Undefined when a stamp would change a key it has (write key, route type,
 * receivedAt, a blank id or time): then it is serialised like any other. The parsed message
 * gets the same stamps, for its verdict. Same stamps as prepareBatch's.
 */
function appendStamps(text: string, start: number, end: number, m: Record<string, unknown>, stamps: Stamps): { bodyEnd: number; suffix: string } | undefined {
  if (m['writeKey'] !== undefined || m['receivedAt'] !== undefined || (stamps.routeType !== undefined && m['type'] !== stamps.routeType)) return undefined;
  const noTime = blank(m['timestamp']) && blank(m['originalTimestamp']);
  if (noTime && m['timestamp'] !== undefined) return undefined;
  let add = '';
  if (blank(m['messageId'])) {
    if (m['messageId'] !== undefined) return undefined;
    // The same id the serialising path gives: the hash of the message as parsed.
    m['messageId'] = contentId(m);
    add += `,"messageId":${JSON.stringify(m['messageId'])}`;
  }
  if (m['sentAt'] === undefined && stamps.sentAt) {
    add += `,"sentAt":${stamps.sentAt[1]}`;
    m['sentAt'] = stamps.sentAt[0];
  }
  if (m['context'] === undefined && stamps.context) {
    add += `,"context":${stamps.context[1]}`;
    m['context'] = stamps.context[0];
  }
  add += `,"receivedAt":${stamps.receivedAt[1]}`;
  m['receivedAt'] = stamps.receivedAt[0];
  if (noTime) {
    add += `,"timestamp":${stamps.receivedAt[1]}`;
    m['timestamp'] = stamps.receivedAt[0];
  }
  // Back from the closing brace over whitespace; `{}` takes the stamps without the leading comma.
  let bodyEnd = end - 1;
  for (let c = text.charCodeAt(bodyEnd - 1); c === 0x20 || c === 0x09; c = text.charCodeAt(bodyEnd - 1)) bodyEnd--;
  const empty = text.charCodeAt(bodyEnd - 1) === 0x7b;
  return { bodyEnd, suffix: `${empty ? add.slice(1) : add}}\n` };
}
