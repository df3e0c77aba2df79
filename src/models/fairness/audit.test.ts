import { describe, expect, it } from 'vitest';
import { audit, MISSING_GROUP } from './audit.js';

const u8 = (xs: number[]): Uint8Array => Uint8Array.from(xs);

describe('audit', () => {
  it('works out the hand-worked example', () => {
    // A: 6 rows, actual 1 1 0 0 0 0, chosen 1 0 1 0 0 0 → selection 2/6, TPR 1/2, FPR 1/4.
    // B: 4 rows, actual 1 0 0 0,     chosen 1 1 1 0     → selection 3/4, TPR 1,   FPR 2/3.
    const yTrue = u8([1, 1, 0, 0, 0, 0, 1, 0, 0, 0]);
    const yPred = u8([1, 0, 1, 0, 0, 0, 1, 1, 1, 0]);
    const groups = ['A', 'A', 'A', 'A', 'A', 'A', 'B', 'B', 'B', 'B'];
    const a = audit(yTrue, yPred, groups, 'region');
    expect(a.attribute).toBe('region');
    expect(a.groups.map((g) => g.group)).toEqual(['A', 'B']);
    const [ga, gb] = a.groups as [(typeof a.groups)[0], (typeof a.groups)[0]];
    expect(ga).toMatchObject({ count: 6, positives: 2, selected: 2, truePositiveRate: 0.5, falsePositiveRate: 0.25 });
    expect(ga.selectionRate).toBeCloseTo(1 / 3, 12);
    expect(ga.positiveRate).toBeCloseTo(1 / 3, 12);
    expect(gb).toMatchObject({ count: 4, positives: 1, selected: 3, selectionRate: 0.75, truePositiveRate: 1, positiveRate: 0.25 });
    expect(gb.falsePositiveRate).toBeCloseTo(2 / 3, 12);
    expect(a.demographicParityDifference).toBeCloseTo(0.75 - 1 / 3, 12);
    expect(a.equalOpportunityDifference).toBeCloseTo(0.5, 12);
    expect(a.falsePositiveRateDifference).toBeCloseTo(2 / 3 - 1 / 4, 12);
    expect(a.disparateImpactRatio).toBeCloseTo(4 / 9, 12);
    expect(a.failsFourFifths).toBe(true);
  });

  it('passes the four-fifths rule at exactly 80 %', () => {
    // X selects 4 of 10, Y 5 of 10: 0.4 / 0.5 = 0.8, not below it.
    const groups = [...Array<string>(10).fill('X'), ...Array<string>(10).fill('Y')];
    const yPred = u8([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
    const yTrue = u8(Array.from({ length: 20 }, (_, i) => i % 2));
    const a = audit(yTrue, yPred, groups);
    expect(a.disparateImpactRatio).toBeCloseTo(0.8, 12);
    expect(a.failsFourFifths).toBe(false);
    expect(a.demographicParityDifference).toBeCloseTo(0.1, 12);
  });

  it('gives null rates to a group without positives and pools missing labels', () => {
    const a = audit(u8([0, 0, 1, 1]), u8([1, 0, 1, 0]), ['P', 'P', null, ' ']);
    const p = a.groups.find((g) => g.group === 'P')!;
    const missing = a.groups.find((g) => g.group === MISSING_GROUP)!;
    expect(p.truePositiveRate).toBeNull();
    expect(p.falsePositiveRate).toBe(0.5);
    expect(missing).toMatchObject({ count: 2, positives: 2, truePositiveRate: 0.5, falsePositiveRate: null });
    // Only one group has positives, one has negatives: no difference to speak of.
    expect(a.equalOpportunityDifference).toBeNull();
    expect(a.falsePositiveRateDifference).toBeNull();
    expect(a.disparateImpactRatio).toBe(1);
  });

  it('treats a model that selects nobody as not failing the ratio', () => {
    const a = audit(u8([1, 0, 1, 0]), u8([0, 0, 0, 0]), ['a', 'a', 'b', 'b']);
    expect(a.disparateImpactRatio).toBe(1);
    expect(a.demographicParityDifference).toBe(0);
    expect(a.equalOpportunityDifference).toBe(0);
  });

  it('refuses arrays of different lengths', () => {
    expect(() => audit(u8([1]), u8([1, 0]), ['a'])).toThrow(/one of each per row/);
  });
});
