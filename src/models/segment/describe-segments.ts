import { NOISE } from './dbscan.js';
import { WORDS, type Comparison } from './segment-words.js';

/** Customers' features in plain units (not standardised), one row per customer. */
export interface SegmentProfileInput {
  /** Row-major n×d values, in the units a marketer reads (orders, money, days, shares 0..1). */
  data: Float64Array;
  n: number;
  /** Column keys, e.g. "orders", "aov", "mobile_share" (see segment-words.ts for the known ones). */
  keys: readonly string[];
  /** Segment of each row; −1 is DBSCAN's noise. */
  labels: Int32Array;
  /** Each customer's revenue, for the revenue share. */
  revenue: Float64Array;
}

/** What sets a segment apart on one feature. */
export interface Distinction extends Comparison {
  key: string;
  phrase: string;
}

/** A segment as a marketer reads it. */
export interface SegmentCard {
  /** The cluster label (−1 for noise). */
  label: number;
  name: string;
  /** One sentence from the features that set the segment apart. */
  description: string;
  customers: number;
  shareOfCustomers: number;
  revenue: number;
  shareOfRevenue: number;
  action: string;
  /** Up to three features, most distinctive first. */
  distinctions: Distinction[];
  /** Mean of every feature in the segment. */
  profile: Record<string, number>;
}

/** A feature must differ by this many standard deviations to be worth a phrase. */
const MIN_EFFECT = 0.25;

/**
 * Writes a card for each segment: its top distinguishing features (by standardised mean
 * difference from all customers) as a sentence, a name from their adjectives, size, shares and a
 * rule-based suggested action. Cards come largest first; noise last, named as such.
 */
export function describeSegments(input: SegmentProfileInput): SegmentCard[] {
  const { data, n, keys, labels, revenue } = input;
  const d = keys.length;
  if (data.length !== n * d || labels.length !== n || revenue.length !== n) {
    throw new RangeError(`describeSegments: data has ${data.length} values, labels ${labels.length}, revenue ${revenue.length}, for n=${n} and ${d} keys`);
  }
  const overall = columnStats(data, n, d);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const rows = groups.get(labels[i]!) ?? [];
    rows.push(i);
    groups.set(labels[i]!, rows);
  }
  let totalRevenue = 0;
  for (let i = 0; i < n; i++) totalRevenue += revenue[i]!;
  const cards: SegmentCard[] = [];
  for (const [label, rows] of groups) {
    const means = new Float64Array(d);
    let segmentRevenue = 0;
    for (const i of rows) {
      for (let j = 0; j < d; j++) means[j]! += data[i * d + j]!;
      segmentRevenue += revenue[i]!;
    }
    const comparisons = keys.map((key, j): Comparison & { key: string } => {
      const segment = means[j]! / rows.length;
      const all = overall.means[j]!;
      const sd = overall.sds[j]!;
      return { key, segment, overall: all, ratio: all !== 0 ? segment / all : undefined, effect: sd > 0 ? (segment - all) / sd : 0 };
    });
    const distinctions = comparisons
      .filter((c) => WORDS[c.key] !== undefined && Math.abs(c.effect) >= MIN_EFFECT)
      .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect))
      .slice(0, 3)
      .map((c) => ({ ...c, phrase: WORDS[c.key]!.phrase(c, c.effect > 0) }));
    const profile = Object.fromEntries(comparisons.map((c) => [c.key, c.segment]));
    cards.push({
      label,
      name: label === NOISE ? 'Unusual customers' : nameFor(distinctions, profile),
      description: sentence(distinctions, label === NOISE),
      customers: rows.length,
      shareOfCustomers: rows.length / n,
      revenue: segmentRevenue,
      shareOfRevenue: totalRevenue > 0 ? segmentRevenue / totalRevenue : 0,
      action: label === NOISE
        ? 'Look at them one by one: they fit no group, so no campaign suits them all; check for data errors and VIPs.'
        : suggestAction(comparisons),
      distinctions,
      profile,
    });
  }
  cards.sort((a, b) => (a.label === NOISE ? 1 : 0) - (b.label === NOISE ? 1 : 0) || b.customers - a.customers);
  makeNamesUnique(cards);
  return cards;
}

function columnStats(data: Float64Array, n: number, d: number): { means: Float64Array; sds: Float64Array } {
  const means = new Float64Array(d);
  const sds = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) means[j]! += data[i * d + j]!;
  for (let j = 0; j < d; j++) means[j]! /= n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const dev = data[i * d + j]! - means[j]!;
      sds[j]! += dev * dev;
    }
  }
  for (let j = 0; j < d; j++) sds[j] = Math.sqrt(sds[j]! / n);
  return { means, sds };
}

function sentence(distinctions: readonly Distinction[], noise: boolean): string {
  const lead = noise ? 'Customers unlike any group' : '';
  if (distinctions.length === 0) return noise ? `${lead}, though close to average on the whole.` : 'Close to the average customer on every measure.';
  const parts = distinctions.map((d) => d.phrase);
  const body = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
  const text = noise ? `${lead}: ${body}.` : `${body}.`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Frequent mobile big-basket buyers": adjectives of the top features, in reading order, and a noun. */
function nameFor(distinctions: readonly Distinction[], profile: Record<string, number>): string {
  const adjectives = distinctions
    .map((d) => ({ word: WORDS[d.key]!.adjective(d.effect > 0), slot: WORDS[d.key]!.slot }))
    .filter((a): a is { word: string; slot: number } => a.word !== undefined)
    // One word per slot (an "app mobile" name says the same thing twice), at most three in all.
    .filter((a, i, all) => all.findIndex((b) => b.slot === a.slot) === i)
    .slice(0, 3)
    .sort((a, b) => a.slot - b.slot)
    .map((a) => a.word);
  let noun = 'customers';
  const orders = profile['orders'];
  if (orders !== undefined && orders < 0.5) noun = 'browsers';
  else if (adjectives.includes('deal-seeking')) noun = 'bargain hunters';
  const words = [...new Set(adjectives.filter((w) => !(noun === 'bargain hunters' && w === 'deal-seeking')))];
  if (noun === 'browsers') {
    const i = words.indexOf('browsing');
    if (i >= 0) words.splice(i, 1);
  }
  const name = words.length === 0 && noun === 'customers' ? 'Mainstream customers' : [...words, noun].join(' ');
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Later cards with a name already taken get "(2)", "(3)"… */
function makeNamesUnique(cards: SegmentCard[]): void {
  const seen = new Map<string, number>();
  for (const card of cards) {
    const count = (seen.get(card.name) ?? 0) + 1;
    seen.set(card.name, count);
    if (count > 1) card.name = `${card.name} (${count})`;
  }
}

/**
 * A next step from the segment's profile, first rule that fits: convert browsers, win back the
 * lapsed (worth it when they spent well), reward the best, promote to deal seekers, onboard the
 * new, reach store shoppers between visits, lift small baskets, meet app users on the phone, else nurture.
 */
export function suggestAction(comparisons: readonly (Comparison & { key: string })[]): string {
  const get = (key: string) => comparisons.find((c) => c.key === key);
  const ratio = (key: string) => get(key)?.ratio ?? 1;
  const effect = (key: string) => get(key)?.effect ?? 0;
  const orders = get('orders')?.segment;
  if (orders !== undefined && orders < 0.5) {
    return 'Convert: remind them of what they browsed and offer a small first-order incentive.';
  }
  if (effect('recency_days') >= 0.5) {
    return ratio('revenue') >= 1.2
      ? 'Win back: a personal re-engagement offer now, before these valuable customers are gone for good.'
      : 'Win back cheaply: one reactivation e-mail with a reason to return, then stop spending on them.';
  }
  if (effect('orders') >= 0.5 && ratio('revenue') >= 1.5) {
    return 'Reward loyalty: VIP perks, early access and thank-you gifts; ask them for reviews and referrals.';
  }
  if (effect('coupon_share') >= 0.5) {
    return 'Promote smartly: targeted deals on what they look at, and bundles that lift the basket instead of blanket discounts.';
  }
  if (effect('tenure_days') <= -0.5 || (orders !== undefined && orders <= 1.3 && effect('recency_days') <= -0.25)) {
    return 'Onboard: a welcome series and a nudge toward the second purchase.';
  }
  if (effect('in_store_share') >= 0.5) {
    return 'Connect beyond the store: e-mail sign-up at the till and loyalty-card perks, so you can reach them between visits.';
  }
  if (ratio('aov') <= 0.75) {
    return 'Upsell: recommend complementary products and bundles to lift the basket.';
  }
  if (effect('mobile_share') >= 0.5) {
    return 'Meet them on the phone: app push and mobile-first offers with personalised picks.';
  }
  return 'Nurture: personalised recommendations in the regular newsletter.';
}
