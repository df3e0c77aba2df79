import type { Store } from '../../store/index.js';

/** Visits of one channel or device type. */
export interface SessionGroup {
  key: string;
  sessions: number;
  visitors: number;
  /** Share of visits with one page or screen view or none. */
  bounceRate: number | null;
  pagesPerSession: number | null;
  avgDurationS: number | null;
  /** Share of visits with an order. */
  conversionRate: number | null;
  orders: number;
  revenue: number;
}

export interface SessionSummary {
  /** First and last visit start (ISO), null when there are none. */
  from: string | null;
  to: string | null;
  total: SessionGroup;
  byChannel: SessionGroup[];
  byDevice: SessionGroup[];
}

type GroupRow = {
  grp: string | null;
  key: string | null;
  sessions: number;
  visitors: number;
  bounces: number;
  pages: number;
  duration: number;
  converted: number;
  orders: number;
  revenue: number;
  first: string | null;
  last: string | null;
};

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const group = (r: GroupRow | undefined, key: string): SessionGroup => ({
  key,
  sessions: r?.sessions ?? 0,
  visitors: r?.visitors ?? 0,
  bounceRate: ratio(r?.bounces ?? 0, r?.sessions ?? 0),
  pagesPerSession: ratio(r?.pages ?? 0, r?.sessions ?? 0),
  avgDurationS: ratio(r?.duration ?? 0, r?.sessions ?? 0),
  conversionRate: ratio(r?.converted ?? 0, r?.sessions ?? 0),
  orders: r?.orders ?? 0,
  revenue: r?.revenue ?? 0,
});

/**
 * Visits by channel and by device type (mobile, desktop, tablet; `app` for app visits), with
 * bounce rate, pages per visit, mean duration and conversion, over visits starting from `from`
 * up to `to` (YYYY-MM-DD, inclusive, UTC; both optional).
 */
export async function sessionSummary(store: Store, range: { from?: string; to?: string } = {}): Promise<SessionSummary> {
  const where: string[] = [];
  const params: string[] = [];
  if (range.from) { where.push('started_at >= ?::DATE'); params.push(range.from); }
  if (range.to) { where.push('started_at < ?::DATE + 1'); params.push(range.to); }
  const rows = await store.query<GroupRow>(`
    SELECT CASE WHEN GROUPING(channel) = 0 THEN 'channel' WHEN GROUPING(device) = 0 THEN 'device' ELSE 'total' END AS grp,
      coalesce(channel, device) AS key,
      count(*)::INTEGER AS sessions, count(DISTINCT visitor_id)::INTEGER AS visitors,
      (count(*) FILTER (WHERE pages <= 1))::INTEGER AS bounces, sum(pages)::DOUBLE AS pages, sum(duration_s)::DOUBLE AS duration,
      (count(*) FILTER (WHERE orders > 0))::INTEGER AS converted, sum(orders)::INTEGER AS orders, sum(revenue)::DOUBLE AS revenue,
      strftime(min(started_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS first, strftime(max(started_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS last
    FROM (SELECT *, CASE WHEN app THEN 'app' ELSE coalesce(device_type, 'unknown') END AS device FROM sessions
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''})
    GROUP BY GROUPING SETS ((channel), (device), ())
    ORDER BY grp, sessions DESC, key`, params);
  const total = rows.find((r) => r.grp === 'total');
  return {
    from: total?.first ?? null,
    to: total?.last ?? null,
    total: group(total, 'all'),
    byChannel: rows.filter((r) => r.grp === 'channel').map((r) => group(r, r.key ?? 'unknown')),
    byDevice: rows.filter((r) => r.grp === 'device').map((r) => group(r, r.key ?? 'unknown')),
  };
}
