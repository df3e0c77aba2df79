import { sqlString } from '../../store/index.js';
import type { RetentionOptions, RetentionPeriod } from '../retention.js';
import { personEventsSql } from './funnel-sql.js';

/**
 * The retention query (DuckDB), all hash aggregates: each person's active periods (with the first
 * cohort time in each), their cohort from those, and the periods counted per cohort. Rows: one per
 * cohort with `k = -1`, `value` its size and `span` its periods up to `through`; one per cell
 * (cohort, k, value). A per-person list of periods (list(DISTINCT …) then unnest) measured 2.5×
 * slower than grouping (person, period) pairs.
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

/**
 * `active`: (actor, period p, first cohort time `f` in it, `a` whether it counts as activity);
 * `people`: (actor, cohort period c).
 */
function peopleCte(o: RetentionSqlOptions): string {
  const p = (ts: string) => periodSql(o.period, ts);
  const since = o.from === undefined ? '' : ` AND min(f) >= ${sqlString(o.from)}::TIMESTAMP`;
  const source = o.cohort.kind === 'first-purchase'
    ? `SELECT customer_id AS actor, ts, TRUE AS s, TRUE AS a FROM orders
       WHERE kind = 'order' AND customer_id IS NOT NULL AND ts < ${endSql(o.through)}`
    : personEventsSql(
      `e.ts, ${o.cohort.kind === 'event' ? `e.name = ${sqlString(o.cohort.event)}` : 'TRUE'} AS s, ${o.returnEvent === undefined ? 'TRUE' : `e.name = ${sqlString(o.returnEvent)}`} AS a`,
      `e.ts < ${endSql(o.through)}`,
    );
  return `active AS (SELECT actor, ${p('ts')} AS p, min(ts) FILTER (WHERE s) AS f, bool_or(a) AS a FROM (${source}) GROUP BY ALL),
    people AS (SELECT actor, ${p('min(f)')} AS c FROM active GROUP BY actor HAVING min(f) IS NOT NULL${since})`;
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
  const active = `SELECT actor, c, ${diff('p')} AS k FROM active JOIN people USING (actor) WHERE a AND p >= c`;
  if (o.unbounded) {
    // Each person's last active period; retentionMatrix sums them from the right.
    return `cells AS (SELECT c, k, count(*) AS value FROM (SELECT actor, c, max(k) AS k FROM (${active}) GROUP BY actor, c) GROUP BY ALL)`;
  }
  return `cells AS (SELECT c, k, count(*) AS value FROM (${active}) GROUP BY ALL)`;
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
