/**
 * SQL pieces that paths, clicks and carts share: who did an event (the actor), which visit it
 * belongs to, the page it happened on, and the date range a query looks at.
 */

/** Anything that runs a query: the store. Typed here so that analytics never imports the store module. */
export interface SqlQueryable {
  query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: readonly (string | number | boolean | null)[]): Promise<T[]>;
}

/** A text as an SQL string literal. */
export const sqlText = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * The person behind an event (alias `e`, with `identity_anonymous ia` joined on anonymous_id):
 * the resolved customer, else the visitor their anonymous id was filed under, else the anonymous id.
 */
export const ACTOR_SQL = 'coalesce(e.customer_id, ia.visitor_id, e.anonymous_id)';

/**
 * The visit an event belongs to: `sessions.session_key` once analytics/sessions has filed it,
 * else the SDK's session id (an event that arrived after the last sessionisation run).
 */
export const VISIT_SQL = 'coalesce(e.session_key, e.session_id)';

/** A page path without its query string or fragment, from the page event or the event's context. */
export const PAGE_PATH_SQL =
  "nullif(split_part(split_part(coalesce(nullif(e.properties->>'$.path', ''), nullif(e.context->>'$.page.path', '')), '?', 1), '#', 1), '')";

/** The browser SDK's autocaptured events that say how, not where, a visitor went (clicks, scrolling). */
export const AUTOCAPTURE_EVENTS = ['Element Clicked', 'Rage Click', 'Dead Click', 'Scroll Depth'] as const;

/** A date range as callers give it: ISO-8601 dates (midnight UTC) or date-times, `until` exclusive. */
export interface DateRange {
  since?: string | undefined;
  until?: string | undefined;
}

/** The SQL condition on `e.ts` for a range, or why the range cannot hold anything. */
export function rangeCondition(range: DateRange): { sql: string; empty: string | null } {
  const parts: string[] = [];
  const at: Record<string, number> = {};
  for (const key of ['since', 'until'] as const) {
    const text = range[key];
    if (text === undefined) continue;
    const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
    if (Number.isNaN(ms)) return { sql: 'FALSE', empty: `${key} ${text} is not a date (give YYYY-MM-DD or an ISO-8601 date-time)` };
    at[key] = ms;
    parts.push(`e.ts ${key === 'since' ? '>=' : '<'} TIMESTAMP ${sqlText(new Date(ms).toISOString().replace('T', ' ').replace('Z', ''))}`);
  }
  if (at['since'] !== undefined && at['until'] !== undefined && at['since'] >= at['until']) {
    return { sql: 'FALSE', empty: `the date range is empty: since ${range.since} is not before until ${range.until}` };
  }
  return { sql: parts.length ? parts.join(' AND ') : 'TRUE', empty: null };
}

/** `part / whole` rounded to 4 places, or null when there is no whole (never NaN). */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}
