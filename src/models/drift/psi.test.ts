import { describe, expect, it } from 'vitest';
import { numericReference, numericShares, psi, psiAgainst, quantileEdges, textReference } from './psi.js';

describe('population stability index', () => {
  it('matches a hand-worked example', () => {
    // (0.25 − 0.5)·ln(0.25/0.5) + (0.75 − 0.5)·ln(0.75/0.5) = 0.25·0.693147 + 0.25·0.405465
    expect(psi([0.5, 0.5], [0.25, 0.75])).toBeCloseTo(0.274653, 6);
    expect(psi([0.2, 0.3, 0.5], [0.2, 0.3, 0.5])).toBe(0);
  });

  it('floors an empty bin instead of going infinite', () => {
    // (0.5 − 1)·ln(0.5/1) + (0.5 − 0.0001)·ln(0.5/0.0001)
    expect(psi([1, 0], [0.5, 0.5])).toBeCloseTo(0.5 * Math.LN2 + 0.4999 * Math.log(5000), 6);
  });

  it('cuts a numeric reference at its quantiles, closed on the right, with a missing bin', () => {
    expect(quantileEdges([4, 1, 3, 2], 2)).toEqual([2]);
    // Ties merge bins: mostly zeros give one cut.
    expect(quantileEdges([0, 0, 0, 0, 0, 0, 0, 1, 2, 3], 10)).toEqual([0, 1, 2]);
    expect(numericShares([1, 2, 3, 4], [2])).toEqual([0.5, 0.5, 0]);
    const ref = numericReference([1, 2, 3, 4], 2);
    expect(ref).toEqual({ kind: 'number', edges: [2], shares: [0.5, 0.5, 0], rows: 4 });
    // Today: 1 | 3, 4 | NaN → shares 0.25, 0.5, 0.25:
    // (0.25 − 0.5)·ln(0.25/0.5) + 0 + (0.25 − 0.0001)·ln(0.25/0.0001) = 0.173287 + 1.955229
    expect(psiAgainst(ref, [1, 3, 4, Number.NaN])).toBeCloseTo(2.128516, 5);
    expect(psiAgainst(ref, [2, 1, 4, 3])).toBe(0);
  });

  it('keeps the commonest text values and counts the rest as other', () => {
    const ref = textReference(['a', 'a', 'b', 'c', null], 2);
    expect(ref.levels).toEqual(['a', 'b']);
    expect(ref.shares).toEqual([0.4, 0.2, 0.2, 0.2]);
    // Today: a, a, d, d → 0.5, 0, 0.5, 0.
    const expected = (0.5 - 0.4) * Math.log(0.5 / 0.4) + (0.0001 - 0.2) * Math.log(0.0001 / 0.2) + (0.5 - 0.2) * Math.log(0.5 / 0.2) + (0.0001 - 0.2) * Math.log(0.0001 / 0.2);
    expect(psiAgainst(ref, ['a', 'a', 'd', 'd'])).toBeCloseTo(expected, 10);
  });

  it('grows as a distribution shifts', () => {
    const base = Float64Array.from({ length: 1000 }, (_, i) => i / 1000);
    const ref = numericReference(base);
    const small = psiAgainst(ref, base.map((v) => v + 0.02));
    const large = psiAgainst(ref, base.map((v) => v + 0.3));
    expect(small).toBeLessThan(0.1);
    expect(large).toBeGreaterThan(0.2);
  });
});
