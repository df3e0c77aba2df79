import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../models/prng.js';
import { invertSpd } from './dense-inverse.js';
import { buildInteractions, hasItem, itemUserCounts, transpose } from './matrix.js';
import { topK } from './top-k.js';

describe('interaction matrix', () => {
  const m = buildInteractions(Int32Array.of(0, 1, 0, 2, 0), Int32Array.of(2, 0, 1, 2, 2), Float64Array.of(1, 5, 2, 1, 3), 3, 3);
  it('sorts rows by item and sums duplicate pairs', () => {
    expect(Array.from(m.indptr)).toEqual([0, 2, 3, 4]);
    expect(Array.from(m.indices)).toEqual([1, 2, 0, 2]);
    expect(Array.from(m.values)).toEqual([2, 4, 5, 1]);
    expect(hasItem(m, 0, 2)).toBe(true);
    expect(hasItem(m, 1, 2)).toBe(false);
  });
  it('transposes and counts distinct users per item', () => {
    const t = transpose(m);
    expect(Array.from(t.indptr)).toEqual([0, 1, 2, 4]);
    expect(Array.from(t.indices)).toEqual([1, 0, 0, 2]);
    expect(Array.from(itemUserCounts(m))).toEqual([1, 1, 2]);
  });
  it('names the entry of an out-of-range id', () => {
    expect(() => buildInteractions(Int32Array.of(0, 4), Int32Array.of(0, 0), undefined, 3, 1)).toThrow(/user 4 at entry 1/);
  });
});

describe('topK', () => {
  it('returns the best k, ties to the lower index, skipping what it is told to', () => {
    const s = Float64Array.of(0.5, 0.9, 0.1, 0.9, 0.7, NaN);
    expect(Array.from(topK(s, 3))).toEqual([1, 3, 4]);
    expect(Array.from(topK(s, 3, (i) => i === 1))).toEqual([3, 4, 0]);
    expect(Array.from(topK(s, 10))).toEqual([1, 3, 4, 0, 2]);
  });
});

describe('invertSpd', () => {
  it('inverts a random symmetric positive-definite matrix', () => {
    const n = 12;
    const r = mulberry32(3);
    const b = Float64Array.from({ length: n * n }, () => r() - 0.5);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = i === j ? 0.5 : 0;
      for (let k = 0; k < n; k++) s += b[i * n + k]! * b[j * n + k]!;
      a[i * n + j] = s;
    }
    const inv = invertSpd(a, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k]! * inv[k * n + j]!;
      expect(s).toBeCloseTo(i === j ? 1 : 0, 9);
    }
  });
  it('refuses a matrix that is not positive definite', () => {
    expect(() => invertSpd(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/not positive definite/);
  });
});
