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
  const rows = await store.query<EventRow>(newestEvents(where.length ? where.join(' AND ') : 'true', filter.limit + 1, filter.customerId !== undefined), params);
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return { items: page.map(toEventItem), nextCursor: rows.length > filter.limit && last ? encodeCursor([last.ts, last.event_id]) : null };
}

/**
 * SQL: the newest `limit` events matching `where`, all columns. Over many rows the page is chosen
 * on the sort key alone and its JSON columns read afterwards: the newest 101 of 1M events took
 * 0.21-0.30 s with whole rows in the top-N, 0.07-0.12 s this way. For a `selective` filter (one
 * customer's events) the second pass costs more than it saves (0.15 s against 0.06-0.07 s), so the
 * plain query is used. (Measured on a 5,000-customer shop, on a loaded 2-core machine.)
 */
export function newestEvents(where: string, limit: number, selective: boolean): string {
  const order = `ORDER BY ts DESC, event_id DESC`;
  if (selective) return `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where} ${order} LIMIT ${Math.trunc(limit)}`;
  return `SELECT ${EVENT_COLUMNS} FROM events
    WHERE rowid IN (SELECT rowid FROM events WHERE ${where} ${order} LIMIT ${Math.trunc(limit)}) ${order}`;
}
