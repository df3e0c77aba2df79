import type { Store } from '../store/index.js';

/**
 * The per-customer features segmentation reads, in the units a marketer reads them. Each key is
 * also a key of models/segment/segment-words.ts, which says how a segment differs on it.
 */
export const SEGMENT_FEATURES = [
  'recency_days', // days from the last order to the as-of date (no order: days since first seen)
  'orders', // completed orders (returns are not orders)
  'revenue', // net revenue: orders minus returns
  'aov', // average order value: gross order revenue / orders (0 with no order)
  'tenure_days', // days from the first order (or first activity) to the as-of date
  'categories', // distinct product categories bought
  'mobile_share', // share of activity on a phone: events when there are any, else orders
  'in_store_share', // share of orders placed in a store
  'coupon_share', // share of online orders with a coupon or a discount
  'app_share', // share of events in the shop's phone app
  'social_share', // share of visits that came from social media (organic or paid)
  'email_share', // share of visits that came from an e-mail
  'search_share', // share of visits from a search engine (organic or paid)
  'direct_share', // share of visits with no referrer and no campaign
  'sessions', // web and app visits
  'events', // behavioural events
  'conversion', // orders per visit, a store purchase counting as a visit
] as const;
export type SegmentFeature = (typeof SEGMENT_FEATURES)[number];

export interface SegmentFeatures {
  /** Last day included (YYYY-MM-DD). */
  asOf: string;
  /** One per row, in customer-id order (so tie-breaking by row order is stable). */
  customerIds: string[];
  columns: Record<SegmentFeature, Float64Array>;
  /** Whether the store has any behavioural events up to the as-of date (else event features are all 0). */
  hasEvents: boolean;
}

type FeatureRow = { customer_id: string } & Record<SegmentFeature, number>;

/**
 * DuckDB SQL for the features of every customer with an order or an event on or before the as-of
 * day (`?` = that day, YYYY-MM-DD, bound four times). Identity resolution has not merged records
 * yet, so a person who shops online and in store counts as two customers until it does.
 */
export const SEGMENT_FEATURES_SQL = `
WITH o AS (
  SELECT customer_id, order_id, ts, kind, revenue::DOUBLE AS revenue, channel
  FROM orders WHERE customer_id IS NOT NULL AND ts::DATE <= $1::DATE
), bought AS (
  SELECT customer_id,
    count(*) FILTER (WHERE kind = 'order') AS orders,
    coalesce(sum(revenue), 0) AS revenue,
    coalesce(sum(revenue) FILTER (WHERE kind = 'order'), 0) AS gross,
    max(ts) FILTER (WHERE kind = 'order') AS last_order,
    min(ts) FILTER (WHERE kind = 'order') AS first_order,
    count(*) FILTER (WHERE kind = 'order' AND channel = 'mobile') AS mobile_orders,
    count(*) FILTER (WHERE kind = 'order' AND channel = 'in-store') AS store_orders
  FROM o GROUP BY customer_id
), cats AS (
  SELECT o.customer_id, count(DISTINCT p.category) AS categories
  FROM o JOIN order_items i USING (order_id) JOIN products p USING (product_id)
  WHERE o.kind = 'order' AND p.category IS NOT NULL GROUP BY o.customer_id
), e AS (
  SELECT customer_id, session_id, ts, name, type, channel = 'mobile' AS in_app,
    channel = 'mobile' OR json_extract_string(context, '$.device.type') = 'mobile' AS on_phone,
    json_extract_string(context, '$.campaign.medium') AS medium,
    lower(regexp_extract(json_extract_string(context, '$.page.referrer'), '^[a-z]+://([^/:]+)', 1)) AS referrer,
    lower(regexp_extract(json_extract_string(context, '$.page.url'), '^[a-z]+://([^/:]+)', 1)) AS host,
    properties
  FROM events WHERE customer_id IS NOT NULL AND ts::DATE <= $1::DATE
), visits AS (
  -- Where a visit came from, as analytics tools group channels: by its first event's campaign, else its referrer.
  SELECT customer_id, session_id,
    CASE WHEN m IN ('social', 'paid_social') OR regexp_matches(r, '(facebook|instagram|tiktok|pinterest|twitter|linkedin|youtube|reddit|snapchat)\\.|^t\\.co$') THEN 'social'
         WHEN m = 'email' THEN 'email'
         WHEN m IN ('cpc', 'ppc', 'paidsearch') OR regexp_matches(r, '(google|bing|duckduckgo|ecosia|yahoo|yandex|baidu|qwant)\\.') THEN 'search'
         WHEN m IS NULL AND (r IS NULL OR r = '' OR r = h) THEN 'direct'
         ELSE 'other' END AS source
  FROM (SELECT customer_id, session_id, arg_min(medium, ts) AS m, arg_min(referrer, ts) AS r, arg_min(host, ts) AS h
        FROM e WHERE session_id IS NOT NULL GROUP BY ALL)
), seen AS (
  SELECT customer_id, count(*) AS events, count(*) FILTER (WHERE on_phone) AS phone_events, count(*) FILTER (WHERE in_app) AS app_events, min(ts) AS first_event, max(ts) AS last_event,
    count(*) FILTER (WHERE type = 'track' AND name = 'Order Completed') AS web_orders,
    count(*) FILTER (WHERE type = 'track' AND name = 'Order Completed'
      AND (nullif(json_extract_string(properties, '$.coupon'), '') IS NOT NULL OR try_cast(json_extract_string(properties, '$.discount') AS DOUBLE) > 0)) AS coupon_orders
  FROM e GROUP BY customer_id
), traffic AS (
  SELECT customer_id, count(*) AS sessions, count(*) FILTER (WHERE source = 'social') AS social_visits,
    count(*) FILTER (WHERE source = 'email') AS email_visits, count(*) FILTER (WHERE source = 'search') AS search_visits,
    count(*) FILTER (WHERE source = 'direct') AS direct_visits
  FROM visits GROUP BY customer_id
)
SELECT c.customer_id,
  date_diff('day', coalesce(b.last_order, s.last_event)::DATE, $1::DATE)::DOUBLE AS recency_days,
  coalesce(b.orders, 0)::DOUBLE AS orders,
  coalesce(b.revenue, 0)::DOUBLE AS revenue,
  CASE WHEN coalesce(b.orders, 0) > 0 THEN b.gross / b.orders ELSE 0 END::DOUBLE AS aov,
  date_diff('day', coalesce(least(b.first_order, s.first_event), b.first_order, s.first_event)::DATE, $1::DATE)::DOUBLE AS tenure_days,
  coalesce(k.categories, 0)::DOUBLE AS categories,
  CASE WHEN coalesce(s.events, 0) > 0 THEN s.phone_events / s.events
       WHEN coalesce(b.orders, 0) > 0 THEN b.mobile_orders / b.orders ELSE 0 END::DOUBLE AS mobile_share,
  CASE WHEN coalesce(b.orders, 0) > 0 THEN b.store_orders / b.orders ELSE 0 END::DOUBLE AS in_store_share,
  CASE WHEN coalesce(s.web_orders, 0) > 0 THEN s.coupon_orders / s.web_orders ELSE 0 END::DOUBLE AS coupon_share,
  CASE WHEN coalesce(s.events, 0) > 0 THEN s.app_events / s.events ELSE 0 END::DOUBLE AS app_share,
  CASE WHEN coalesce(t.sessions, 0) > 0 THEN t.social_visits / t.sessions ELSE 0 END::DOUBLE AS social_share,
  CASE WHEN coalesce(t.sessions, 0) > 0 THEN t.email_visits / t.sessions ELSE 0 END::DOUBLE AS email_share,
  CASE WHEN coalesce(t.sessions, 0) > 0 THEN t.search_visits / t.sessions ELSE 0 END::DOUBLE AS search_share,
  CASE WHEN coalesce(t.sessions, 0) > 0 THEN t.direct_visits / t.sessions ELSE 0 END::DOUBLE AS direct_share,
  coalesce(t.sessions, 0)::DOUBLE AS sessions,
  coalesce(s.events, 0)::DOUBLE AS events,
  CASE WHEN coalesce(b.orders, 0) = 0 THEN 0
       ELSE b.orders / greatest(coalesce(t.sessions, 0) + b.store_orders, b.orders) END::DOUBLE AS conversion
FROM (SELECT customer_id FROM bought WHERE orders > 0 UNION SELECT customer_id FROM seen) c
LEFT JOIN bought b USING (customer_id)
LEFT JOIN cats k USING (customer_id)
LEFT JOIN seen s USING (customer_id)
LEFT JOIN traffic t USING (customer_id)
ORDER BY c.customer_id`;

/** Loads {@link SEGMENT_FEATURES} for every customer active on or before `asOf` (YYYY-MM-DD). */
export async function segmentFeatures(store: Store, asOf: string): Promise<SegmentFeatures> {
  const rows = await store.query<FeatureRow>(SEGMENT_FEATURES_SQL, [asOf]);
  const columns = Object.fromEntries(
    SEGMENT_FEATURES.map((key) => [key, Float64Array.from(rows, (r) => r[key] ?? 0)]),
  ) as Record<SegmentFeature, Float64Array>;
  let hasEvents = false;
  for (const v of columns.events) if (v > 0) { hasEvents = true; break; }
  return { asOf, customerIds: rows.map((r) => r.customer_id), columns, hasEvents };
}

/** The last day with an order or an event (YYYY-MM-DD): the default as-of date. Null on an empty store. */
export async function lastActivityDate(store: Store): Promise<string | null> {
  const [row] = await store.query<{ last: string | null }>(
    `SELECT strftime(greatest(
       (SELECT max(ts) FROM orders WHERE customer_id IS NOT NULL),
       (SELECT max(ts) FROM events WHERE customer_id IS NOT NULL)), '%Y-%m-%d') AS last`,
  );
  return row?.last ?? null;
}
