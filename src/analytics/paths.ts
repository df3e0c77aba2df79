import { AUTOCAPTURE_EVENTS, PAGE_PATH_SQL, rangeCondition, ratio, sqlText, VISIT_SQL, type DateRange, type SqlQueryable } from './journey-sql.js';

/** The step after the last one of a visit that ended before the path was `depth` steps long. */
export const END_OF_VISIT = 'end of visit';
/** The step before the first one of a visit that began fewer than `depth` steps before the end event. */
export const START_OF_VISIT = 'start of visit';
/** The Sankey node of a step's less common events. */
export const OTHER = 'other';

export interface PathsOptions extends DateRange {
  /** Paths after the first time this event happens in a visit. */
  from?: string | undefined;
  /** Paths before the first time this event happens in a visit (exclusive with `from`). */
  to?: string | undefined;
  /** Steps per path, the start or end event included (default 5). */
  depth?: number | undefined;
  /** How many of the most common paths to list (default 10). */
  top?: number | undefined;
  /** Sankey nodes per step before the rest become `other` (default 8). */
  nodesPerStep?: number | undefined;
  /** A page view is its page's name (default; its path when it has none), or its path. */
  pageBy?: 'name' | 'path' | undefined;
}

export interface PathCount {
  steps: string[];
  visits: number;
  /** Of the visits in which the start (or end) event happened. */
  share: number | null;
}

export interface SankeyNode {
  /** `step:label`, what links refer to. */
  id: string;
  /** 1-based. */
  step: number;
  label: string;
  visits: number;
}

export interface SankeyLink {
  source: string;
  target: string;
  visits: number;
}

export interface PathsResult {
  /** `from` or `to` an event, or `entry` (from the first step of each visit). */
  anchor: 'from' | 'to' | 'entry';
  event: string | null;
  depth: number;
  pageBy: 'name' | 'path';
  /** Visits in which the anchor event happened (every visit for `entry`). */
  visits: number;
  paths: PathCount[];
  sankey: { nodes: SankeyNode[]; links: SankeyLink[] };
  /** Why the result is empty, when it is. */
  message: string | null;
}

/**
 * Each step of each visit: `visit`, `ts`, `rid` (the row, to order events of one instant) and its `label`. A page view is
 * `page: <name or path>`, a screen `screen: <name>`, a track event its name. Identify, alias and
 * group calls, and the SDK's click and scroll capture, are not steps.
 *
 * One scan per kind of step: in one CASE DuckDB parsed every event's JSON for the few pages
 * without a name (measured: 2.5 s of CPU against 0.12 s on 1M events).
 */
function stepsSql(pageBy: 'name' | 'path', where: string): string {
  const cols = `${VISIT_SQL} AS visit, e.ts, e.rowid AS rid`;
  const base = `FROM events e WHERE ${VISIT_SQL} IS NOT NULL AND ${where} AND`;
  const skip = AUTOCAPTURE_EVENTS.map(sqlText).join(', ');
  const parts = [
    `SELECT ${cols}, e.name AS label ${base} e.type = 'track' AND coalesce(e.name, '') <> '' AND e.name NOT IN (${skip})`,
    `SELECT ${cols}, 'screen: ' || e.name ${base} e.type = 'screen' AND coalesce(e.name, '') <> ''`,
  ];
  if (pageBy === 'name') {
    parts.push(`SELECT ${cols}, 'page: ' || e.name ${base} e.type = 'page' AND coalesce(e.name, '') <> ''`);
    parts.push(`SELECT ${cols}, 'page: ' || ${PAGE_PATH_SQL} ${base} e.type = 'page' AND coalesce(e.name, '') = '' AND ${PAGE_PATH_SQL} IS NOT NULL`);
  } else {
    parts.push(`SELECT ${cols}, 'page: ' || coalesce(${PAGE_PATH_SQL}, nullif(e.name, '')) ${base} e.type = 'page' AND coalesce(${PAGE_PATH_SQL}, nullif(e.name, '')) IS NOT NULL`);
  }
  return parts.join('\n    UNION ALL ');
}

/**
 * The most common paths through visits: after the first time `from` happens in a visit, before the
 * first time `to` does, or from each visit's first step, `depth` steps long, with the counts a
 * Sankey chart draws. Repeats of one step in a row (a reload, a page view and its own track call
 * of the same name) count once. An event names a step by its label (`page: Cart`), a page's name
 * or path, a screen's name, or a track event's name, in any case.
 */
export async function paths(store: SqlQueryable, options: PathsOptions = {}): Promise<PathsResult> {
  const depth = options.depth ?? 5;
  const pageBy = options.pageBy ?? 'name';
  const anchor = options.from !== undefined ? 'from' : options.to !== undefined ? 'to' : 'entry';
  const event = options.from ?? options.to ?? null;
  const empty = (message: string): PathsResult => ({ anchor, event, depth, pageBy, visits: 0, paths: [], sankey: { nodes: [], links: [] }, message });
  if (options.from !== undefined && options.to !== undefined) return empty('give a start event or an end event, not both');
  if (!Number.isInteger(depth) || depth < 2) return empty(`depth ${depth} is too short: a path needs at least 2 steps`);
  const range = rangeCondition(options);
  if (range.empty) return empty(range.empty);

  const steps = stepsSql(pageBy, range.sql);
  const names = event === null ? '' : [event, `page: ${event}`, `screen: ${event}`].map((n) => sqlText(n.toLowerCase())).join(', ');
  const hit = event === null ? 'x = l[1]' : `lower(x) IN (${names})`;
  // With an anchor, only the visits where it happens, and only their steps from (or up to) its first
  // time, are listed: fewer and shorter lists (measured on 1M events: 2.5 s of CPU down to 1.5 s).
  const near = event === null ? steps : `SELECT s.* FROM (${steps}) s
    JOIN (SELECT visit, min(ts) AS at FROM (${steps}) WHERE lower(label) IN (${names}) GROUP BY visit) a ON a.visit = s.visit
    WHERE s.ts ${anchor === 'to' ? '<=' : '>='} a.at`;
  // Each visit's steps as a list in time order, repeats in a row collapsed. Sorting each small list
  // by (time, row) is far cheaper than an ordered aggregate or a sort key holding the event id
  // (measured on 1M events: 0.8 s of CPU against 10.8 s and 2.2 s), and pairing each step with the
  // one before it avoids a lambda that reads the whole list.
  const visits = `SELECT list_transform(list_filter(list_zip(l, list_prepend(NULL, l[:-2])), p -> p[2] IS NULL OR p[1] <> p[2]), p -> p[1]) AS l
    FROM (SELECT list_transform(list_sort(list({'t': ts, 'r': rid, 'l': label})), x -> x.l) AS l FROM (${near}) GROUP BY visit)`;
  const cut = anchor === 'to'
    ? `CASE WHEN a >= ${depth} THEN l[a - ${depth - 1} : a] ELSE list_prepend(${sqlText(START_OF_VISIT)}, l[1 : a]) END`
    : `CASE WHEN len(l) >= a + ${depth - 1} THEN l[a : a + ${depth - 1}] ELSE list_append(l[a :], ${sqlText(END_OF_VISIT)}) END`;
  const keep = Math.max(1, options.nodesPerStep ?? 8);
  const markers = [END_OF_VISIT, START_OF_VISIT].map(sqlText).join(', ');
  const [row] = await store.query<{ visits: number; paths: { steps: string[]; visits: number }[] | null; nodes: SankeyNode[] | null; links: SankeyLink[] | null }>(`
    WITH anchored AS (
      SELECT l, coalesce(list_position(list_transform(l, x -> ${hit}), true), 0) AS a FROM (${visits})
    ),
    counted AS MATERIALIZED (
      SELECT row_number() OVER () AS pid, path, visits FROM (SELECT ${cut} AS path, count(*) AS visits FROM anchored WHERE a > 0 GROUP BY 1)
    ),
    cells AS (
      SELECT pid, visits, unnest(generate_series(1, len(path))) AS step, unnest(path) AS label FROM counted
    ),
    ranked AS (
      -- The end and start of a visit are always kept, so they take no place among the kept labels.
      SELECT step, label, row_number() OVER (PARTITION BY step ORDER BY label IN (${markers}), sum(visits) DESC, label) AS r
      FROM cells GROUP BY step, label
    ),
    bucketed AS (
      SELECT c.pid, c.visits, c.step, CASE WHEN r.r <= ${keep} OR c.label IN (${markers}) THEN c.label ELSE ${sqlText(OTHER)} END AS label
      FROM cells c JOIN ranked r USING (step, label)
    )
    SELECT
      (SELECT coalesce(sum(visits), 0) FROM counted) AS visits,
      (SELECT list({'steps': path, 'visits': visits} ORDER BY visits DESC, path)[1 : ${options.top ?? 10}] FROM counted) AS paths,
      (SELECT list({'id': step || ':' || label, 'step': step, 'label': label, 'visits': n} ORDER BY step, n DESC, label)
        FROM (SELECT step, label, sum(visits) AS n FROM bucketed GROUP BY step, label)) AS nodes,
      (SELECT list({'source': step || ':' || label, 'target': (step + 1) || ':' || next, 'visits': n} ORDER BY step, n DESC, label, next)
        FROM (SELECT a.step, a.label, b.label AS next, sum(a.visits) AS n FROM bucketed a JOIN bucketed b ON b.pid = a.pid AND b.step = a.step + 1
              GROUP BY a.step, a.label, b.label)) AS links`);
  const total = row?.visits ?? 0;
  if (total === 0 && event !== null) return empty(await unknownEvent(store, steps, event, anchor));
  const counted = (row?.paths ?? []).map((p) => ({ steps: p.steps, visits: p.visits, share: ratio(p.visits, total) }));
  return {
    anchor, event, depth, pageBy, visits: total, paths: counted,
    sankey: { nodes: row?.nodes ?? [], links: row?.links ?? [] },
    message: total === 0 ? 'no visits with page, screen or track events in this range' : null,
  };
}

/** Says that no step has this name, and which steps are most common in the range. */
async function unknownEvent(store: SqlQueryable, steps: string, event: string, anchor: string): Promise<string> {
  const common = await store.query<{ label: string }>(
    `SELECT label FROM (${steps}) GROUP BY label ORDER BY count(*) DESC, label LIMIT 15`,
  );
  if (!common.length) return `no ${anchor === 'to' ? 'end' : 'start'} event ${JSON.stringify(event)}: there are no page, screen or track events in this range`;
  return `no event or page named ${JSON.stringify(event)} in this range; the most common are: ${common.map((c) => c.label).join(', ')}`;
}
