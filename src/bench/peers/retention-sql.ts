import type { RetentionPeriod } from '../../analytics/retention.js';
import type { RetentionSqlOptions } from '../../analytics/run/retention-sql.js';

const periodSql = (period: RetentionPeriod, ts: string) => `date_trunc('${period}', ${ts})`;

/** Periods from `a` to `b`, both truncated to the period. */
function periodDiffSql(period: RetentionPeriod, a: string, b: string): string {
  return period === 'week' ? `(date_diff('day', ${a}, ${b}) // 7)` : `date_diff('${period}', ${a}, ${b})`;
}

/**
 * Retention as an analyst would write it by hand in DuckDB, to check `analytics/run/retention`
 * against (tests: same cells; bench: its time is the `peer`): each person's first time, then
 * every event (or order) joined back to it and counted distinct per cohort and period — or its
 * revenue summed. Bounded retention only. Rows: (cohort, k, value).
 */
export function handWrittenRetentionSql(o: RetentionSqlOptions): string {
  const end = `'${o.through}'::TIMESTAMP + INTERVAL 1 DAY`;
  const since = o.from === undefined ? '' : `HAVING min(ts) >= '${o.from}'::TIMESTAMP`;
  const byOrders = o.cohort.kind === 'first-purchase';
  const activity = byOrders
    ? `SELECT customer_id AS actor, ts FROM orders WHERE kind = 'order' AND customer_id IS NOT NULL AND ts < ${end}`
    : `SELECT coalesce(e.customer_id, ia.visitor_id, e.anonymous_id) AS actor, e.ts, e.name
       FROM events e LEFT JOIN identity_anonymous ia ON ia.anonymous_id = e.anonymous_id
       WHERE e.ts < ${end} AND (e.customer_id IS NOT NULL OR e.anonymous_id IS NOT NULL)`;
  const starts = o.cohort.kind === 'event' ? `WHERE name = '${o.cohort.event.replaceAll("'", "''")}'` : '';
  const active = o.returnEvent === undefined || byOrders ? '' : `AND a.name = '${o.returnEvent.replaceAll("'", "''")}'`;
  const cohort = periodSql(o.period, 'f.first');
  const value = o.metric === 'revenue'
    ? `SELECT ${cohort} AS c, ${periodDiffSql(o.period, cohort, periodSql(o.period, 'x.ts'))} AS k, sum(x.revenue)::DOUBLE AS value
       FROM orders x JOIN firsts f ON f.actor = x.customer_id
       WHERE x.kind IN ('order', 'return') AND x.ts < ${end} AND ${periodSql(o.period, 'x.ts')} >= ${cohort} GROUP BY ALL`
    : `SELECT ${cohort} AS c, ${periodDiffSql(o.period, cohort, periodSql(o.period, 'a.ts'))} AS k, count(DISTINCT a.actor)::DOUBLE AS value
       FROM activity a JOIN firsts f ON f.actor = a.actor
       WHERE ${periodSql(o.period, 'a.ts')} >= ${cohort} ${active} GROUP BY ALL`;
  return `WITH activity AS (${activity}),
    firsts AS (SELECT actor, min(ts) AS first FROM activity ${starts} GROUP BY actor ${since}),
    cells AS (${value})
  SELECT strftime(c, '%Y-%m-%d') AS cohort, k, value FROM cells ORDER BY 1, 2`;
}
