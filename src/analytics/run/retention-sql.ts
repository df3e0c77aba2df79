import { sqlString } from '../../store/index.js';
import type { RetentionOptions, RetentionPeriod } from '../retention.js';
import { ACTOR_SQL, ANONYMOUS_JOIN_SQL } from './funnel-sql.js';

/**
 * The retention query (DuckDB): one pass over the events (or orders) that groups them by person,
 * keeping the first (cohort) time and the list of distinct periods they were active in; then the
 * lists are unnested into cohort × period counts. Rows: one per cohort with `k = -1`, `value` its
 * size and `span` its periods up to `through`; one per cell (cohort, k, value).
 */
export interface RetentionSqlOptions extends RetentionOptions {
  /** Last day counted (YYYY-MM-DD). */
  through: string;
}

/** Periods from `a` to `b`, both already truncated to the period. */
export function periodDiffSql(period: RetentionPeriod, a: string, b: string): string {
  if (period === 'week') return `(date_diff('day', ${a}, ${b}) // 7)`;
  return `date_diff('${period}', ${a}, ${b})`;
}

export const periodSql = (period: RetentionPeriod, ts: string) => `date_trunc('${period}', ${ts})`;

const endSql = (through: string) => `${sqlString(through)}::TIMESTAMP + INTERVAL 1 DAY`;

/** `people`: one row per person — cohort period `c` and the periods `ps` they were active in. */
function peopleCte(o: RetentionSqlOptions): string {
  const p = (ts: string) => periodSql(o.period, ts);
  const since = o.from === undefined ? '' : ` AND first >= ${sqlString(o.from)}::TIMESTAMP`;
  if (o.cohort.kind === 'first-purchase') {
    return `people AS MATERIALIZED (
      SELECT actor, ${p('first')} AS c, ps FROM (
        SELECT customer_id AS actor, min(ts) AS first, list(DISTINCT ${p('ts')}) AS ps
        FROM orders WHERE kind = 'order' AND customer_id IS NOT NULL AND ts < ${endSql(o.through)} GROUP BY customer_id)
      WHERE TRUE${since})`;
  }
  const starts = o.cohort.kind === 'event' ? `e.name = ${sqlString(o.cohort.event)}` : 'TRUE';
  const active = o.returnEvent === undefined ? 'TRUE' : `e.name = ${sqlString(o.returnEvent)}`;
  return `people AS MATERIALIZED (
      SELECT actor, ${p('first')} AS c, coalesce(ps, []) AS ps FROM (
        SELECT ${ACTOR_SQL} AS actor, min(e.ts) FILTER (WHERE ${starts}) AS first,
          list(DISTINCT ${p('e.ts')}) FILTER (WHERE ${active}) AS ps
        FROM events e ${ANONYMOUS_JOIN_SQL}
        WHERE e.ts < ${endSql(o.through)} AND (e.customer_id IS NOT NULL OR e.anonymous_id IS NOT NULL)
        GROUP BY ALL)
      WHERE first IS NOT NULL${since})`;
}

/** `cells`: (c, k, value) as analytics/retention.ts's `retentionMatrix` reads them. */
function cellsCte(o: RetentionSqlOptions): string {
  const diff = (x: string) => periodDiffSql(o.period, 'c', x);
  if (o.metric === 'revenue') {
    return `cells AS (
      SELECT c, ${diff(periodSql(o.period, 'o.ts'))} AS k, sum(o.revenue)::DOUBLE AS value
      FROM orders o JOIN people ON people.actor = o.customer_id
      WHERE o.kind IN ('order', 'return') AND o.ts < ${endSql(o.through)} AND ${periodSql(o.period, 'o.ts')} >= c
      GROUP BY ALL)`;
  }
  const active = `SELECT actor, c, ${diff('unnest(ps)')} AS k FROM people`;
  if (o.unbounded) {
    // Each person's last active period; retentionMatrix sums them from the right.
    return `cells AS (SELECT c, k, count(*) AS value FROM (SELECT actor, c, max(k) AS k FROM (${active}) WHERE k >= 0 GROUP BY actor, c) GROUP BY ALL)`;
  }
  return `cells AS (SELECT c, k, count(*) AS value FROM (${active}) WHERE k >= 0 GROUP BY ALL)`;
}

/** Cohort sizes and cells in one statement. */
export function retentionSql(o: RetentionSqlOptions): string {
  const last = periodSql(o.period, `${sqlString(o.through)}::TIMESTAMP`);
  return `WITH ${peopleCte(o)},
    ${cellsCte(o)}
  SELECT strftime(c, '%Y-%m-%d') AS cohort, -1 AS k, count(*)::DOUBLE AS value, ${periodDiffSql(o.period, 'c', last)} AS span FROM people GROUP BY c
  UNION ALL
  SELECT strftime(c, '%Y-%m-%d'), k, value::DOUBLE, NULL FROM cells
  ORDER BY 1, 2`;
}
