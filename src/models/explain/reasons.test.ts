import { describe, expect, it } from 'vitest';
import { customerPhrase } from './customer-phrases.js';
import { occlusionContributions } from './occlusion.js';
import { topReasons, type FeatureValue } from './reasons.js';

describe('reasons in words', () => {
  it('ranks the features that pushed the score up, one-hot columns summed into their feature', () => {
    // Two rows, four columns (recency, returns, and the category one-hot twice), then the bias.
    const columns = ['recency_days', 'returns_last_90d', 'favourite_category', 'favourite_category'];
    const values = Float64Array.from([
      1.2, 0.4, 0.3, 0.5, -2,
      -0.7, 0.1, -0.2, 0, -2,
    ]);
    const raw: Record<string, FeatureValue>[] = [
      { recency_days: 45, returns_last_90d: 3, favourite_category: 'Shoes' },
      { recency_days: 2, returns_last_90d: 1, favourite_category: null },
    ];
    const reasons = topReasons({ values, rows: 2, cols: 4 }, columns, (r, f) => raw[r]![f] ?? null, (f, v) => customerPhrase(f, v));
    expect(reasons[0]!.map((r) => r.text)).toEqual(['no order in 45 days', 'mostly buys Shoes', '3 returns this quarter']);
    expect(reasons[0]![1]!.contribution).toBeCloseTo(0.8, 12);
    // Only what pushed the score up is a reason.
    expect(reasons[1]!.map((r) => r.text)).toEqual(['1 return this quarter']);
    expect(topReasons({ values, rows: 2, cols: 4 }, columns, () => null, (f) => f, { top: 1 })[0]!.map((r) => r.feature)).toEqual(['recency_days']);
  });

  it('says what a value is, a missing value included', () => {
    expect(customerPhrase('visit_recency_days', 45)).toBe('no visit in 45 days');
    expect(customerPhrase('recency_days', 3)).toBe('ordered 3 days ago');
    expect(customerPhrase('spend_vs_usual', -0.4)).toBe('spent 40% less than usual this quarter');
    expect(customerPhrase('spend_vs_usual', 0.25)).toBe('spent 25% more than usual this quarter');
    expect(customerPhrase('recency_days', null)).toBe('has never ordered');
    expect(customerPhrase('order_share_web', Number.NaN)).toBe('has never ordered');
    expect(customerPhrase('has_repeat_purchase', false)).toBe('never bought a second time');
    expect(customerPhrase('frequency', 1)).toBe('only one order so far');
    expect(customerPhrase('cart_abandonment_rate', 0.6)).toBe('left 60% of carts without buying');
    expect(customerPhrase('mystery', 2.345, () => 'a thing')).toBe('a thing: 2.35');
    expect(customerPhrase('mystery_score', 1)).toBe('mystery score 1');
  });
});

describe('occlusion contributions', () => {
  it('give each column its effect against the column mean, for a model without exact ones', () => {
    // margin = 2·a − b·c: rows (1, 0, 0), (3, 2, 1); means (2, 1, 0.5).
    const margins = (x: { data: Float64Array; rows: number; cols: number }) =>
      Float64Array.from({ length: x.rows }, (_, r) => 2 * x.data[r * 3]! - x.data[r * 3 + 1]! * x.data[r * 3 + 2]!);
    const c = occlusionContributions(margins, { data: Float64Array.from([1, 0, 0, 3, 2, 1]), rows: 2, cols: 3 });
    // Row 0: margin 2; a at 2 → 4 (effect −2); b at 1 → 2 (0); c at 0.5 → 2 (0). Bias slot: margin at the means = 4 − 0.5.
    expect(Array.from(c.values.slice(0, 4))).toEqual([-2, 0, 0, 3.5]);
    // Row 1: margin 4; a at 2 → 2 (+2); b at 1 → 5 (−1); c at 0.5 → 5 (−1).
    expect(Array.from(c.values.slice(4, 8))).toEqual([2, -1, -1, 3.5]);
  });
});

describe('reasons that say the same thing', () => {
  it('are one reason, with the contributions summed', () => {
    const columns = ['event_share_web', 'event_share_mobile', 'recency_days'];
    const values = Float64Array.from([0.3, 0.2, 0.4, 0]);
    const reasons = topReasons({ values, rows: 1, cols: 3 }, columns, (_r, f) => (f === 'recency_days' ? 60 : null), (f, v) => customerPhrase(f, v), { top: 2 });
    expect(reasons[0]!.map((r) => [r.text, +r.contribution.toFixed(6)])).toEqual([['no web or app activity', 0.5], ['no order in 60 days', 0.4]]);
    expect(customerPhrase('event_share_mobile', 0)).toBe('never uses the app');
    expect(customerPhrase('order_share_web', 1)).toBe('all orders on the website');
  });
});
