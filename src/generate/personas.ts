import { CATEGORIES } from './catalog-data.js';

/** The hidden segments of the generated shop; analytics later tries to rediscover them. */
export type PersonaId = 'loyal_high_value' | 'bargain_hunter' | 'occasional_gifter' | 'mobile_impulse' | 'one_and_done' | 'window_shopper';

/** Where a session came from, as marketing channels are usually grouped. */
export type TrafficSource = 'organic_search' | 'paid_search' | 'social' | 'email' | 'direct' | 'referral';

/** What a person shops on: a browser on a computer, phone or tablet, or the shop's phone app. */
export type DeviceKind = 'desktop' | 'mobile_web' | 'mobile_app' | 'tablet';

/** Behaviour parameters of one persona; people are drawn around them. */
export interface Persona {
  id: PersonaId;
  description: string;
  /** Share of people. */
  share: number;
  /**
   * BG/NBD purchase rate: each person's λ (purchases per day while alive, online and in store
   * together) is Gamma(shape r, rate α) across the persona, so its mean is r/α.
   */
  purchaseRate: { shape: number; rate: number };
  /** BG/NBD dropout: each person's p (chance to churn right after a purchase) is Beta(a, b). */
  dropout: { a: number; b: number };
  /** Chance that an online session ends in an order; browsing sessions arrive at λ·(1−store)·(1−q)/q. */
  conversion: number;
  /** Share of purchases made in a store rather than online. */
  storeShare: number;
  /** Mean number of distinct products in an order. */
  basketSize: number;
  /** Relative interest in each category, in CATEGORIES order. */
  categories: readonly number[];
  sources: Readonly<Record<TrafficSource, number>>;
  devices: Readonly<Record<DeviceKind, number>>;
  /** Weights for owning one, two or three devices. */
  deviceCount: readonly [number, number, number];
  /** 0 = indifferent to price, 1 = buys only what is cheap or discounted. */
  priceSensitivity: number;
  /** Chance to apply a coupon at checkout. */
  couponRate: number;
  /** Chance that a person already known before the data starts had an account. */
  accountRate: number;
  /** Chance to create an account in a session without buying (newsletter, wish list). */
  browseSignUpRate: number;
  /** Chance to join the loyalty programme at a till, and to show the card afterwards. */
  loyaltyCardRate: number;
  /** Chance to review a purchased product. */
  reviewRate: number;
  /** Chance that a browser has lost its cookies (a new anonymousId) at a session. */
  cookieClearRate: number;
  /** Mean extra sessions on the traffic-spike day. */
  spikeAffinity: number;
}

// Categories: Electronics, Fashion, Home & Kitchen, Beauty, Sports & Outdoors, Books, Toys & Games, Jewellery, Garden, Food & Drink.
/** The six personas. */
export const PERSONAS: readonly Persona[] = [
  {
    id: 'loyal_high_value', description: 'frequent, loyal buyer with large baskets; arrives direct or from e-mail', share: 0.14,
    purchaseRate: { shape: 4, rate: 160 }, dropout: { a: 1, b: 24 }, conversion: 0.15, storeShare: 0.25, basketSize: 2.6,
    categories: [3, 2, 3, 1, 1.5, 2, 1, 1, 1.5, 2],
    sources: { organic_search: 0.15, paid_search: 0.05, social: 0.05, email: 0.3, direct: 0.4, referral: 0.05 },
    devices: { desktop: 0.45, mobile_web: 0.15, mobile_app: 0.3, tablet: 0.1 }, deviceCount: [0.3, 0.45, 0.25],
    priceSensitivity: 0.15, couponRate: 0.08, accountRate: 0.95, browseSignUpRate: 0.3, loyaltyCardRate: 0.8, reviewRate: 0.12, cookieClearRate: 0.02, spikeAffinity: 0.3,
  },
  {
    id: 'bargain_hunter', description: 'many visits, buys when discounted; paid search, deal sites and coupons', share: 0.2,
    purchaseRate: { shape: 2, rate: 200 }, dropout: { a: 2, b: 14 }, conversion: 0.05, storeShare: 0.1, basketSize: 1.8,
    categories: [2.5, 2, 2, 1.5, 1.5, 1, 1, 0.5, 1, 1.5],
    sources: { organic_search: 0.2, paid_search: 0.3, social: 0.1, email: 0.25, direct: 0.05, referral: 0.1 },
    devices: { desktop: 0.5, mobile_web: 0.3, mobile_app: 0.15, tablet: 0.05 }, deviceCount: [0.45, 0.4, 0.15],
    priceSensitivity: 0.9, couponRate: 0.45, accountRate: 0.7, browseSignUpRate: 0.08, loyaltyCardRate: 0.5, reviewRate: 0.1, cookieClearRate: 0.05, spikeAffinity: 0.6,
  },
  {
    id: 'occasional_gifter', description: 'a few gift purchases a year: toys, jewellery, books, hampers', share: 0.16,
    purchaseRate: { shape: 3, rate: 600 }, dropout: { a: 2, b: 8 }, conversion: 0.1, storeShare: 0.3, basketSize: 1.5,
    categories: [1, 0.5, 1, 1.5, 0.5, 2, 3, 3, 0.5, 2],
    sources: { organic_search: 0.4, paid_search: 0.25, social: 0.1, email: 0.05, direct: 0.15, referral: 0.05 },
    devices: { desktop: 0.55, mobile_web: 0.3, mobile_app: 0.05, tablet: 0.1 }, deviceCount: [0.55, 0.35, 0.1],
    priceSensitivity: 0.4, couponRate: 0.1, accountRate: 0.5, browseSignUpRate: 0.02, loyaltyCardRate: 0.3, reviewRate: 0.08, cookieClearRate: 0.06, spikeAffinity: 0.15,
  },
  {
    id: 'mobile_impulse', description: 'quick single-item buys on the phone app, found on social media', share: 0.18,
    purchaseRate: { shape: 1.5, rate: 125 }, dropout: { a: 1.5, b: 10.5 }, conversion: 0.11, storeShare: 0.05, basketSize: 1.2,
    categories: [1.5, 3, 0.5, 3, 1, 0.3, 0.3, 1, 0.2, 0.5],
    sources: { organic_search: 0.1, paid_search: 0.1, social: 0.45, email: 0.15, direct: 0.2, referral: 0 },
    devices: { desktop: 0.05, mobile_web: 0.35, mobile_app: 0.6, tablet: 0 }, deviceCount: [0.6, 0.35, 0.05],
    priceSensitivity: 0.5, couponRate: 0.12, accountRate: 0.8, browseSignUpRate: 0.1, loyaltyCardRate: 0.2, reviewRate: 0.1, cookieClearRate: 0.02, spikeAffinity: 1.2,
  },
  {
    id: 'one_and_done', description: 'comes from an ad, buys once and rarely returns', share: 0.14,
    purchaseRate: { shape: 2, rate: 333 }, dropout: { a: 8, b: 1.5 }, conversion: 0.18, storeShare: 0.2, basketSize: 1.3,
    categories: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    sources: { organic_search: 0.35, paid_search: 0.35, social: 0.15, email: 0, direct: 0, referral: 0.15 },
    devices: { desktop: 0.45, mobile_web: 0.45, mobile_app: 0, tablet: 0.1 }, deviceCount: [0.85, 0.15, 0],
    priceSensitivity: 0.6, couponRate: 0.15, accountRate: 0.3, browseSignUpRate: 0.01, loyaltyCardRate: 0.1, reviewRate: 0.15, cookieClearRate: 0.08, spikeAffinity: 0.1,
  },
  {
    id: 'window_shopper', description: 'browses often, almost never buys', share: 0.18,
    purchaseRate: { shape: 1, rate: 1250 }, dropout: { a: 2, b: 4 }, conversion: 0.008, storeShare: 0.05, basketSize: 1.2,
    categories: [2, 2, 1.5, 1, 1, 1, 0.5, 1, 1, 0.5],
    sources: { organic_search: 0.35, paid_search: 0.1, social: 0.25, email: 0, direct: 0.2, referral: 0.1 },
    devices: { desktop: 0.4, mobile_web: 0.45, mobile_app: 0.05, tablet: 0.1 }, deviceCount: [0.5, 0.4, 0.1],
    priceSensitivity: 0.7, couponRate: 0.05, accountRate: 0.15, browseSignUpRate: 0.01, loyaltyCardRate: 0.05, reviewRate: 0.05, cookieClearRate: 0.08, spikeAffinity: 1,
  },
];

/** Persona parameters as written to truth/personas.json, with the implied means. */
export function personaTruth(): unknown[] {
  return PERSONAS.map((p) => ({
    ...p,
    categories: Object.fromEntries(CATEGORIES.map((c, i) => [c.name, p.categories[i] ?? 0])),
    meanPurchaseRatePerDay: p.purchaseRate.shape / p.purchaseRate.rate,
    meanDropout: p.dropout.a / (p.dropout.a + p.dropout.b),
    bgnbd: { r: p.purchaseRate.shape, alpha: p.purchaseRate.rate, a: p.dropout.a, b: p.dropout.b, timeUnit: 'day' },
  }));
}
