import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../prng.js';
import { applyBinner, fitBinner, MISSING_BIN } from './binning.js';

const all = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => i);

describe('binning', () => {
  it('puts edges midway between distinct values when there are few, and a value in the bin of the first edge ≥ it', () => {
    const data = Float64Array.from([3, 1, NaN, 2, 2, 1]);
    const x = { data, rows: 6, cols: 1 };
    const binner = fitBinner(x, all(6), 255, 1000, mulberry32(1), ['plan']);
    expect(Array.from(binner.edges[0]!)).toEqual([1.5, 2.5]);
    const { bins, hasMissing } = applyBinner(binner, x, null, ['plan']);
    expect(Array.from(bins)).toEqual([2, 0, MISSING_BIN, 1, 1, 0]);
    expect(hasMissing[0]).toBe(1);
  });

  it('uses at most maxBins quantile bins of about equal size on many distinct values', () => {
    const n = 10_000;
    const random = mulberry32(2);
    const data = Float64Array.from({ length: n }, () => random() ** 3);
    const x = { data, rows: n, cols: 1 };
    const binner = fitBinner(x, all(n), 16, 200_000, random, ['spend']);
    expect(binner.edges[0]!.length).toBe(15);
    const { bins } = applyBinner(binner, x, null, ['spend']);
    const counts = new Array<number>(16).fill(0);
    for (const b of bins) counts[b]!++;
    for (const c of counts) expect(Math.abs(c - n / 16)).toBeLessThan(n / 160);
    const edges = binner.edges[0]!;
    bins.forEach((b, i) => {
      if (b > 0) expect(data[i]!).toBeGreaterThan(edges[b - 1]!);
      if (b < 15) expect(data[i]!).toBeLessThanOrEqual(edges[b]!);
    });
  });

  it('bins a subset of rows in their order', () => {
    const data = Float64Array.from([0, 10, 1, 11, 2, 12]);
    const x = { data, rows: 3, cols: 2 };
    const binner = fitBinner(x, all(3), 255, 1000, mulberry32(1), ['a', 'b']);
    expect(Array.from(applyBinner(binner, x, Uint32Array.from([2, 0]), ['a', 'b']).bins)).toEqual([2, 0, 2, 0]);
  });
});
