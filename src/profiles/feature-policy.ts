/**
 * The customer-profile features (`cairn features`) and what each one does when a customer has no
 * data for it. A missing value is never a silent zero: every feature names its policy here.
 *
 * - `never`: defined for every customer (a count of 0 is a true count: the customer did not do it).
 * - `impute`: set to `imputed` when the source is absent, and the `flag` feature says so.
 * - `flag`: left null, and the `flag` feature (false) says why.
 * - `null`: left null; another feature already says why (cart_adds = 0, reviews = 0, …).
 */
export type MissingPolicy = 'never' | 'impute' | 'flag' | 'null';

export interface FeaturePolicy {
  /** What it measures, in the words a marketer reads it in. */
  description: string;
  kind: 'number' | 'text' | 'flag';
  policy: MissingPolicy;
  /** When the value is missing (for every policy but `never`). */
  missingWhen?: string;
  /** The value set for a missing one (policy `impute`). */
  imputed?: number;
  /** The flag feature that tells a missing or imputed value (policies `impute` and `flag`). */
  flag?: ProfileFlag;
}

/** Flags: booleans stored beside the features so that a model can tell "none" from "unknown". */
export type ProfileFlag = 'has_orders' | 'has_repeat_purchase' | 'has_events';

const noOrder = { policy: 'flag', missingWhen: 'no order before the as-of date', flag: 'has_orders' } as const;
const noEvent = { policy: 'impute', imputed: 0, missingWhen: 'no web or app event before the as-of date (an in-store-only customer)', flag: 'has_events' } as const;
const noEventShare = { policy: 'flag', missingWhen: 'no web or app event before the as-of date', flag: 'has_events' } as const;
const noDevice = { policy: 'null', missingWhen: 'no event carries context.device.type' } as const;

/**
 * Every profile feature, in the order they are stored in `features."values"` (feature_set
 * 'profile'). Only orders, events and texts dated before the as-of day count; days are whole
 * calendar days (UTC) up to the as-of day; money is in the orders' own currency.
 */
export const FEATURE_POLICY = {
  recency_days: { description: 'days from the last order to the as-of date', kind: 'number', ...noOrder },
  frequency: { description: 'orders placed (returns are not orders)', kind: 'number', policy: 'never' },
  monetary: { description: 'money spent on orders, before returns', kind: 'number', policy: 'never' },
  tenure_days: { description: 'days from when the customer was first seen (first order, event, review or CRM record) to the as-of date', kind: 'number', policy: 'never' },
  aov: { description: 'average order value: monetary / frequency', kind: 'number', ...noOrder },
  ipt_mean_days: {
    description: 'mean days between purchase days (orders on one day are one purchase)', kind: 'number',
    policy: 'flag', missingWhen: 'fewer than 2 purchase days', flag: 'has_repeat_purchase',
  },
  ipt_std_days: {
    description: 'sample standard deviation of the days between purchase days', kind: 'number',
    policy: 'null', missingWhen: 'fewer than 3 purchase days (one gap has no spread)',
  },
  returns: { description: 'returns (orders of kind return)', kind: 'number', policy: 'never' },
  returned_value: { description: 'money refunded on returns', kind: 'number', policy: 'never' },
  last_activity_days: {
    description: 'days from the last order, event or review to the as-of date', kind: 'number',
    policy: 'null', missingWhen: 'known only from a customer record (a CRM entry), no activity',
  },
  sessions: { description: 'web and app visits (distinct session ids)', kind: 'number', ...noEvent },
  pages_per_session: { description: 'page and screen views per visit', kind: 'number', policy: 'null', missingWhen: 'no visit (sessions = 0)' },
  product_views: { description: 'Product Viewed events', kind: 'number', ...noEvent },
  cart_adds: { description: 'Product Added events', kind: 'number', ...noEvent },
  cart_abandonment_rate: {
    description: 'share of visits with a cart add that ended without Order Completed', kind: 'number',
    policy: 'null', missingWhen: 'no visit with a cart add',
  },
  order_share_web: { description: 'share of orders placed on the website', kind: 'number', ...noOrder },
  order_share_mobile: { description: 'share of orders placed on a phone or in the app', kind: 'number', ...noOrder },
  order_share_in_store: { description: 'share of orders placed in a shop', kind: 'number', ...noOrder },
  order_share_other: { description: 'share of orders from any other or unknown channel', kind: 'number', ...noOrder },
  event_share_web: { description: 'share of events on the website', kind: 'number', ...noEventShare },
  event_share_mobile: { description: 'share of events in the mobile app', kind: 'number', ...noEventShare },
  event_share_other: { description: 'share of events from another or unknown channel', kind: 'number', ...noEventShare },
  device_share_desktop: { description: 'share of events (with a device type) on a desktop or laptop', kind: 'number', ...noDevice },
  device_share_mobile: { description: 'share of events (with a device type) on a phone', kind: 'number', ...noDevice },
  device_share_tablet: { description: 'share of events (with a device type) on a tablet', kind: 'number', ...noDevice },
  device_share_other: { description: 'share of events (with a device type) on anything else', kind: 'number', ...noDevice },
  favourite_category: {
    description: 'product category bought most (items, then spend, then name)', kind: 'text',
    policy: 'null', missingWhen: 'no bought item has a category',
  },
  categories_bought: { description: 'distinct product categories bought', kind: 'number', policy: 'never' },
  discount_share: {
    description: 'share of online orders with a coupon or a discount (Order Completed coupon/discount, or Coupon Applied)', kind: 'number',
    policy: 'null', missingWhen: 'no online order (till receipts carry no discount)',
  },
  reviews: { description: 'reviews with a rating', kind: 'number', policy: 'never' },
  last_review_sentiment: {
    // A stand-in until text/ scores sentiment: the star rating mapped from 1–5 to −1…1.
    description: 'sentiment of the latest rated review, −1 to 1 (from its star rating until text/ scores the text)', kind: 'number',
    policy: 'null', missingWhen: 'no rated review',
  },
  has_orders: { description: 'at least one order', kind: 'flag', policy: 'never' },
  has_repeat_purchase: { description: 'orders on at least 2 days', kind: 'flag', policy: 'never' },
  has_events: { description: 'at least one web or app event', kind: 'flag', policy: 'never' },
} as const satisfies Record<string, FeaturePolicy>;

export type ProfileFeature = keyof typeof FEATURE_POLICY;

/** Feature names in storage order. */
export const PROFILE_FEATURES = Object.keys(FEATURE_POLICY) as ProfileFeature[];

type ValueOf<P> = P extends { kind: 'text' } ? string | null
  : P extends { kind: 'flag' } ? boolean
  : P extends { policy: 'never' | 'impute' } ? number
  : number | null;

/** One customer's profile: numbers, the favourite category, flags; null where the policy says so. */
export type ProfileValues = { [K in ProfileFeature]: ValueOf<(typeof FEATURE_POLICY)[K]> };
