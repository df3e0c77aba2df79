import type { SqlValue, Store } from '../../../store/index.js';
import { decodeCursor, encodeCursor } from '../schemas/common.js';
import { EVENT_COLUMNS, toEventItem, type EventItem, type EventRow } from './event-item.js';

export interface EventFilter {
  type?: string | undefined;
  name?: string | undefined;
  customerId?: string | undefined;
  source?: string | undefined;
  /** Inclusive, ISO-8601. */
  from?: string | undefined;
  /** Exclusive, ISO-8601. */
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** An ISO-8601 instant (or date) as the naive UTC text a `TIMESTAMP` column compares with. */
export function utcText(instant: string): string {
  return new Date(instant).toISOString().replace('T', ' ').replace('Z', '');
}

/** Events matching `filter`, newest first, one page; the cursor is the last row's (ts, event_id). */
export async function queryEvents(store: Store, filter: EventFilter): Promise<{ items: EventItem[]; nextCursor: string | null }> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (sql: string, ...values: SqlValue[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (filter.type !== undefined) add('type = ?', filter.type);
  if (filter.name !== undefined) add('name = ?', filter.name);
  if (filter.customerId !== undefined) add('customer_id = ?', filter.customerId);
  if (filter.source !== undefined) add('source = ?', filter.source);
  if (filter.from !== undefined) add('ts >= ?::TIMESTAMP', utcText(filter.from));
  if (filter.to !== undefined) add('ts < ?::TIMESTAMP', utcText(filter.to));
  if (filter.cursor !== undefined) {
    const [ts, id] = decodeCursor(filter.cursor, 2) as [string, string];
    add('(ts < ?::TIMESTAMP OR (ts = ?::TIMESTAMP AND event_id < ?))', utcText(ts), utcText(ts), id);
  }
  const rows = await store.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ts DESC, event_id DESC LIMIT ${filter.limit + 1}`,
    params,
  );
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return { items: page.map(toEventItem), nextCursor: rows.length > filter.limit && last ? encodeCursor([last.ts, last.event_id]) : null };
}
