import { sqlString } from '../../store/index.js';
import type { FunnelBreakdown, FunnelStep, StepFilter } from '../funnel-input.js';
import type { FunnelOrder } from '../funnel.js';

/**
 * The funnel's SQL (DuckDB). One scan per step, then:
 *
 * - strict order: for each step k, every step-k event joined to the latest path through steps
 *   1…k−1 before it that fits the window (strictPathCtes says why that one is enough): one hash
 *   join per step instead of trying every start (the hand-written query in
 *   src/bench/peers/funnel-sql.ts does that, and must agree).
 * - any order: one window pass per actor over a RANGE frame of the conversion window, giving the
 *   first time of each step within the window of each event.
 *
 * Both end in each actor's first path to each step (`f<k>`) and one aggregate per step and group.
 */
export interface FunnelSqlOptions {
  steps: readonly FunnelStep[];
  withinSeconds: number;
  order: FunnelOrder;
  breakdown?: FunnelBreakdown | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** A JSON path for a dotted key: `device.type` → `$."device"."type"`. */
function jsonPath(key: string): string {
  return sqlString(`$${key.split('.').map((k) => `."${k}"`).join('')}`);
}

function filterSql(f: StepFilter): string {
  const field = f.key.startsWith('context.')
    ? `json_extract_string(e.context, ${jsonPath(f.key.slice('context.'.length))})`
    : `json_extract_string(e.properties, ${jsonPath(f.key)})`;
  return f.op === '=' ? `${field} = ${sqlString(f.value)}` : `${field} IS DISTINCT FROM ${sqlString(f.value)}`;
}

/** SQL true when event `e` is the step. */
export function stepMatchSql(step: FunnelStep): string {
  return [`e.name = ${sqlString(step.event)}`, ...step.filters.map(filterSql)].join(' AND ');
}

/** SQL: the events' time range (inclusive days), or TRUE. */
export function rangeSql(from: string | undefined, to: string | undefined, column = 'e.ts'): string {
  const parts: string[] = [];
  if (from !== undefined) parts.push(`${column} >= ${sqlString(from)}::TIMESTAMP`);
  if (to !== undefined) parts.push(`${column} < ${sqlString(to)}::TIMESTAMP + INTERVAL 1 DAY`);
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

/**
 * SQL: events `e` (filtered by `where`) with their person as `actor` and the `columns` asked for —
 * the resolved customer, else the anonymous id's visitor (identity_anonymous), else the anonymous
 * id. Events of a customer skip the identity join: only anonymous events go through it (an
 * equi-join on the anonymous id, so DuckDB builds on the small identity side). Measured on 1M
 * events: 0.68 s CPU against 1.0 s with every event joined, and 5× slower again with the join
 * written ON … = CASE WHEN customer_id IS NULL … (DuckDB then builds on the events side).
 */
export function personEventsSql(columns: string, where: string, joins = ''): string {
  return `SELECT e.customer_id AS actor, ${columns} FROM events e ${joins}
      WHERE e.customer_id IS NOT NULL AND ${where}
      UNION ALL
      SELECT coalesce(ia.visitor_id, e.anonymous_id) AS actor, ${columns}
      FROM events e LEFT JOIN identity_anonymous ia ON ia.anonymous_id = e.anonymous_id ${joins}
      WHERE e.customer_id IS NULL AND e.anonymous_id IS NOT NULL AND ${where}`;
}

/** SQL of an event's breakdown value (segments are joined per actor later). */
function breakdownSql(b: FunnelBreakdown | undefined): string | null {
  if (!b) return null;
  switch (b.kind) {
    case 'device':
      return `json_extract_string(e.context, '$.device.type')`;
    case 'channel':
      return 'e.channel';
    case 'property':
      return `json_extract_string(e.properties, ${jsonPath(b.key)})`;
    case 'context':
      return `json_extract_string(e.context, ${jsonPath(b.key)})`;
    case 'session':
      return `s.${b.column}::VARCHAR`;
    case 'day':
      return `strftime(e.ts, '%Y-%m-%d')`;
    case 'week':
      return `strftime(date_trunc('week', e.ts), '%Y-%m-%d')`;
    case 'segment':
      return null;
  }
}

/** A breakdown by the day or week a path starts counts a person once per day (or week) they start one. */
const perPeriod = (b: FunnelBreakdown | undefined) => b?.kind === 'day' || b?.kind === 'week';
const t = (i: number) => `t${String(i)}`;
const range1 = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * `s<k>`: the events of step k (actor, ts, and bd where asked). One scan per step: an equality on
 * the event's name is pushed into DuckDB's scan, where `name IN (…)` is a filter over every row
 * (10M events: 0.03 s against 0.2 s of CPU per scan).
 */
function stepEventsCte(o: FunnelSqlOptions, k: number, withBreakdown: boolean): string {
  const bd = withBreakdown ? breakdownSql(o.breakdown) : null;
  const joins = withBreakdown && o.breakdown?.kind === 'session' ? 'LEFT JOIN sessions s ON s.session_key = e.session_key' : '';
  return `s${String(k)} AS (${personEventsSql(`e.ts, ${bd ?? 'NULL::VARCHAR'} AS bd`, `${stepMatchSql(o.steps[k - 1]!)} AND ${rangeSql(o.from, o.to)}`, joins)})`;
}

/**
 * Strict order — `v<k>`: each step-k event that ends a path in the window, with the path's times
 * t1…tk and its start's breakdown value.
 *
 * A step-k event's path goes through the latest step-(k−1) path before it that fits the window:
 * that one has the latest start (starts only grow along an actor's events), so it fits if any
 * does. The candidates come from a hash join on the actor and the window-long time bucket (this
 * bucket and the one before), which keeps the pairs to events less than two windows apart; an
 * ASOF join saying the same thing sorts both sides and measured 2× slower here.
 */
function strictPathCtes(o: FunnelSqlOptions): string[] {
  const w = `INTERVAL ${String(o.withinSeconds)} SECOND`;
  const bucket = (ts: string) => `floor(epoch_us(${ts}) / ${String(o.withinSeconds * 1_000_000)})::BIGINT`;
  const ctes = [...range1(o.steps.length).map((k) => stepEventsCte(o, k, k === 1)), 'v1 AS (SELECT actor, ts AS t1, bd FROM s1)'];
  for (let k = 2; k <= o.steps.length; k++) {
    const prev = range1(k - 1).map((i) => `${t(i)} := p.${t(i)}`).join(', ');
    ctes.push(`v${String(k)} AS (
      SELECT r.actor, r.ts AS ${t(k)}, unnest(arg_max(struct_pack(${prev}, bd := p.bd), struct_pack(s := p.t1, l := p.${t(k - 1)})))
      FROM (SELECT actor, ts, unnest([${bucket('ts')}, ${bucket('ts')} - 1]) AS b FROM s${String(k)}) r
      JOIN v${String(k - 1)} p ON p.actor = r.actor AND ${bucket(`p.${t(k - 1)}`)} = r.b
      WHERE p.${t(k - 1)} < r.ts AND p.t1 >= r.ts - ${w}
      GROUP BY r.actor, r.ts)`);
  }
  return ctes;
}

/**
 * Any order — `v<k>`: each event that starts a window (of `withinSeconds`) in which steps 1…k all
 * happen; t_j is when steps 1…j are all done (the latest of their first times in the window).
 */
function anyOrderPathCtes(o: FunnelSqlOptions): string[] {
  const n = o.steps.length;
  const events = range1(n).map((k) => `SELECT actor, ts, bd, ${range1(n).map((j) => `${j === k ? 'TRUE' : 'FALSE'} AS m${String(j)}`).join(', ')} FROM s${String(k)}`).join(' UNION ALL ');
  const firsts = range1(n).map((k) => `min(CASE WHEN m${String(k)} THEN ts END) OVER win AS a${String(k)}`).join(', ');
  const depth = `CASE ${range1(n).map((k) => `WHEN a${String(k)} IS NULL THEN ${String(k - 1)}`).join(' ')} ELSE ${String(n)} END`;
  const done = (k: number) => range1(k).map((j) => `greatest(${range1(j).map((i) => `a${String(i)}`).join(', ')}) AS ${t(j)}`).join(', ');
  return [
    ...range1(n).map((k) => stepEventsCte(o, k, true)),
    `w AS (SELECT actor, ts, bd, ${firsts} FROM (${events})
      WINDOW win AS (PARTITION BY actor ORDER BY ts RANGE BETWEEN CURRENT ROW AND INTERVAL ${String(o.withinSeconds)} SECOND FOLLOWING))`,
    `wk AS (SELECT *, ${depth} AS k FROM w)`,
    ...range1(n).map((k) => `v${String(k)} AS (SELECT actor, ${done(k)}, bd FROM wk WHERE k >= ${String(k)})`),
  ];
}

/**
 * `f<k>`: per actor (and per start day or week), the first path that reached step k — the one
 * the step's times are measured on. A person reached step k when they have an f<k> row.
 * Per-column arg_min_null (NULLs kept) over (actor, tk), which is unique.
 */
function firstPathCte(k: number, name: string, by: string): string {
  const cols = range1(k - 1).map((i) => `arg_min_null(${t(i)}, ${t(k)}) AS ${t(i)}`);
  return `${name}${String(k)} AS (SELECT ${by}, ${[...cols, `min(${t(k)}) AS ${t(k)}`].join(', ')}${by.includes('bd') ? '' : `, arg_min_null(bd, ${t(k)}) AS bd`} FROM v${String(k)} GROUP BY ${by})`;
}

/** Every CTE up to the first paths `f<k>` (and `fp<k>` per start period when the breakdown is by day or week). */
function funnelCtes(o: FunnelSqlOptions): string[] {
  const n = o.steps.length;
  const paths = o.order === 'strict' ? strictPathCtes(o) : anyOrderPathCtes(o);
  return [
    ...paths,
    ...range1(n).map((k) => firstPathCte(k, 'f', 'actor')),
    ...(perPeriod(o.breakdown) ? range1(n).map((k) => firstPathCte(k, 'fp', 'actor, bd')) : []),
  ];
}

/**
 * The funnel, one row per (group, step): `total` for everyone, else the breakdown `value`;
 * `people` who reached step k, median seconds from the step before and from step 1.
 */
export function funnelSql(o: FunnelSqlOptions): string {
  const n = o.steps.length;
  const ctes = funnelCtes(o);
  const secs = (a: number, b: number) => `median((epoch_ms(${t(a)}) - epoch_ms(${t(b)})) / 1000.0)`;
  const figures = (k: number) => k === 1
    ? `1 AS k, count(*) AS people, NULL::DOUBLE AS "fromPrevious", NULL::DOUBLE AS "fromFirst"`
    : `${String(k)}, count(*), ${secs(k, k - 1)}, ${secs(k, 1)}`;
  const rows = range1(n).map((k) => `SELECT TRUE AS total, NULL::VARCHAR AS value, ${figures(k)} FROM f${String(k)}`);
  const b = o.breakdown;
  if (b && perPeriod(b)) {
    rows.push(...range1(n).map((k) => `SELECT FALSE, bd, ${figures(k)} FROM fp${String(k)} GROUP BY bd`));
  } else if (b) {
    // Each person is in the group of the path that got furthest (segment: their own segment).
    ctes.push(b.kind === 'segment'
      ? `grp AS (SELECT f1.actor, sg.segment AS value FROM f1 LEFT JOIN (
          SELECT customer_id, arg_max(segment, computed_at) AS segment FROM segments WHERE segmentation = ${sqlString(b.segmentation)} GROUP BY customer_id
        ) sg ON sg.customer_id = f1.actor)`
      : `grp AS (SELECT actor, arg_max_null(bd, k) AS value FROM (${range1(n).map((k) => `SELECT actor, ${String(k)} AS k, bd FROM f${String(k)}`).join(' UNION ALL ')}) GROUP BY actor)`);
    rows.push(...range1(n).map((k) => `SELECT FALSE, grp.value, ${figures(k)} FROM f${String(k)} JOIN grp USING (actor) GROUP BY grp.value`));
  }
  return `WITH ${ctes.join(',\n    ')}
  ${rows.join('\n  UNION ALL ')}`;
}

/** Customers (not anonymous visitors) who reached step `step − 1` and not `step`. */
export function funnelDroppedSql(o: FunnelSqlOptions, step: number): string {
  return `WITH ${funnelCtes({ ...o, breakdown: undefined }).join(',\n    ')}
  SELECT actor AS customer_id FROM f${String(step - 1)}
  WHERE actor NOT IN (SELECT actor FROM f${String(step)}) AND actor IN (SELECT customer_id FROM customers)
  ORDER BY actor`;
}

/**
 * Per step: whether any event has its name, and whether any matches it in the range (0 or 1).
 * One scan per step with the name pushed down, stopping at the first match.
 */
export function stepPresenceSql(o: FunnelSqlOptions): string {
  const any = (where: string) => `(SELECT count(*) FROM (SELECT 1 FROM events e WHERE ${where} LIMIT 1))`;
  return `SELECT
    list_value(${o.steps.map((s) => any(`e.name = ${sqlString(s.event)}`)).join(', ')}) AS anywhere,
    list_value(${o.steps.map((s) => any(`${stepMatchSql(s)} AND ${rangeSql(o.from, o.to)}`)).join(', ')}) AS matched`;
}
