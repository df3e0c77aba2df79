/**
 * The words segment cards are written in: for each customer feature, how a marketer says that a
 * group is above or below everyone else, and the adjective that goes into a group's name.
 * Features are found by key; a key the data does not have is simply never mentioned.
 */

/** A segment's mean of one feature next to everyone's. */
export interface Comparison {
  segment: number;
  overall: number;
  /** segment / overall; undefined when the overall mean is 0. */
  ratio: number | undefined;
  /** (segment − overall) / the feature's standard deviation over all customers. */
  effect: number;
}

export interface FeatureWords {
  /** Phrase for a segment above (`higher`) or below everyone else on this feature. */
  phrase(c: Comparison, higher: boolean): string;
  /** Adjective for the segment's name, or undefined when this direction makes no good name. */
  adjective(higher: boolean): string | undefined;
  /** Names read "<recency/frequency> <channel> <value> <noun>": the slot orders adjectives. */
  slot: number;
}

const pct = (x: number) => `${Math.round(100 * x)}%`;
const times = (r: number) => `${r >= 10 ? Math.round(r) : r.toFixed(1).replace(/\.0$/, '')}×`;
const money = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: x >= 100 ? 0 : 2 });
const num = (x: number) => (x >= 10 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1).replace(/\.0$/, ''));

/** "3× as often" when at least half as much again, else "25% more often"; "60% less often" below. */
function relative(c: Comparison, higher: boolean, more: string, less: string, asMuch: string): string {
  if (c.ratio === undefined) return higher ? more : less;
  if (higher) return c.ratio >= 1.5 ? `${times(c.ratio)} ${asMuch}` : `${pct(c.ratio - 1)} ${more}`;
  return `${pct(1 - c.ratio)} ${less}`;
}

/** Shares (0..1): "mostly …" above one half, "rarely …" under 5 %, else the two shares side by side. */
function share(c: Comparison, higher: boolean, mostly: string, of: string, rarely: string): string {
  if (higher && c.segment >= 0.5) return `${mostly} (${pct(c.segment)} of ${of})`;
  if (!higher && c.segment < 0.05) return `${rarely} (${pct(c.segment)} of ${of}, vs ${pct(c.overall)} on average)`;
  return `${pct(c.segment)} of ${of} (vs ${pct(c.overall)} on average)`;
}

export const WORDS: Readonly<Record<string, FeatureWords>> = {
  orders: {
    phrase: (c, higher) => (c.segment < 0.2
      ? 'has almost never ordered'
      : `buys ${relative(c, higher, 'more often', 'less often', 'as often')} than the average customer`.replace(' as often than', ' as often as')),
    adjective: (higher) => (higher ? 'frequent' : 'occasional'),
    slot: 1,
  },
  revenue: {
    phrase: (c, higher) => `spends ${relative(c, higher, 'more', 'less', 'as much')} in total (${money(c.segment)} vs ${money(c.overall)})`,
    adjective: (higher) => (higher ? 'high-value' : 'low-value'),
    slot: 3,
  },
  aov: {
    phrase: (c, higher) => (higher
      ? `${c.ratio !== undefined && c.ratio >= 1.5 ? `baskets ${times(c.ratio)} the average` : `${pct((c.ratio ?? 1) - 1)} bigger basket`} (${money(c.segment)} vs ${money(c.overall)})`
      : `${pct(1 - (c.ratio ?? 0))} lower basket (${money(c.segment)} vs ${money(c.overall)})`),
    adjective: (higher) => (higher ? 'big-basket' : 'small-basket'),
    slot: 3,
  },
  recency_days: {
    phrase: (c, higher) => (higher
      ? `has not bought for a while: last order ${num(c.segment)} days ago on average, vs ${num(c.overall)}`
      : `bought recently: last order ${num(c.segment)} days ago on average, vs ${num(c.overall)}`),
    adjective: (higher) => (higher ? 'lapsed' : 'recent'),
    slot: 0,
  },
  tenure_days: {
    phrase: (c, higher) => (higher
      ? `long-standing: first order ${num(c.segment)} days ago on average, vs ${num(c.overall)}`
      : `new: first order ${num(c.segment)} days ago on average, vs ${num(c.overall)}`),
    adjective: (higher) => (higher ? 'long-standing' : 'new'),
    slot: 0,
  },
  categories: {
    phrase: (c, higher) => (higher
      ? `buys across ${num(c.segment)} categories (average ${num(c.overall)})`
      : `sticks to few categories (${num(c.segment)} vs ${num(c.overall)})`),
    adjective: (higher) => (higher ? 'wide-ranging' : undefined),
    slot: 3,
  },
  mobile_share: {
    phrase: (c, higher) => share(c, higher, 'mostly on mobile', 'activity on a phone', 'almost never on a phone'),
    adjective: (higher) => (higher ? 'mobile' : 'desktop'),
    slot: 2,
  },
  app_share: {
    phrase: (c, higher) => share(c, higher, 'lives in the app', 'activity in the app', 'hardly uses the app'),
    adjective: (higher) => (higher ? 'app' : undefined),
    slot: 2,
  },
  search_share: {
    phrase: (c, higher) => share(c, higher, 'finds the shop mostly through search engines', 'visits from search', 'rarely comes from search'),
    adjective: (higher) => (higher ? 'search-driven' : undefined),
    slot: 2,
  },
  direct_share: {
    phrase: (c, higher) => share(c, higher, 'comes straight to the shop', 'visits typed in or bookmarked', 'rarely comes straight to the shop'),
    adjective: (higher) => (higher ? 'returning' : undefined),
    slot: 2,
  },
  in_store_share: {
    phrase: (c, higher) => share(c, higher, 'shops mostly in store', 'orders in store', 'almost never in store'),
    adjective: (higher) => (higher ? 'in-store' : 'online'),
    slot: 2,
  },
  coupon_share: {
    phrase: (c, higher) => (higher
      ? `uses a coupon on ${pct(c.segment)} of orders (average ${pct(c.overall)})`
      : `seldom uses coupons (${pct(c.segment)} of orders vs ${pct(c.overall)})`),
    adjective: (higher) => (higher ? 'deal-seeking' : undefined),
    slot: 3,
  },
  social_share: {
    phrase: (c, higher) => share(c, higher, 'arrives mostly from social media', 'visits from social media', 'hardly ever comes from social media'),
    adjective: (higher) => (higher ? 'social-media' : undefined),
    slot: 2,
  },
  email_share: {
    phrase: (c, higher) => share(c, higher, 'comes back mostly through e-mails', 'visits from e-mails', 'hardly ever comes from e-mails'),
    adjective: (higher) => (higher ? 'newsletter-driven' : undefined),
    slot: 2,
  },
  sessions: {
    phrase: (c, higher) => `visits ${relative(c, higher, 'more often', 'less often', 'as often')} than the average customer (${num(c.segment)} visits)`.replace(' as often than', ' as often as'),
    adjective: () => undefined,
    slot: 1,
  },
  conversion: {
    phrase: (c, higher) => (higher
      ? `turns visits into orders well (${pct(Math.min(1, c.segment))} of visits vs ${pct(Math.min(1, c.overall))})`
      : `browses without buying (${pct(c.segment)} of visits end in an order vs ${pct(c.overall)})`),
    adjective: (higher) => (higher ? undefined : 'browsing'),
    slot: 1,
  },
};
