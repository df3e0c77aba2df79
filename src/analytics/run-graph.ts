import type { Store } from '../store/index.js';
import { buildCoPurchaseGraph, type CoPurchaseGraph, type CoPurchaseUpdater } from './graph/copurchase.js';
import { buildJourneyGraph, type JourneyGraph, type JourneyNodeCount, type JourneyTransition } from './graph/journey-graph.js';
import type { JourneyGraphUpdater } from './graph/journey-updater.js';
import { PURCHASE_NODE, type FrequentPath } from './graph/paths.js';

/**
 * The journey graph's node of an event, in SQL (the one definition; every loader uses it):
 * a page or screen, or a product when the view names one (`Product Viewed`, an app's product
 * screen); other track calls are `event:` nodes; identify, alias and group calls are none.
 */
export const JOURNEY_NODE_SQL = `CASE
  WHEN type IN ('page', 'screen', 'track') AND (type <> 'track' OR name = 'Product Viewed') AND nullif(properties->>'$.product_id', '') IS NOT NULL
    THEN 'product:' || (properties->>'$.product_id')
  WHEN type IN ('page', 'screen') THEN 'page:' || coalesce(nullif(name, ''), nullif(properties->>'$.path', ''), '(unnamed)')
  WHEN type = 'track' AND nullif(name, '') IS NOT NULL THEN 'event:' || name
END`;

/** A visit: the sessions table's key once `buildSessions` has filed the event, else the SDK's session id. */
const SESSION_SQL = 'coalesce(session_key, session_id)';

export interface JourneyWindow {
  /** Events from this day or instant on (ts, UTC). */
  since?: string;
  /** Events before this day or instant (ts, UTC). */
  until?: string;
  /** Only events the store received up to this instant (received_at): the base an updater continues from. */
  receivedUpTo?: string;
}

/** ` AND …` conditions for a window, their values appended to `params`. */
function windowSql(w: JourneyWindow, params: string[], tsColumn = 'ts'): string {
  const conditions: [string, string | undefined][] = [
    [`${tsColumn} >= ?::TIMESTAMP`, w.since],
    [`${tsColumn} < ?::TIMESTAMP`, w.until],
    ['received_at <= ?::TIMESTAMP', w.receivedUpTo],
  ];
  let sql = '';
  for (const [condition, value] of conditions) {
    if (value === undefined) continue;
    sql += ` AND ${condition}`;
    params.push(value);
  }
  return sql;
}

function stepsSql(where: string): string {
  return `SELECT ${SESSION_SQL} AS session, ts, event_id, ${JOURNEY_NODE_SQL} AS node
    FROM events WHERE type IN ('page', 'screen', 'track') AND ${SESSION_SQL} IS NOT NULL${where}`;
}

export interface LoadedJourney {
  graph: JourneyGraph;
  /** Events that became steps (with a session and a node). */
  steps: number;
  sessions: number;
}

/**
 * Builds the journey graph in one pass of DuckDB: each session's steps in time order, LEAD for
 * the next step, grouped by (node, next). Repeats of a node are not moves (`journey-graph.ts`).
 */
export async function loadJourneyGraph(store: Store, window: JourneyWindow = {}): Promise<LoadedJourney> {
  const params: string[] = [];
  // The answer comes back as one row of lists, the moves as node numbers: DuckDB hands integer
  // lists to JavaScript several times faster than rows of strings (290k moves: 1.0 s against 4.1 s
  // on a loaded 2-core machine), and the moves are most of the answer.
  const [row] = await store.query<{ names: string[] | null; visits: number[] | null; entries: number[] | null; froms: number[] | null; tos: number[] | null; counts: number[] | null }>(
    `WITH steps AS (${stepsSql(windowSql(window, params))}),
     ordered AS (
       SELECT node, LEAD(node) OVER w AS next, row_number() OVER w = 1 AS first
       FROM steps WHERE node IS NOT NULL
       WINDOW w AS (PARTITION BY session ORDER BY ts, event_id)),
     agg AS MATERIALIZED (SELECT node, next, count(*)::BIGINT AS n, count(*) FILTER (WHERE first)::BIGINT AS entries FROM ordered GROUP BY node, next),
     nodes AS MATERIALIZED (
       SELECT node, (row_number() OVER (ORDER BY node) - 1)::INTEGER AS id, sum(n)::BIGINT AS visits, sum(entries)::BIGINT AS entries
       FROM agg GROUP BY node),
     moves AS MATERIALIZED (
       SELECT f.id AS f, t.id AS t, a.n::INTEGER AS n FROM agg a JOIN nodes f ON f.node = a.node JOIN nodes t ON t.node = a.next
       WHERE a.next <> a.node)
     SELECT (SELECT list(node ORDER BY id) FROM nodes) AS names,
       (SELECT list(visits ORDER BY id) FROM nodes) AS visits,
       (SELECT list(entries ORDER BY id) FROM nodes) AS entries,
       (SELECT list(f ORDER BY f, t) FROM moves) AS froms,
       (SELECT list(t ORDER BY f, t) FROM moves) AS tos,
       (SELECT list(n ORDER BY f, t) FROM moves) AS counts`,
    params,
  );
  const names = row?.names ?? [];
  const nodes: JourneyNodeCount[] = names.map((node, i) => ({ node, visits: Number(row!.visits![i]), entries: Number(row!.entries![i]) }));
  const froms = row?.froms ?? [];
  const transitions: JourneyTransition[] = froms.map((f, i) => ({ from: names[f]!, to: names[row!.tos![i]!]!, count: row!.counts![i]! }));
  // Every node is a step's node, so its visits and entries add up to the steps and sessions.
  return {
    graph: buildJourneyGraph(nodes, transitions),
    steps: nodes.reduce((s, n) => s + n.visits, 0),
    sessions: nodes.reduce((s, n) => s + n.entries, 0),
  };
}

/**
 * Feeds an updater the steps of events received after `after` (and up to `upTo`), each session in
 * time order. Sessions the updater does not follow yet but that have earlier steps in the store
 * are resumed from their last earlier node first, so their new steps extend their path.
 */
export async function updateJourneyGraph(store: Store, updater: JourneyGraphUpdater, after: string, upTo?: string): Promise<{ steps: number; moves: number; newSessions: number }> {
  const params: string[] = [after];
  const bound = upTo === undefined ? '' : ' AND received_at <= ?::TIMESTAMP';
  if (upTo !== undefined) params.push(upTo);
  const fresh = await store.query<{ session: string; node: string }>(
    `SELECT session, node FROM (${stepsSql(` AND received_at > ?::TIMESTAMP${bound}`)}) WHERE node IS NOT NULL ORDER BY session, ts, event_id`,
    params,
  );
  if (fresh.some((s) => !updater.follows(s.session))) {
    const earlier = await store.query<{ session: string; node: string }>(
      `WITH fresh AS (SELECT DISTINCT session FROM (${stepsSql(` AND received_at > ?::TIMESTAMP${bound}`)}) WHERE node IS NOT NULL)
       SELECT session, arg_max(node, (ts, event_id)) AS node FROM (${stepsSql(' AND received_at <= ?::TIMESTAMP')})
       WHERE node IS NOT NULL AND session IN (SELECT session FROM fresh) GROUP BY session`,
      [...params, after],
    );
    for (const e of earlier) if (!updater.follows(e.session)) updater.resume(e.session, e.node);
  }
  return updater.addSteps(fresh);
}

/**
 * Each purchasing session's last steps up to its first purchase (at most 50 raw steps, enough for
 * any depth once repeats collapse), for `frequentPathsTo`.
 */
export async function loadPurchaseSequences(store: Store, window: JourneyWindow = {}): Promise<string[][]> {
  const params: string[] = [];
  const rows = await store.query<{ nodes: string[] }>(
    `WITH steps AS (${stepsSql(windowSql(window, params))}),
     ordered AS (
       SELECT session, node, row_number() OVER (PARTITION BY session ORDER BY ts, event_id) AS rn
       FROM steps WHERE node IS NOT NULL),
     ends AS (SELECT session, min(rn) AS end_rn FROM ordered WHERE node = '${PURCHASE_NODE.replace(/'/g, "''")}' GROUP BY session)
     SELECT list(o.node ORDER BY o.rn) AS nodes FROM ordered o JOIN ends e USING (session)
     WHERE o.rn <= e.end_rn AND o.rn > e.end_rn - 50 GROUP BY o.session ORDER BY o.session`,
    params,
  );
  return rows.map((r) => r.nodes);
}

/**
 * The most frequent last steps before a purchase, all in DuckDB (what `frequentPathsTo` computes
 * over `loadPurchaseSequences`, without bringing every purchasing session into JavaScript):
 * products generalised to `product:*`, repeats collapsed, the last `depth` steps before each
 * session's first purchase.
 */
export async function loadFrequentPurchasePaths(store: Store, window: JourneyWindow = {}, options: { depth?: number; limit?: number } = {}): Promise<{ reached: number; paths: FrequentPath[] }> {
  const params: string[] = [];
  const target = `'${PURCHASE_NODE.replace(/'/g, "''")}'`;
  // Only sessions with a purchase go through the windows (a few percent of a shop's sessions).
  const where = windowSql(window, params);
  const buyers = `SELECT DISTINCT ${SESSION_SQL} FROM events WHERE type = 'track' AND name = ${`'${PURCHASE_NODE.slice('event:'.length).replace(/'/g, "''")}'`}${windowSql(window, params)}`;
  const rows = await store.query<{ path: string[]; sessions: number; reached: number }>(
    `WITH steps AS (${stepsSql(`${where} AND ${SESSION_SQL} IN (${buyers})`)}),
     general AS (SELECT session, ts, event_id, CASE WHEN node LIKE 'product:%' THEN 'product:*' ELSE node END AS node FROM steps WHERE node IS NOT NULL),
     ordered AS (
       SELECT session, node, row_number() OVER w AS rn, lag(node) OVER w AS prev
       FROM general WINDOW w AS (PARTITION BY session ORDER BY ts, event_id)),
     ends AS (SELECT session, min(rn) AS end_rn FROM ordered WHERE node = ${target} GROUP BY session),
     kept AS (
       SELECT o.session, o.node, row_number() OVER (PARTITION BY o.session ORDER BY o.rn DESC) AS back
       FROM ordered o JOIN ends e USING (session) WHERE o.rn <= e.end_rn AND o.prev IS DISTINCT FROM o.node),
     paths AS (SELECT session, list(node ORDER BY back DESC) AS path FROM kept WHERE back <= ${(options.depth ?? 4) + 1} GROUP BY session)
     SELECT path, count(*)::BIGINT AS sessions, (SELECT count(*) FROM ends)::BIGINT AS reached
     FROM paths GROUP BY path ORDER BY sessions DESC, array_to_string(path, '>') LIMIT ${options.limit ?? 10}`,
    params,
  );
  const reached = Number(rows[0]?.reached ?? 0);
  return { reached, paths: rows.map((r) => ({ path: r.path, sessions: Number(r.sessions), share: Number(r.sessions) / reached })) };
}

export type Basket = 'customer' | 'order';

/**
 * The co-purchase graph from order lines (returns left out): a basket is a customer (an order
 * without one counts as its own customer) or an order; pairs counted in SQL by a self-join of
 * each basket's distinct products.
 */
export async function loadCoPurchaseGraph(store: Store, basket: Basket = 'customer', window: { since?: string; until?: string } = {}): Promise<CoPurchaseGraph> {
  const params: string[] = [];
  const lines = basketLinesSql(basket, windowSql(window, params, 'o.ts'));
  const products = await store.query<{ product: string; name: string | null; buyers: number }>(
    `WITH lines AS (${lines}) SELECT l.product, any_value(p.name) AS name, count(*)::BIGINT AS buyers
     FROM lines l LEFT JOIN products p ON p.product_id = l.product GROUP BY l.product ORDER BY l.product`,
    params,
  );
  const pairs = await store.query<{ a: string; b: string; weight: number }>(
    `WITH lines AS (${lines}) SELECT x.product AS a, y.product AS b, count(*)::BIGINT AS weight
     FROM lines x JOIN lines y ON x.basket = y.basket AND x.product < y.product GROUP BY ALL ORDER BY a, b`,
    params,
  );
  return buildCoPurchaseGraph(
    products.map((p) => ({ product: p.product, name: p.name, buyers: Number(p.buyers) })),
    pairs.map((p) => ({ a: p.a, b: p.b, weight: Number(p.weight) })),
  );
}

function basketLinesSql(basket: Basket, where: string): string {
  const key = basket === 'customer' ? 'coalesce(o.customer_id, o.order_id)' : 'o.order_id';
  return `SELECT DISTINCT ${key} AS basket, i.product_id AS product
    FROM order_items i JOIN orders o USING (order_id)
    WHERE o.kind = 'order' AND i.quantity > 0${where}`;
}

/**
 * Adds the order lines of orders placed from `from` on (and before `until`) to a co-purchase graph built from the
 * orders before it (`loadCoPurchaseGraph` with `until: from`), without a rebuild: baskets the
 * updater does not follow yet are resumed with what they held before.
 */
export async function updateCoPurchaseGraph(store: Store, updater: CoPurchaseUpdater, from: string, basket: Basket = 'customer', until?: string): Promise<{ lines: number; newPairs: number }> {
  const range = until === undefined ? ' AND o.ts >= ?::TIMESTAMP' : ' AND o.ts >= ?::TIMESTAMP AND o.ts < ?::TIMESTAMP';
  const rangeParams = until === undefined ? [from] : [from, until];
  const fresh = await store.query<{ basket: string; product: string; name: string | null }>(
    `WITH lines AS (${basketLinesSql(basket, range)})
     SELECT l.basket, l.product, p.name FROM lines l LEFT JOIN products p ON p.product_id = l.product ORDER BY l.basket, l.product`,
    rangeParams,
  );
  if (fresh.some((l) => !updater.follows(l.basket))) {
    const held = await store.query<{ basket: string; products: string[] }>(
      `WITH fresh AS (SELECT DISTINCT basket FROM (${basketLinesSql(basket, range)}))
       SELECT basket, list(DISTINCT product ORDER BY product) AS products FROM (${basketLinesSql(basket, ' AND o.ts < ?::TIMESTAMP')})
       WHERE basket IN (SELECT basket FROM fresh) GROUP BY basket`,
      [...rangeParams, from],
    );
    for (const h of held) if (!updater.follows(h.basket)) updater.resume(h.basket, h.products);
  }
  return updater.addLines(fresh);
}
