import type { Rng } from './random.js';

/** The ways a line of events.jsonl is broken on purpose, so the quarantine has work. */
export const MALFORMED_KINDS = ['not_json', 'missing_timestamp', 'bad_timestamp', 'missing_event', 'missing_ids'] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

const BAD_TIMESTAMPS = ['not-a-date', '2026-13-45T25:61:00Z', 'yesterday', '0000-00-00 00:00:00', '31/12/2025 24:00'];

/** Share of valid lines followed by a client retry (an exact duplicate line). */
export const DUPLICATE_RATE = 0.002;
/** Share of valid lines followed by a broken line. */
export const MALFORMED_RATE = 0.0005;

/**
 * A broken copy of a valid message (with its own messageId so it never collides with the
 * original): cut off mid-line, without or with a nonsense timestamp, a track without an event
 * name, or a message with neither userId nor anonymousId.
 */
export function malformedLine(rng: Rng, validLine: string, kind: MalformedKind): string {
  const message = JSON.parse(validLine) as Record<string, unknown>;
  message['messageId'] = rng.uuid();
  switch (kind) {
    case 'not_json': {
      const text = JSON.stringify(message);
      return text.slice(0, rng.int(Math.floor(text.length / 4), text.length - 1));
    }
    case 'missing_timestamp':
      delete message['timestamp'];
      break;
    case 'bad_timestamp':
      message['timestamp'] = rng.pick(BAD_TIMESTAMPS);
      break;
    case 'missing_event':
      delete message['event'];
      break;
    case 'missing_ids':
      delete message['userId'];
      delete message['anonymousId'];
      delete message['previousId'];
      break;
  }
  return JSON.stringify(message);
}
