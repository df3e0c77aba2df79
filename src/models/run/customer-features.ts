import { FEATURE_POLICY, PROFILE_FEATURES } from '../../profiles/index.js';
import { sqlString } from '../../store/index.js';

/** One input of the customer models, with what it measures (for reports and reasons). */
export interface CustomerFeature {
  name: string;
  kind: 'number' | 'flag' | 'text';
  description: string;
}

/**
 * Recent-window features the customer models add to the profile (`cairn features`): a change in
 * behaviour says more about churn than lifetime totals, and reasons such as "3 returns this
 * quarter" or "spent 40% less than usual" need them. Cut at the as-of day like the profile.
 */
export const RECENT_FEATURES: readonly CustomerFeature[] = [
  { name: 'orders_last_90d', kind: 'number', description: 'orders in the 90 days before the as-of date' },
  { name: 'spend_last_90d', kind: 'number', description: 'money spent on orders in the 90 days before the as-of date' },
  { name: 'returns_last_90d', kind: 'number', description: 'returns in the 90 days before the as-of date' },
  {
    name: 'spend_vs_usual', kind: 'number',
    description: 'spend of the last 90 days against the usual 90 days before them, as a change (−0.4 = 40% less); null for a customer first buying less than 180 days before',
  },
  { name: 'sessions_last_30d', kind: 'number', description: 'web and app visits in the 30 days before the as-of date' },
  { name: 'visit_recency_days', kind: 'number', description: 'days from the last web or app event to the as-of date; null when there was none' },
];

/** Every input of the customer models: the profile's features, then the recent-window ones. */
export const CUSTOMER_FEATURES: readonly CustomerFeature[] = [
  ...PROFILE_FEATURES.map((name) => ({ name, kind: FEATURE_POLICY[name].kind, description: FEATURE_POLICY[name].description })),
  ...RECENT_FEATURES,
];

/** What a feature measures, for phrases of features the phrasebook does not know. */
export function featureDescription(name: string): string | undefined {
  return CUSTOMER_FEATURES.find((f) => f.name === name)?.description;
}

/**
 * One row per customer with an order or event before the as-of day: the {@link RECENT_FEATURES}
 * features. Only rows dated before the as-of day's midnight (UTC) count.
 */
export function recentFeaturesSql(asOf: string): string {
  const at = `TIMESTAMP ${sqlString(asOf)}`;
  const day = `DATE ${sqlString(asOf)}`;
  const quarter = `${at} - INTERVAL 90 DAY`;
  return `
WITH bought AS (
  SELECT customer_id,
    count(*) FILTER (WHERE kind = 'order' AND ts >= ${quarter}) AS orders_last_90d,
    coalesce(sum(revenue::DOUBLE) FILTER (WHERE kind = 'order' AND ts >= ${quarter}), 0) AS spend_last_90d,
    count(*) FILTER (WHERE kind = 'return' AND ts >= ${quarter}) AS returns_last_90d,
    sum(revenue::DOUBLE) FILTER (WHERE kind = 'order' AND ts < ${quarter}) AS spend_before,
    min(ts) FILTER (WHERE kind = 'order') AS first_order
  FROM orders WHERE customer_id IS NOT NULL AND ts < ${at} GROUP BY customer_id
), seen AS (
  SELECT customer_id, max(ts) AS last_event, count(DISTINCT session_id) FILTER (WHERE ts >= ${at} - INTERVAL 30 DAY) AS sessions_last_30d
  FROM events WHERE customer_id IS NOT NULL AND ts < ${at} GROUP BY customer_id
)
SELECT customer_id,
  coalesce(b.orders_last_90d, 0) AS orders_last_90d,
  round(coalesce(b.spend_last_90d, 0), 4) AS spend_last_90d,
  coalesce(b.returns_last_90d, 0) AS returns_last_90d,
  -- The usual: spend before the last 90 days, per 90 days since the first order.
  CASE WHEN b.first_order < ${at} - INTERVAL 180 DAY AND b.spend_before > 0
    THEN round(b.spend_last_90d / (b.spend_before * 90.0 / date_diff('day', b.first_order::DATE, ${day} - 90)) - 1, 4) END AS spend_vs_usual,
  coalesce(s.sessions_last_30d, 0) AS sessions_last_30d,
  date_diff('day', s.last_event::DATE, ${day}) AS visit_recency_days
FROM bought b FULL JOIN seen s USING (customer_id)`;
}
