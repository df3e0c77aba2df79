import { describe, expect, it } from 'vitest';
import { silhouette } from './silhouette.js';

describe('silhouette', () => {
  it('is exact on a small case', () => {
    const data = Float64Array.from([0, 1, 10, 11]);
    const labels = Int32Array.from([0, 0, 1, 1]);
    const expected = (1 - 1 / 10.5 + (1 - 1 / 9.5)) / 2;
    expect(silhouette(data, 4, 1, labels, 2)).toBeCloseTo(expected, 12);
  });

  it('scores a singleton 0 and a misplaced row below 0', () => {
    const data = Float64Array.from([0, 1, 10, 11, 50]);
    const good = silhouette(data, 5, 1, Int32Array.from([0, 0, 1, 1, 2]), 3);
    const bad = silhouette(data, 5, 1, Int32Array.from([0, 1, 1, 1, 2]), 3);
    expect(bad).toBeLessThan(good);
  });

  it('samples deterministically above the sample size', () => {
    const n = 500;
    const data = new Float64Array(n);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i % 2;
      data[i] = (i % 2) * 10 + (i % 13) / 13;
    }
    const a = silhouette(data, n, 1, labels, 2, { sample: 50, seed: 3 });
    expect(silhouette(data, n, 1, labels, 2, { sample: 50, seed: 3 })).toBe(a);
    expect(a).toBeGreaterThan(0.8);
  });

  it('rejects one cluster and labels out of range', () => {
    const data = Float64Array.from([0, 1, 2]);
    expect(() => silhouette(data, 3, 1, Int32Array.from([0, 0, 0]), 2)).toThrow(/at least two clusters/);
    expect(() => silhouette(data, 3, 1, Int32Array.from([0, 1, 2]), 2)).toThrow(/outside 0..1/);
    expect(() => silhouette(data, 3, 1, Int32Array.from([0, 1]), 2)).toThrow(/one label per row/);
  });
});
