import { describe, expect, it } from 'vitest';
import { journeysFromPaths, type JourneyPath } from './journeys.js';
import { shapleyAttribution } from './shapley.js';

/** Zhao et al. (2018)'s simplified Shapley value: Σ over channel sets T ∋ j of R(T)/|T|. */
function simplifiedShapley(paths: readonly JourneyPath[], channels: readonly string[]): number[] {
  const out = channels.map(() => 0);
  for (const p of paths) {
    if (!p.conversions || p.path.length === 0) continue;
    const set = [...new Set(p.path)];
    for (const c of set) out[channels.indexOf(c)]! += p.conversions / set.length;
  }
  return out;
}

/** A small deterministic generator (mulberry32) for random journeys. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Shapley attribution (exact over coalitions, Zhao et al. 2018 game)', () => {
  it('worked by hand: {a,b} 2, {a} 1, {b} 1, {a,c} 1 → a 2.5, b 2, c 0.5', () => {
    // v({a}) = 1, v({b}) = 1, v({a,b}) = 4, v({a,c}) = 2, v({c}) = 0, v(N) = 5.
    // φ_a = 1/3·1 + 1/6·(4−1) + 1/6·(2−0) + 1/3·(5−1) = 2.5 (and likewise b = 2, c = 0.5).
    const r = shapleyAttribution(journeysFromPaths([
      { path: ['a', 'b'], conversions: 2, value: 20 },
      { path: ['a'], conversions: 1, value: 10 },
      { path: ['b', 'b'], conversions: 1, value: 10 },
      { path: ['c', 'a', 'c'], conversions: 1, value: 30 },
      { path: ['c', 'b'], nulls: 4 },
    ], ['a', 'b', 'c']));
    expect([...r.conversions].map((x) => +x.toFixed(12))).toEqual([2.5, 2, 0.5]);
    expect([...r.value].map((x) => +x.toFixed(9))).toEqual([35, 20, 15]);
    expect(r.players).toBe(3);
  });

  const channels = ['direct', 'organic_search', 'paid_search', 'social', 'paid_social', 'email', 'referral', 'affiliate', 'in_store'];
  const random = rng(42);
  const paths: JourneyPath[] = Array.from({ length: 3000 }, () => {
    const len = 1 + Math.floor(random() * 5);
    const path = Array.from({ length: len }, () => channels[Math.floor(random() ** 1.5 * channels.length)]!);
    const converts = random() < 0.3;
    return { path, conversions: converts ? 1 : 0, value: converts ? Math.round(random() * 200) : 0, nulls: converts ? 0 : 1 };
  });
  const journeys = journeysFromPaths(paths, channels);
  const r = shapleyAttribution(journeys);
  const totalConversions = paths.reduce((s, p) => s + (p.conversions ?? 0), 0);
  const totalValue = paths.reduce((s, p) => s + (p.value ?? 0), 0);

  it('efficiency: the credit sums to the conversions and the value (3000 random journeys, 9 channels)', () => {
    expect(r.players).toBe(9);
    expect(r.coalitions).toBe(512);
    expect([...r.conversions].reduce((s, x) => s + x, 0)).toBeCloseTo(totalConversions, 9);
    expect([...r.value].reduce((s, x) => s + x, 0)).toBeCloseTo(totalValue, 6);
  });

  it('equals the simplified (closed-form) Shapley value of Zhao et al.', () => {
    const closed = simplifiedShapley(paths, channels);
    closed.forEach((x, c) => expect(r.conversions[c]!).toBeCloseTo(x, 9));
  });

  it('symmetry: two channels that always appear together, in mirrored journeys, get the same credit', () => {
    const mirrored = shapleyAttribution(journeysFromPaths([
      { path: ['x', 'y'], conversions: 3 },
      { path: ['x', 'z'], conversions: 2 },
      { path: ['y', 'z'], conversions: 2 },
      { path: ['z'], conversions: 1 },
      { path: ['y', 'x', 'x'], conversions: 1 },
    ], ['x', 'y', 'z']));
    expect(mirrored.conversions[0]).toBeCloseTo(mirrored.conversions[1]!, 12);
    expect([...mirrored.conversions].reduce((s, x) => s + x, 0)).toBeCloseTo(9, 12);
  });

  it('a channel seen only in journeys that did not convert is a null player (0)', () => {
    const withNull = shapleyAttribution(journeysFromPaths([
      { path: ['a'], conversions: 1 },
      { path: ['b', 'a'], nulls: 5 },
    ], ['a', 'b']));
    expect([...withNull.conversions]).toEqual([1, 0]);
    expect(withNull.players).toBe(1);
  });

  it('no conversions: all zero, no NaN', () => {
    const none = shapleyAttribution(journeysFromPaths([{ path: ['a', 'b'], nulls: 1 }]));
    expect([...none.conversions, ...none.value]).toEqual([0, 0, 0, 0]);
  });
});
