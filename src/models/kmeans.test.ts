import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from './ari.js';
import { chooseK } from './choose-k.js';
import { kmeans } from './kmeans.js';
import { gaussian, mulberry32 } from './prng.js';

/** Well-separated Gaussian blobs: centres 10 apart on a grid, sd 0.5. */
function blobs(k: number, perBlob: number, d: number, seed: number): { data: Float64Array; truth: Int32Array; n: number } {
  const random = mulberry32(seed);
  const n = k * perBlob;
  const data = new Float64Array(n * d);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k; // interleaved, so cluster ids cannot follow row order
    truth[i] = c;
    for (let j = 0; j < d; j++) {
      const centre = j === c % d ? 10 * (1 + Math.floor(c / d)) : 0;
      data[i * d + j] = centre + 0.5 * gaussian(random);
    }
  }
  return { data, truth, n };
}

describe('kmeans', () => {
  it('recovers well-separated blobs exactly', () => {
    const { data, truth, n } = blobs(5, 80, 3, 1);
    const fit = kmeans(data, n, 3, { k: 5, seed: 7 });
    expect(adjustedRandIndex(fit.labels, truth)).toBe(1);
    expect(fit.converged).toBe(true);
    expect(fit.centroids.length).toBe(15);
    expect(fit.labels.length).toBe(n);
  });

  it('never increases inertia across Lloyd iterations', () => {
    // Overlapping blobs and a k that does not match them make Lloyd take many steps.
    const random = mulberry32(3);
    const n = 3000;
    const d = 4;
    const data = new Float64Array(n * d);
    for (let i = 0; i < data.length; i++) data[i] = gaussian(random) + (i % 7 === 0 ? 2 : 0);
    for (const seed of [1, 2, 3]) {
      const fit = kmeans(data, n, d, { k: 9, restarts: 1, seed, tolerance: 0 });
      expect(fit.history.length).toBe(fit.iterations + 1);
      expect(fit.iterations).toBeGreaterThan(3);
      for (let t = 1; t < fit.history.length; t++) {
        expect(fit.history[t]!).toBeLessThanOrEqual(fit.history[t - 1]! * (1 + 1e-12));
      }
      expect(fit.inertia).toBe(fit.history[fit.history.length - 1]);
    }
  });

  it('gives the same result for the same seed', () => {
    const random = mulberry32(11);
    const n = 1000;
    const d = 3;
    const data = new Float64Array(n * d);
    for (let i = 0; i < data.length; i++) data[i] = gaussian(random);
    const a = kmeans(data, n, d, { k: 6, seed: 42 });
    const b = kmeans(data, n, d, { k: 6, seed: 42 });
    expect(b.labels).toEqual(a.labels);
    expect(b.centroids).toEqual(a.centroids);
    expect(b.inertia).toBe(a.inertia);
    expect(b.iterations).toBe(a.iterations);
  });

  it('refills an empty cluster from the farthest row', () => {
    // Two starting centres far from every row: the first assignment leaves both empty.
    const data = Float64Array.from([0, 1, 2, 10, 11, 12]);
    const fit = kmeans(data, 6, 1, { k: 3, initialCentroids: Float64Array.from([100, 101, 1]) });
    expect(new Set(fit.labels).size).toBe(3);
    for (const c of fit.centroids) expect(Number.isFinite(c)).toBe(true);
    for (let t = 1; t < fit.history.length; t++) expect(fit.history[t]!).toBeLessThanOrEqual(fit.history[t - 1]!);
    expect(fit.history[0]).toBeGreaterThan(fit.inertia);
  });

  it('rejects k above the number of distinct rows', () => {
    const data = Float64Array.from([0, 0, 0, 0, 9, 20, 20]);
    expect(() => kmeans(data, 7, 1, { k: 4 })).toThrow(/only 3 distinct rows, fewer than k=4/);
    expect(kmeans(data, 7, 1, { k: 3 }).inertia).toBe(0);
  });

  it('handles k = n and k = 1', () => {
    const data = Float64Array.from([1, 2, 3, 10]);
    expect(kmeans(data, 4, 1, { k: 4 }).inertia).toBe(0);
    const one = kmeans(data, 4, 1, { k: 1 });
    expect(one.centroids[0]).toBe(4);
    expect(one.inertia).toBeCloseTo(9 + 4 + 1 + 36, 12);
  });

  it('rejects bad input with a RangeError that says what to do', () => {
    const data = Float64Array.from([1, 2, 3, 4]);
    expect(() => kmeans(data, 4, 1, { k: 5 })).toThrow(RangeError);
    expect(() => kmeans(data, 4, 1, { k: 5 })).toThrow(/k=5 is more than the 4 rows/);
    expect(() => kmeans(new Float64Array(0), 0, 1, { k: 1 })).toThrow(/at least one row/);
    expect(() => kmeans(new Float64Array(0), 4, 0, { k: 1 })).toThrow(/at least one feature/);
    expect(() => kmeans(Float64Array.from([1, NaN, 3, 4]), 4, 1, { k: 2 })).toThrow(/row 1, column 0 is not a finite number/);
    expect(() => kmeans(Float64Array.from([1, Infinity]), 2, 1, { k: 1 })).toThrow(RangeError);
    expect(() => kmeans(data, 2, 1, { k: 1 })).toThrow(/row-major/);
    expect(() => kmeans(data, 4, 1, { k: 0 })).toThrow(RangeError);
    expect(() => kmeans(data, 4, 1, { k: 2, restarts: 0 })).toThrow(RangeError);
  });
});

describe('chooseK', () => {
  it('picks the true k on blobs, by silhouette and by elbow', () => {
    const { data, n } = blobs(4, 60, 2, 5);
    const result = chooseK(data, n, 2, { seed: 1, restarts: 3 });
    expect(result.bestK).toBe(4);
    expect(result.elbowK).toBe(4);
    expect(result.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(result.best.centroids.length).toBe(8);
  });

  it('lowers kMax on small data and rejects data too small to score', () => {
    const data = Float64Array.from([0, 0.1, 5, 5.1]);
    expect(chooseK(data, 4, 1).scores.map((s) => s.k)).toEqual([2, 3]);
    expect(() => chooseK(Float64Array.from([0, 1]), 2, 1)).toThrow(/too few/);
    expect(() => chooseK(data, 4, 1, { kMin: 1 })).toThrow(RangeError);
  });
});
