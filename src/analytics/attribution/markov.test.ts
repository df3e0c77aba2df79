import { describe, expect, it } from 'vitest';
import { journeysFromPaths, journeysFromPathTable } from './journeys.js';
import { buildMarkovChain } from './markov-chain.js';
import { markovAttribution } from './markov.js';

/**
 * The exact output of ChannelAttribution's `markov_model` on its `Data` (PathData) example could
 * not be found published (the package simulates, and the pages that print it show its output for
 * the heuristics only). These tests use the two small examples whose numbers are published:
 *
 * 1. S. Bryl, "Marketing Multi-Channel Attribution model with R (part 1: Markov chains concept)",
 *    analyzecore.com, 2016-08-03 (https://analyzecore.com/2016/08/03/attribution-model-r-part-1/):
 *    paths C1 > C2 > C3 (converted), C1 (null), C2 > C3 (null), worked there by hand and with
 *    ChannelAttribution: P(conversion) = 1/3, removal effects C1 0.5, C2 1, C3 1, attributed
 *    conversions 0.2, 0.4, 0.4 (the numbers the npm package markovattribution tests against,
 *    citing that post).
 * 2. The README of pychattr (github.com/jmwoloso/pychattr), a port of ChannelAttribution's
 *    markov_model: paths A>B>A>B>B>A, A>B>B>A>A, A>A, one conversion each. Published transition
 *    matrix (start)→A 1.0, A→B 0.5, A→(conversion) 0.5, B→A 1.0 (repeats are one visit), and
 *    simulated attribution A 1.991106, B 1.008894 (exact: 2 and 1).
 */
describe('Markov removal effect against published examples', () => {
  it('reproduces Bryl (analyzecore 2016): P = 1/3, removal effects 0.5 / 1 / 1, conversions 0.2 / 0.4 / 0.4', () => {
    const journeys = journeysFromPathTable([
      { path: 'C1 > C2 > C3', conversions: 1, value: 1000, nulls: 0 },
      { path: 'C1', conversions: 0, nulls: 1 },
      { path: 'C2 > C3', conversions: 0, nulls: 1 },
    ]);
    const r = markovAttribution(journeys, 1);
    expect(journeys.channels).toEqual(['C1', 'C2', 'C3']);
    expect(r.conversionProbability).toBeCloseTo(1 / 3, 12);
    expect([...r.removalEffects].map((x) => +x.toFixed(12))).toEqual([0.5, 1, 1]);
    expect([...r.conversions].map((x) => +x.toFixed(12))).toEqual([0.2, 0.4, 0.4]);
    expect([...r.value].map((x) => +x.toFixed(9))).toEqual([200, 400, 400]);
  });

  it('reproduces the pychattr / ChannelAttribution example: repeats collapse, A 2 and B 1 (published 1.991 / 1.009)', () => {
    const journeys = journeysFromPathTable(
      [
        { path: 'A >>> B >>> A >>> B >>> B >>> A', conversions: 1, value: 1 },
        { path: 'A >>> B >>> B >>> A >>> A', conversions: 1, value: 1 },
        { path: 'A >>> A', conversions: 1, value: 1 },
      ],
      '>>>',
    );
    const chain = buildMarkovChain(journeys, 1);
    const edges: string[] = [];
    const name = (s: number) => (s === 0 ? '(start)' : journeys.channels[chain.tuples[s]!]!);
    for (let s = 0; s <= chain.states; s++) {
      for (let e = chain.rowStart[s]!; e < chain.rowStart[s + 1]!; e++) edges.push(`${name(s)}→${name(chain.target[e]!)} ${chain.probability[e]}`);
      if (chain.toConversion[s]! > 0) edges.push(`${name(s)}→(conversion) ${chain.toConversion[s]}`);
    }
    expect(edges.sort()).toEqual(['(start)→A 1', 'A→(conversion) 0.5', 'A→B 0.5', 'B→A 1']);
    const r = markovAttribution(journeys, 1);
    expect(r.conversions[0]).toBeCloseTo(2, 12);
    expect(r.conversions[1]).toBeCloseTo(1, 12);
    // Within the published simulation's error.
    expect(Math.abs(r.conversions[0]! - 1.991106)).toBeLessThan(0.02);
    expect(Math.abs(r.conversions[1]! - 1.008894)).toBeLessThan(0.02);
  });
});

describe('Markov orders 2 and 3, worked by hand', () => {
  // a > b > c converts, b > c does not, a > c converts.
  const journeys = journeysFromPaths([
    { path: ['a', 'b', 'c'], conversions: 1, value: 10 },
    { path: ['b', 'c'], nulls: 1 },
    { path: ['a', 'c'], conversions: 1, value: 10 },
  ]);

  it('order 1: start → a 2/3, b 1/3; removal effects a 2/3, b 2/3, c 1', () => {
    const r = markovAttribution(journeys, 1);
    expect(r.conversionProbability).toBeCloseTo(2 / 3, 12);
    expect(r.removalEffects[0]).toBeCloseTo(2 / 3, 12);
    expect(r.removalEffects[1]).toBeCloseTo(2 / 3, 12);
    expect(r.removalEffects[2]).toBeCloseTo(1, 12);
    expect(r.conversions[0]).toBeCloseTo(4 / 7, 12);
    expect(r.conversions[2]).toBeCloseTo(6 / 7, 12);
  });

  it('order 2: states (a,b) (b,c) (a,c); removal effects a 3/4, b 1/2, c 1', () => {
    const r = markovAttribution(journeys, 2);
    expect(r.states).toBe(3);
    expect(r.conversionProbability).toBeCloseTo(2 / 3, 12);
    expect([...r.removalEffects].map((x) => +x.toFixed(12))).toEqual([0.75, 0.5, 1]);
    expect(r.conversions[0]).toBeCloseTo(2 / 3, 12);
    expect(r.conversions[1]).toBeCloseTo(4 / 9, 12);
    expect(r.conversions[2]).toBeCloseTo(8 / 9, 12);
    expect(r.value[2]).toBeCloseTo(80 / 9, 9);
  });

  it('order 3: a path shorter than the order is one state of its own', () => {
    const r = markovAttribution(
      journeysFromPaths([
        { path: ['a', 'b', 'c'], conversions: 1 },
        { path: ['a', 'b'], nulls: 1 },
        { path: ['c'], conversions: 1 },
        { path: ['c', 'c', 'c', 'c'], nulls: 0 }, // no weight: not a state
      ]),
      3,
    );
    expect(r.states).toBe(3);
    expect(r.conversionProbability).toBeCloseTo(2 / 3, 12);
    expect([...r.removalEffects].map((x) => +x.toFixed(12))).toEqual([0.5, 0.5, 1]);
    expect([...r.conversions].map((x) => +x.toFixed(12))).toEqual([0.5, 0.5, 1]);
  });

  it('no conversions: removal effects and credit are 0, not NaN', () => {
    const r = markovAttribution(journeysFromPaths([{ path: ['a', 'b'], nulls: 2 }]), 2);
    expect(r.conversionProbability).toBe(0);
    expect([...r.conversions, ...r.removalEffects, ...r.value].every((x) => x === 0)).toBe(true);
  });

  it('rejects an order outside 1..5', () => {
    expect(() => markovAttribution(journeys, 0)).toThrow(/order/);
    expect(() => markovAttribution(journeys, 1.5)).toThrow(/order/);
  });
});
