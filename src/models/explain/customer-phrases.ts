import type { FeatureValue } from './reasons.js';

/**
 * Words for the customer features a prediction reads (the profile of profiles/feature-policy.ts
 * and the recent-window features the training set adds). Each says what the value *is*, not
 * whether it is good, so one phrasebook serves churn ("no order in 45 days") and purchase
 * propensity ("ordered 3 days ago") alike.
 */
type Words = (v: number) => string;

const whole = (v: number) => Math.round(v).toLocaleString('en-US');
const money = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: v >= 100 ? 0 : 2 });
const percent = (v: number) => `${Math.round(100 * v)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${whole(n)} ${Math.round(n) === 1 ? one : many}`;
const share = (of: string, none: string) => (v: number) => (v === 0 ? none : v === 1 ? `all ${of}` : `${percent(v)} of ${of}`);
const ago = (did: string, didNot: string) => (v: number) => (v <= 7 ? `${did} ${v === 0 ? 'today' : v === 1 ? 'yesterday' : `${whole(v)} days ago`}` : `no ${didNot} in ${whole(v)} days`);

/** Phrases of numeric features; a null value takes the `missing` words below. */
const NUMBER: Record<string, Words> = {
  recency_days: ago('ordered', 'order'),
  visit_recency_days: ago('visited', 'visit'),
  last_activity_days: ago('active', 'activity'),
  frequency: (v) => (v === 0 ? 'has never ordered' : v === 1 ? 'only one order so far' : `${whole(v)} orders so far`),
  monetary: (v) => `spent ${money(v)} in all`,
  tenure_days: (v) => (v < 60 ? `new: first seen ${plural(v, 'day')} ago` : `a customer for ${plural(v, 'day')}`),
  aov: (v) => `orders worth ${money(v)} on average`,
  ipt_mean_days: (v) => `buys every ${plural(v, 'day')} on average`,
  ipt_std_days: (v) => `gaps between purchases vary by ±${plural(v, 'day')}`,
  returns: (v) => (v === 0 ? 'has never returned anything' : `${plural(v, 'return')} in all`),
  returned_value: (v) => `${money(v)} refunded`,
  orders_last_90d: (v) => (v === 0 ? 'no order in the last 90 days' : `${plural(v, 'order')} in the last 90 days`),
  spend_last_90d: (v) => (v === 0 ? 'spent nothing in the last 90 days' : `spent ${money(v)} in the last 90 days`),
  returns_last_90d: (v) => (v === 0 ? 'no returns this quarter' : `${plural(v, 'return')} this quarter`),
  spend_vs_usual: (v) => (Math.abs(v) < 0.05 ? 'spent about as much as usual this quarter' : `spent ${percent(Math.abs(v))} ${v < 0 ? 'less' : 'more'} than usual this quarter`),
  sessions: (v) => (v === 0 ? 'has never visited the website or app' : `${plural(v, 'visit')} in all`),
  sessions_last_30d: (v) => (v === 0 ? 'no visit in the last 30 days' : `${plural(v, 'visit')} in the last 30 days`),
  pages_per_session: (v) => `${plural(v, 'page')} a visit`,
  product_views: (v) => (v === 0 ? 'has never viewed a product online' : `viewed ${plural(v, 'product')}`),
  cart_adds: (v) => (v === 0 ? 'has never added to a cart' : `${plural(v, 'cart add')}`),
  cart_abandonment_rate: (v) => (v === 0 ? 'never left a cart without buying' : `left ${percent(v)} of carts without buying`),
  order_share_web: share('orders on the website', 'never ordered on the website'),
  order_share_mobile: share('orders on a phone or in the app', 'never ordered on a phone or in the app'),
  order_share_in_store: share('orders in a shop', 'never bought in a shop'),
  order_share_other: share('orders through other channels', 'no orders through other channels'),
  event_share_web: share('activity on the website', 'never uses the website'),
  event_share_mobile: share('activity in the app', 'never uses the app'),
  event_share_other: share('activity through other channels', 'no activity through other channels'),
  device_share_desktop: share('activity on a computer', 'never uses a computer'),
  device_share_mobile: share('activity on a phone', 'never uses a phone'),
  device_share_tablet: share('activity on a tablet', 'never uses a tablet'),
  device_share_other: share('activity on other devices', 'no activity on other devices'),
  categories_bought: (v) => (v === 0 ? 'has bought from no category yet' : `bought from ${plural(v, 'category', 'categories')}`),
  discount_share: (v) => (v === 0 ? 'never used a discount online' : `used a discount on ${percent(v)} of online orders`),
  reviews: (v) => (v === 0 ? 'has written no review' : `${plural(v, 'review')}`),
  last_review_sentiment: (v) => (v <= -0.5 ? 'last review was negative' : v >= 0.5 ? 'last review was positive' : 'last review was mixed'),
};

/** Words for a missing value, where missing says something. */
const MISSING: Record<string, string> = {
  recency_days: 'has never ordered',
  aov: 'has never ordered',
  visit_recency_days: 'has never visited the website or app',
  last_activity_days: 'no activity on record',
  ipt_mean_days: 'has bought on one day only',
  ipt_std_days: 'fewer than three purchase days',
  spend_vs_usual: 'too new to tell usual spend',
  pages_per_session: 'no visits',
  cart_abandonment_rate: 'has never filled a cart online',
  favourite_category: 'no favourite category yet',
  discount_share: 'no online order',
  last_review_sentiment: 'no rated review',
};

const FLAG: Record<string, [yes: string, no: string]> = {
  has_orders: ['has ordered', 'has never ordered'],
  has_repeat_purchase: ['has bought again after the first time', 'never bought a second time'],
  has_events: ['uses the website or app', 'never used the website or app'],
};

/**
 * A customer feature's value in words; features this phrasebook does not know read
 * "<description>: <value>" when a description is given, else "<feature> <value>".
 */
export function customerPhrase(feature: string, value: FeatureValue, describe?: (feature: string) => string | undefined): string {
  if (value === null || (typeof value === 'number' && Number.isNaN(value))) {
    const missing = MISSING[feature] ?? (feature.startsWith('order_share_') ? 'has never ordered' : feature.startsWith('event_share_') || feature.startsWith('device_share_') ? 'no web or app activity' : undefined);
    if (missing) return missing;
  } else if (typeof value === 'boolean') {
    const words = FLAG[feature];
    if (words) return value ? words[0] : words[1];
  } else if (typeof value === 'number') {
    const words = NUMBER[feature];
    if (words) return words(value);
  } else if (feature === 'favourite_category') return `mostly buys ${value}`;
  const shown = value === null ? 'unknown' : typeof value === 'number' ? String(+value.toFixed(2)) : String(value);
  const description = describe?.(feature);
  return description ? `${description}: ${shown}` : `${feature.replaceAll('_', ' ')} ${shown}`;
}
