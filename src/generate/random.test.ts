import { describe, expect, it } from 'vitest';
import { Rng } from './random.js';

function mean(draw: () => number, n = 20_000): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += draw();
  return sum / n;
}

describe('Rng', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(xs);
  });

  it('forks independent, reproducible streams', () => {
    const one = new Rng(1).fork('people').next();
    expect(new Rng(1).fork('people').next()).toBe(one);
    expect(new Rng(1).fork('events').next()).not.toBe(one);
  });

  it('draws with the right means', () => {
    const rng = new Rng('means');
    expect(mean(() => rng.next())).toBeCloseTo(0.5, 1);
    expect(mean(() => rng.normal(3, 2))).toBeCloseTo(3, 1);
    expect(mean(() => rng.gamma(2, 1.5))).toBeCloseTo(3, 1);
    expect(mean(() => rng.gamma(0.5, 2))).toBeCloseTo(1, 1);
    expect(mean(() => rng.beta(2, 6))).toBeCloseTo(0.25, 1);
    expect(mean(() => rng.poisson(3.5))).toBeCloseTo(3.5, 1);
    expect(mean(() => rng.geometric(0.25))).toBeCloseTo(3, 0);
    expect(mean(() => rng.exponential(4))).toBeCloseTo(0.25, 1);
  });

  it('draws weighted indices in proportion', () => {
    const rng = new Rng('weights');
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[rng.weightedIndex([1, 2, 0])]!++;
    expect(counts[2]).toBe(0);
    expect(counts[1]! / counts[0]!).toBeCloseTo(2, 0);
  });

  it('makes version-4 UUIDs', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 100; i++) expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
