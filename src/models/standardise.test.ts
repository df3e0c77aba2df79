import { describe, expect, it } from 'vitest';
import { applyScaling, standardise } from './standardise.js';

describe('standardise', () => {
  it('gives each column mean 0 and sd 1, and a constant column zeros', () => {
    const data = Float64Array.from([1, 5, 7, 3, 5, 7, 5, 5, 7]);
    const s = standardise(data, 3, 3);
    expect(Array.from(s.means)).toEqual([3, 5, 7]);
    expect(s.sds[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(s.sds[1]).toBe(1);
    expect(s.data[0]).toBeCloseTo(-2 / Math.sqrt(8 / 3), 12);
    expect(s.data[1]).toBe(0);
  });

  it('takes log1p first where asked, and transforms new points the same way', () => {
    const data = Float64Array.from([0, 1, 9, 2, 99, 3]);
    const s = standardise(data, 3, 2, { log: [true, false] });
    expect(s.means[0]).toBeCloseTo((0 + Math.log(10) + Math.log(100)) / 3, 12);
    const again = applyScaling(data, 3, s);
    for (let i = 0; i < 6; i++) expect(again[i]).toBeCloseTo(s.data[i]!, 12);
  });

  it('rejects NaN, log of values ≤ −1, and a wrong number of log flags', () => {
    expect(() => standardise(Float64Array.from([NaN]), 1, 1)).toThrow(RangeError);
    expect(() => standardise(Float64Array.from([-1]), 1, 1, { log: [true] })).toThrow(/turn off log/);
    expect(() => standardise(Float64Array.from([1, 2]), 1, 2, { log: [true] })).toThrow(/one per column/);
  });
});
