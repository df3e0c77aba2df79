import { channelSql } from './channels.js';
import { ACTOR_SQL, rangeCondition, ratio, type DateRange, type SqlQueryable } from './journey-sql.js';
import { parseDuration } from './duration.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface CartOptions extends DateRange {
  /** How long after its last add a cart may wait for an order (default 24 h). */
  withinMs?: number | undefined;
  /** Breakdown: the day the cart was started (UTC), the device, or the channel of its visit. */
  by?: 'day' | 'device' | 'channel' | undefined;
  /** A later order of any abandoned item within this many days after abandonment recovers a cart (default 7). */
  recoveryDays?: number | undefined;
}

/** Counts and rates of a set of carts. */
export interface CartFigures {
  carts: number;
  converted: number;
  abandoned: number;
  /** Every item removed again before the window ended: neither bought nor abandoned. */
  emptied: number;
  /** The window has not ended yet at the last event in the store: not counted in the rates. */
  open: number;
  /** abandoned / (abandoned + converted); null when there are none. */
  abandonmentRate: number | null;
  /** What the abandoned carts held when they were abandoned (quantity × last added price), by currency. */
  valueLeft: Record<string, number>;
  /** Abandoned carts whose actor later ordered one of their items within the recovery days. */
  recovered: number;
  /** recovered / abandoned; null when none were abandoned. */
  recoveryRate: number | null;
}

export interface CartGroup extends CartFigures {
  /** The day (YYYY-MM-DD), device type or channel; `unknown` when the visit does not say. */
  key: string;
}

export interface CartsResult extends CartFigures {
  withinHours: number;
  recoveryDays: number;
  by: 'day' | 'device' | 'channel' | null;
  groups: CartGroup[];
  /** Why the result is empty, when it is. */
  message: string | null;
}

type FigureRow = {
  key: string | null;
  carts: number;
  converted: number;
  abandoned: number;
  emptied: number;
  open: number;
  recovered: number;
  value_left: { currency: string; value: number }[] | null;
};

const NONE: CartFigures = { carts: 0, converted: 0, abandoned: 0, emptied: 0, open: 0, abandonmentRate: null, valueLeft: {}, recovered: 0, recoveryRate: null };

/**
 * Cart abandonment. A cart is an actor's `Product Added` events since their last order, each
 * within the window of the one before: it is converted when an order by the same actor follows
 * its last add within the window, abandoned when none does (a later add starts a new cart), and
 * emptied when `Product Removed` took every item out. An actor is the resolved customer, else the
 * anonymous id's visitor, else the anonymous id; orders are the `orders` table's (by customer)
 * and guests' `Order Completed` events. An abandoned cart is recovered by a later order of the
 * same actor that holds one of the items left in it, within the recovery days after abandonment.
 * Carts are counted on the day (UTC) they were started, in the visit of their first add.
 */
export async function cartAbandonment(store: SqlQueryable, options: CartOptions = {}): Promise<CartsResult> {
  const within = options.withinMs ?? DAY_MS;
  const recoveryDays = options.recoveryDays ?? 7;
  const by = options.by ?? null;
  const base = { withinHours: Math.round((within / HOUR_MS) * 1000) / 1000, recoveryDays, by };
  const empty = (message: string): CartsResult => ({ ...NONE, ...base, groups: [], message });
  if (!(within > 0) || !Number.isFinite(within)) return empty('the window is 0: no order could ever follow a cart in it; give a window such as 24h');
  if (!(recoveryDays >= 0) || !Number.isFinite(recoveryDays)) return empty(`recovery days ${recoveryDays} must be 0 or more`);
  const range = rangeCondition(options);
  if (range.empty) return empty(range.empty);

  const rows = await store.query<FigureRow>(cartSql(within, recoveryDays, range.sql, by));
  const total = rows.find((r) => r.key === null);
  if (!total || total.carts === 0) {
    const [adds] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE type = 'track' AND name = 'Product Added'`);
    return empty(adds?.n ? 'no cart was started in this range' : 'there are no Product Added events in the store: no carts to count');
  }
  return {
    ...figures(total), ...base,
    groups: rows.filter((r) => r.key !== null).map((r) => ({ key: r.key!, ...figures(r) })),
    message: null,
  };
}

function figures(r: FigureRow): CartFigures {
  const valueLeft: Record<string, number> = {};
  for (const v of r.value_left ?? []) valueLeft[v.currency] = Math.round(v.value * 100) / 100;
  return {
    carts: r.carts, converted: r.converted, abandoned: r.abandoned, emptied: r.emptied, open: r.open,
    abandonmentRate: ratio(r.abandoned, r.abandoned + r.converted), valueLeft,
    recovered: r.recovered, recoveryRate: ratio(r.recovered, r.abandoned),
  };
}

/** One row per group (`key`) and one with `key` NULL for all carts. */
function cartSql(within: number, recoveryDays: number, range: string, by: 'day' | 'device' | 'channel' | null): string {
  const win = `INTERVAL ${Math.round(within)} MILLISECOND`;
  const recovery = `INTERVAL ${Math.round(recoveryDays * DAY_MS)} MILLISECOND`;
  const line = (e: string) => `coalesce(nullif(${e}->>'$.product_id', ''), nullif(${e}->>'$.sku', ''))`;
  // Group keys are never NULL (device and channel fall back to 'unknown'), so NULL is the total.
  const key = by === 'day' ? `strftime(c.started_at, '%Y-%m-%d')` : by === 'device' ? 'c.device' : by === 'channel' ? 'c.channel' : 'NULL';
  const sets = by ? `GROUPING SETS ((), (${key}))` : '()';
  const firstTouch = channelSql({
    source: "f.context->>'$.campaign.source'", medium: "f.context->>'$.campaign.medium'",
    referrer: "coalesce(f.context->>'$.page.referrer', f.properties->>'$.referrer')",
    pageUrl: "coalesce(f.context->>'$.page.url', f.properties->>'$.url')", eventChannel: 'f.channel',
  });
  return `
WITH lines AS (
  SELECT ${ACTOR_SQL} AS actor, e.ts, e.event_id, e.session_key, e.session_id, CASE e.name WHEN 'Product Added' THEN 1 ELSE -1 END AS sign,
    ${line('e.properties')} AS product_id,
    greatest(coalesce(try_cast(e.properties->>'$.quantity' AS DOUBLE), 1), 0) AS qty,
    coalesce(try_cast(e.properties->>'$.price' AS DOUBLE), 0) AS price,
    coalesce(nullif(upper(trim(e.properties->>'$.currency')), ''), 'USD') AS currency
  FROM events e LEFT JOIN identity_anonymous ia ON ia.anonymous_id = e.anonymous_id
  WHERE e.type = 'track' AND e.name IN ('Product Added', 'Product Removed')
),
guest_orders AS (
  SELECT ${ACTOR_SQL} AS actor, e.ts, e.properties FROM events e LEFT JOIN identity_anonymous ia ON ia.anonymous_id = e.anonymous_id
  WHERE e.type = 'track' AND e.name = 'Order Completed' AND e.customer_id IS NULL
),
order_times AS (
  SELECT customer_id AS actor, ts FROM orders WHERE kind = 'order' AND customer_id IS NOT NULL
  UNION ALL SELECT actor, ts FROM guest_orders
),
order_lines AS (
  SELECT o.customer_id AS actor, o.ts, i.product_id FROM orders o JOIN order_items i USING (order_id) WHERE o.kind = 'order' AND o.customer_id IS NOT NULL
  UNION ALL SELECT actor, ts, unnest(CAST(json_extract_string(properties, '$.products[*].product_id') AS VARCHAR[])) FROM guest_orders
),
-- Each add with the actor's first order at or after it; all adds of one cart share it.
adds AS (
  SELECT a.*, o.ts AS next_order FROM (SELECT * FROM lines WHERE sign = 1 AND actor IS NOT NULL) a
  ASOF LEFT JOIN order_times o ON a.actor = o.actor AND o.ts >= a.ts
),
numbered AS (
  SELECT *, sum(CASE WHEN prev_ts IS NULL OR prev_next < ts OR ts > prev_ts + ${win} THEN 1 ELSE 0 END)
    OVER (PARTITION BY actor ORDER BY ts, event_id ROWS UNBOUNDED PRECEDING) AS cart_no
  FROM (SELECT *, lag(ts) OVER w AS prev_ts, lag(next_order) OVER w AS prev_next FROM adds WINDOW w AS (PARTITION BY actor ORDER BY ts, event_id))
),
heads AS (
  SELECT actor, cart_no, min(ts) AS started_at, max(ts) AS last_add, min(next_order) AS next_order,
    arg_min(session_key, ts) AS session_key, arg_min(session_id, ts) AS session_id
  FROM numbered GROUP BY actor, cart_no
),
closed AS (
  SELECT h.*, CASE WHEN h.next_order <= h.last_add + ${win} THEN h.next_order ELSE h.last_add + ${win} END AS closed_at,
    h.next_order IS NOT NULL AND h.next_order <= h.last_add + ${win} AS bought
  FROM heads h
),
-- A removal belongs to the cart of the actor's last add before it, if that cart was still open.
removals AS (
  SELECT r.actor, n.cart_no, r.ts, r.sign, r.product_id, r.qty, r.price, r.currency
  FROM (SELECT * FROM lines WHERE sign = -1 AND actor IS NOT NULL) r ASOF JOIN numbered n ON r.actor = n.actor AND r.ts >= n.ts
),
items AS (
  SELECT actor, cart_no, product_id, sum(sign * qty) AS qty, arg_max(price, ts) FILTER (WHERE sign = 1) AS price,
    arg_max(currency, ts) FILTER (WHERE sign = 1) AS currency
  FROM (
    SELECT actor, cart_no, ts, sign, product_id, qty, price, currency FROM numbered
    UNION ALL SELECT r.* FROM removals r JOIN closed c USING (actor, cart_no) WHERE r.ts <= c.closed_at
  ) WHERE product_id IS NOT NULL GROUP BY ALL
),
left_items AS (SELECT * FROM items WHERE qty > 0),
contents AS (
  SELECT actor, cart_no, sum(qty * price) AS value, arg_max(currency, qty * price) AS currency FROM left_items GROUP BY actor, cart_no
),
max_ts AS (SELECT max(ts) AS t FROM events),
carts AS (
  SELECT c.*, coalesce(k.value, 0) AS value, coalesce(k.currency, 'USD') AS currency,
    CASE WHEN c.bought THEN 'converted' WHEN c.closed_at > (SELECT t FROM max_ts) THEN 'open'
         WHEN k.actor IS NULL THEN 'emptied' ELSE 'abandoned' END AS status
  FROM closed c LEFT JOIN contents k USING (actor, cart_no)
  WHERE ${range.replaceAll('e.ts', 'c.started_at')}
),
recovered AS (
  SELECT DISTINCT c.actor, c.cart_no FROM carts c
  JOIN left_items i ON i.actor = c.actor AND i.cart_no = c.cart_no
  JOIN order_lines o ON o.actor = c.actor AND o.product_id = i.product_id
  WHERE c.status = 'abandoned' AND o.ts > c.closed_at AND o.ts <= c.closed_at + ${recovery}
),
first_events AS (
  SELECT e.session_id, arg_min(e.context, e.ts) AS context, arg_min(e.properties, e.ts) AS properties, arg_min(e.channel, e.ts) AS channel
  FROM events e WHERE e.session_id IN (SELECT session_id FROM carts WHERE session_key IS NULL) GROUP BY e.session_id
),
described AS (
  SELECT c.*, r.actor IS NOT NULL AS is_recovered,
    coalesce(s.device_type, f.context->>'$.device.type', 'unknown') AS device,
    coalesce(s.channel, CASE WHEN f.session_id IS NOT NULL THEN ${firstTouch} END, 'unknown') AS channel
  FROM carts c LEFT JOIN recovered r USING (actor, cart_no)
  LEFT JOIN sessions s ON s.session_key = c.session_key
  LEFT JOIN first_events f ON c.session_key IS NULL AND f.session_id = c.session_id
),
figures AS (
  SELECT ${key} AS key, count(*) AS carts,
    count(*) FILTER (WHERE status = 'converted') AS converted, count(*) FILTER (WHERE status = 'abandoned') AS abandoned,
    count(*) FILTER (WHERE status = 'emptied') AS emptied, count(*) FILTER (WHERE status = 'open') AS open,
    count(*) FILTER (WHERE is_recovered) AS recovered
  FROM described c GROUP BY ${sets}
),
values_left AS (
  SELECT ${key} AS key, currency, sum(value) AS value FROM described c WHERE status = 'abandoned'
  GROUP BY ${by ? `GROUPING SETS ((currency), (${key}, currency))` : 'currency'}
)
SELECT f.key, f.carts, f.converted, f.abandoned, f.emptied, f.open, f.recovered,
  (SELECT list({'currency': v.currency, 'value': v.value} ORDER BY v.currency) FROM values_left v
   WHERE v.key IS NOT DISTINCT FROM f.key) AS value_left
FROM figures f ORDER BY f.key NULLS FIRST`;
}

/** `24h`, `90m`, `2d`, `1d12h` → milliseconds; null when the text is not a duration (see parseDuration). */
export function parseWindow(text: string): number | null {
  const seconds = parseDuration(text);
  return seconds === null ? null : seconds * 1000;
}
