import { describe, expect, it } from 'vitest';
import { stratifiedSplit, takeRows } from './split.js';

describe('stratifiedSplit', () => {
  const y = new Uint8Array(100);
  for (let i = 0; i < 30; i++) y[i * 3] = 1; // 30 positives, 70 negatives

  it('keeps each class share and covers every row once', () => {
    const { train, test } = stratifiedSplit(y, 0.2, 7);
    expect(test.length).toBe(20);
    expect(train.length).toBe(80);
    expect(Array.from(test).filter((i) => y[i] === 1).length).toBe(6);
    const all = [...train, ...test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(test)).toEqual([...test].sort((a, b) => a - b));
  });
  it('is deterministic for a seed and changes with it', () => {
    expect(stratifiedSplit(y, 0.2, 7)).toEqual(stratifiedSplit(y, 0.2, 7));
    expect(stratifiedSplit(y, 0.2, 8).test).not.toEqual(stratifiedSplit(y, 0.2, 7).test);
  });
  it('puts one of a rare class on each side', () => {
    const rare = new Uint8Array(10);
    rare[4] = 1;
    rare[9] = 1;
    const { train, test } = stratifiedSplit(rare, 0.1, 1);
    expect(Array.from(test).filter((i) => rare[i] === 1).length).toBe(1);
    expect(Array.from(train).filter((i) => rare[i] === 1).length).toBe(1);
  });
  it('refuses a bad fraction and too few rows', () => {
    expect(() => stratifiedSplit(y, 1, 0)).toThrow(/strictly between 0 and 1/);
    expect(() => stratifiedSplit(Uint8Array.from([1]), 0.2, 0)).toThrow(/too few to split/);
    expect(() => stratifiedSplit(new Uint8Array(0), 0.2, 0)).toThrow(RangeError);
  });
});

describe('takeRows', () => {
  it('takes features and labels of the given rows in order', () => {
    const set = { x: { data: Float64Array.from([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2 }, y: Uint8Array.from([0, 1, 0]), names: ['a', 'b'] };
    const taken = takeRows(set, Int32Array.from([2, 1]));
    expect(Array.from(taken.x.data)).toEqual([5, 6, 3, 4]);
    expect(Array.from(taken.y)).toEqual([0, 1]);
    expect(() => takeRows(set, [3])).toThrow(/row 3 does not exist/);
  });
});
