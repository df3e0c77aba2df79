import { describe, expect, it } from 'vitest';
import { attribute } from './attribute.js';
import { firstTouch, lastTouch, linear, positionBased, timeDecay } from './heuristics.js';
import { AttributionInputError, journeysFromPaths } from './journeys.js';

/**
 * Five journeys over channels a, b, c, with ages (days before the order) that are whole
 * multiples of the 7-day half-life so that the time-decay weights are 1, 1/2, 1/4.
 */
const journeys = journeysFromPaths(
  [
    { path: ['a', 'b', 'c'], conversions: 1, value: 100, ages: [14, 7, 0] },
    { path: ['b'], conversions: 1, value: 50, ages: [0] },
    { path: ['a', 'b'], conversions: 2, value: 60, ages: [7, 0] },
    { path: ['c', 'a'], nulls: 1, ages: [3, 0] }, // no conversion: credits nothing
    { path: ['a', 'c', 'b', 'a'], conversions: 1, value: 40, ages: [14, 7, 7, 0] },
    { path: [], conversions: 1, value: 9 }, // an order without touches: nobody's credit
  ],
  ['a', 'b', 'c'],
);
const of = (credit: { conversions: Float64Array; value: Float64Array }) => ({ conversions: [...credit.conversions], value: [...credit.value] });

describe('heuristic attribution on hand-worked journeys', () => {
  it('first touch: a opens journeys 1, 3 (twice) and 5; b opens journey 2', () => {
    const r = of(firstTouch(journeys));
    expect(r.conversions).toEqual([4, 1, 0]);
    expect(r.value).toEqual([200, 50, 0]);
  });

  it('last touch: c closes journey 1, b journeys 2 and 3, a journey 5', () => {
    const r = of(lastTouch(journeys));
    expect(r.conversions).toEqual([1, 3, 1]);
    expect(r.value).toEqual([40, 110, 100]);
  });

  it('linear: a third each in journey 1, halves in journey 3, quarters in journey 5 (a twice)', () => {
    const r = of(linear(journeys));
    // a = 1/3 + 2·1/2 + 2/4, b = 1/3 + 1 + 2·1/2 + 1/4, c = 1/3 + 1/4
    expect(r.conversions[0]).toBeCloseTo(1 / 3 + 1 + 0.5, 12);
    expect(r.conversions[1]).toBeCloseTo(1 / 3 + 1 + 1 + 0.25, 12);
    expect(r.conversions[2]).toBeCloseTo(1 / 3 + 0.25, 12);
    expect(r.value[0]).toBeCloseTo(100 / 3 + 30 + 20, 9);
    expect(r.value[1]).toBeCloseTo(100 / 3 + 50 + 30 + 10, 9);
    expect(r.value[2]).toBeCloseTo(100 / 3 + 10, 9);
  });

  it('position-based 40/20/40: 40 % to each end, 20 % to the middle, halves for two touches', () => {
    const r = of(positionBased(journeys));
    // a = 0.4 + 2·0.5 + (0.4 + 0.4), b = 0.2 + 1 + 2·0.5 + 0.1, c = 0.4 + 0.1
    expect(r.conversions[0]).toBeCloseTo(2.2, 12);
    expect(r.conversions[1]).toBeCloseTo(2.3, 12);
    expect(r.conversions[2]).toBeCloseTo(0.5, 12);
    expect(r.value[0]).toBeCloseTo(40 + 30 + 32, 9);
    expect(r.value[1]).toBeCloseTo(20 + 50 + 30 + 4, 9);
    expect(r.value[2]).toBeCloseTo(40 + 4, 9);
  });

  it('time decay, half-life 7 days: weights 1/4, 1/2, 1 by age, normalised per journey', () => {
    const r = of(timeDecay(journeys, 7));
    // Journey 1: (1/4, 1/2, 1)/1.75; journey 3: (1/2, 1)/1.5 of 2; journey 5: (1/4, 1/2, 1/2, 1)/2.25.
    expect(r.conversions[0]).toBeCloseTo(1 / 7 + 2 / 3 + 5 / 9, 12); // 86/63
    expect(r.conversions[1]).toBeCloseTo(2 / 7 + 1 + 4 / 3 + 2 / 9, 12); // 179/63
    expect(r.conversions[2]).toBeCloseTo(4 / 7 + 2 / 9, 12); // 50/63
    expect(r.value[2]).toBeCloseTo((100 * 4) / 7 + (40 * 2) / 9, 9);
    // A shorter half-life moves credit towards the last touch.
    expect(timeDecay(journeys, 1).conversions[2]!).toBeGreaterThan(r.conversions[2]!);
  });

  it('every model credits exactly the conversions of journeys with touches (5 of 6)', () => {
    for (const model of ['first', 'last', 'linear', 'position', 'time-decay'] as const) {
      const r = attribute(journeys, model);
      expect(r.conversions, model).toBeCloseTo(5, 12);
      expect(r.value, model).toBeCloseTo(250, 9);
      expect(r.channels.reduce((s, c) => s + c.share, 0), model).toBeCloseTo(1, 12);
    }
  });

  it('time decay without touch times, or with a zero half-life, is an input error', () => {
    const noAges = journeysFromPaths([{ path: ['a'], conversions: 1 }]);
    expect(() => timeDecay(noAges)).toThrow(AttributionInputError);
    expect(() => timeDecay(journeys, 0)).toThrow(/half-life/);
  });

  it('no conversions at all: every channel gets 0, and shares are 0, not NaN', () => {
    const r = attribute(journeysFromPaths([{ path: ['a', 'b'], nulls: 3 }]), 'linear');
    expect(r.conversions).toBe(0);
    expect(r.channels.map((c) => c.share)).toEqual([0, 0]);
  });
});
