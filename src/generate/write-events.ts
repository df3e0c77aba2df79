import { EventSerializer, messageType, TRACK_NAMES } from './event-json.js';
import { DUPLICATE_RATE, MALFORMED_KINDS, MALFORMED_RATE, malformedLine, type MalformedKind } from './malformed.js';
import type { Rng } from './random.js';
import type { ShopContext } from './shop-context.js';
import { BlockWriter } from './writer.js';

/** What events.jsonl holds. */
export interface EventsSummary {
  /** Lines in the file: valid + duplicates + malformed. */
  lines: number;
  /** Distinct well-formed messages. */
  valid: number;
  /** Exact repeats of a valid line (client retries: same messageId, same payload). */
  duplicates: number;
  malformed: Record<MalformedKind, number> & { total: number };
  /** Valid messages by Segment type and, for track calls, by event name. */
  byType: Record<string, number>;
  byEvent: Record<string, number>;
  sessions: number;
}

/**
 * Writes events.jsonl in time order, in large blocks. After a valid line there may follow an
 * exact duplicate (≈0.2%) or a deliberately broken line (≈0.05%); `noise` decides which, so the
 * valid messages are the same whatever the noise.
 */
export async function writeEvents(
  path: string, ctx: ShopContext, ids: Rng, noise: Rng, onProgress: (done: number, total: number) => void,
): Promise<EventsSummary> {
  const order = ctx.log.sortedOrder();
  const serializer = new EventSerializer(ctx, ids);
  const malformed = Object.fromEntries(MALFORMED_KINDS.map((k) => [k, 0])) as Record<MalformedKind, number>;
  const kindCounts = new Array<number>(16).fill(0);
  let duplicates = 0;
  let pendingMissingEvent = false;
  const writer = await BlockWriter.create(path);
  try {
    for (let n = 0; n < order.length; n++) {
      const i = order[n] ?? 0;
      const kind = ctx.log.kind[i] ?? 0;
      const line = serializer.line(i);
      writer.add(line);
      kindCounts[kind] = (kindCounts[kind] ?? 0) + 1;
      const isTrack = messageType(kind) === 'track';
      const x = noise.next();
      if (x < DUPLICATE_RATE) {
        writer.add(line);
        duplicates++;
      } else if (x < DUPLICATE_RATE + MALFORMED_RATE || (pendingMissingEvent && isTrack)) {
        const bad = pendingMissingEvent && isTrack ? 'missing_event' : noise.pick(MALFORMED_KINDS);
        if (bad === 'missing_event' && !isTrack) {
          // Only a track call can lack its event name: break the next one instead.
          pendingMissingEvent = true;
        } else {
          if (bad === 'missing_event') pendingMissingEvent = false;
          writer.add(malformedLine(noise, line, bad));
          malformed[bad]++;
        }
      }
      if (writer.full) {
        await writer.flush();
        onProgress(n + 1, order.length);
      }
    }
  } finally {
    await writer.close();
  }
  onProgress(order.length, order.length);
  const byType: Record<string, number> = {};
  const byEvent: Record<string, number> = {};
  kindCounts.forEach((count, kind) => {
    if (count === 0) return;
    const type = messageType(kind);
    byType[type] = (byType[type] ?? 0) + count;
    if (type === 'track') byEvent[TRACK_NAMES[kind] ?? String(kind)] = count;
  });
  const malformedTotal = Object.values(malformed).reduce((a, b) => a + b, 0);
  return {
    lines: writer.count,
    valid: order.length,
    duplicates,
    malformed: { ...malformed, total: malformedTotal },
    byType,
    byEvent,
    sessions: ctx.sessions.length,
  };
}
