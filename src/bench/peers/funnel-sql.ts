import { rangeSql, stepMatchSql, type FunnelSqlOptions } from '../../analytics/run/funnel-sql.js';

/**
 * The funnel as an analyst would write it by hand in DuckDB, to check `analytics/run/funnel`
 * against (tests: same people per step; bench: its time is the `peer`).
 *
 * Strict order: from every step-1 event, the earliest step-2 event after it within the window,
 * then the earliest step-3 after that, …; a person's furthest step is the best over all starts.
 * Any order: from every step event, which steps happen within the window after it.
 * Returns one row: `people`, the people who reached each step.
 */
export function handWrittenFunnelSql(o: FunnelSqlOptions): string {
  const n = o.steps.length;
  const w = `INTERVAL ${String(o.withinSeconds)} SECOND`;
  const names = [...new Set(o.steps.map((s) => s.event))].map((x) => `'${x.replaceAll("'", "''")}'`).join(', ');
  const ev = `ev AS (
    SELECT coalesce(e.customer_id, ia.visitor_id, e.anonymous_id) AS actor, e.ts, e.name, e.properties, e.context
    FROM events e LEFT JOIN identity_anonymous ia ON ia.anonymous_id = e.anonymous_id
    WHERE e.name IN (${names}) AND ${rangeSql(o.from, o.to)} AND (e.customer_id IS NOT NULL OR e.anonymous_id IS NOT NULL))`;
  const people = `list_value(${Array.from({ length: n }, (_, i) => `count(*) FILTER (WHERE k >= ${String(i + 1)})`).join(', ')}) AS people`;
  if (o.order === 'any') {
    const hits = o.steps.map((s, i) => `bool_or(${stepMatchSql(s)}) AS h${String(i + 1)}`).join(', ');
    const depth = `CASE ${o.steps.map((_, i) => `WHEN NOT h${String(i + 1)} THEN ${String(i)}`).join(' ')} ELSE ${String(n)} END`;
    return `WITH ${ev},
      anchors AS (SELECT DISTINCT actor, ts FROM ev e WHERE ${o.steps.map(stepMatchSql).join(' OR ')}),
      hits AS (SELECT a.actor, a.ts, ${hits} FROM anchors a JOIN ev e ON e.actor = a.actor AND e.ts >= a.ts AND e.ts <= a.ts + ${w} GROUP BY a.actor, a.ts),
      depth AS (SELECT actor, max(${depth}) AS k FROM hits GROUP BY actor)
    SELECT ${people} FROM depth WHERE k > 0`;
  }
  const chains = [`p1 AS (SELECT actor, ts AS t1 FROM ev e WHERE ${stepMatchSql(o.steps[0]!)})`];
  for (let k = 2; k <= n; k++) {
    const before = Array.from({ length: k - 1 }, (_, i) => `p.t${String(i + 1)}`).join(', ');
    chains.push(`p${String(k)} AS (
      SELECT p.actor, ${before}, min(e.ts) AS t${String(k)}
      FROM p${String(k - 1)} p LEFT JOIN ev e ON e.actor = p.actor AND ${stepMatchSql(o.steps[k - 1]!)}
        AND e.ts > p.t${String(k - 1)} AND e.ts <= p.t1 + ${w}
      GROUP BY ALL)`);
  }
  const depth = n === 1 ? '1' : `CASE ${Array.from({ length: n - 1 }, (_, i) => `WHEN t${String(n - i)} IS NOT NULL THEN ${String(n - i)}`).join(' ')} ELSE 1 END`;
  return `WITH ${ev},
    ${chains.join(',\n    ')},
    depth AS (SELECT actor, max(${depth}) AS k FROM p${String(n)} GROUP BY actor)
  SELECT ${people} FROM depth`;
}
