import { describe, expect, it } from 'vitest';
import { quintileScores, rfmSegment, rfmTransitions, scoreRfm, summariseRfm, RFM_SEGMENTS } from './rfm.js';
import { rfmCards } from './rfm-cards.js';

describe('quintileScores', () => {
  it('cuts ranks at pandas qcut edges: 10 rows give two per quintile', () => {
    const v = Float64Array.from([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);
    expect([...quintileScores(v)]).toEqual([5, 1, 5, 1, 4, 2, 4, 2, 3, 3]);
    // Recency: lower is better.
    expect([...quintileScores(v, false)]).toEqual([1, 5, 1, 5, 2, 4, 2, 4, 3, 3]);
  });

  it('breaks ties by row order, as rank(method="first") does', () => {
    // Ranks 1..6; edges at 2, 3, 4, 5 (pd.qcut(pd.Series([1,1,1,1,2,3]).rank(method="first"), 5, labels=False) + 1).
    expect([...quintileScores(Float64Array.from([1, 1, 1, 1, 2, 3]))]).toEqual([1, 1, 2, 3, 4, 5]);
    expect([...quintileScores(Float64Array.from([3, 1, 1, 2, 1, 1]))]).toEqual([5, 1, 1, 4, 2, 3]);
  });

  it('gives a single row the middle score', () => {
    expect([...quintileScores(Float64Array.from([42]))]).toEqual([3]);
  });
});

describe('rfmSegment', () => {
  it('maps the R × FM grid to the named segments', () => {
    expect(rfmSegment(5, 5, 5)).toBe('Champions');
    expect(rfmSegment(4, 4, 5)).toBe('Champions');
    expect(rfmSegment(5, 1, 1)).toBe('New');
    expect(rfmSegment(4, 1, 2)).toBe('Promising'); // FM = ⌊1.5⌋ = 1
    expect(rfmSegment(5, 2, 3)).toBe('Potential Loyalist');
    expect(rfmSegment(3, 3, 3)).toBe('Loyal');
    expect(rfmSegment(3, 2, 2)).toBe('Need Attention');
    expect(rfmSegment(3, 1, 1)).toBe('About to Sleep');
    expect(rfmSegment(2, 4, 4)).toBe('At Risk');
    expect(rfmSegment(1, 5, 4)).toBe("Can't Lose Them");
    expect(rfmSegment(2, 1, 2)).toBe('Hibernating');
    expect(rfmSegment(1, 1, 1)).toBe('Lost');
  });

  it('reaches every named segment', () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) seen.add(rfmSegment(r, f, m));
    expect([...seen].sort()).toEqual([...RFM_SEGMENTS].sort());
  });
});

describe('scoreRfm', () => {
  // Hand-computed: 5 customers, so each quintile holds one rank.
  const input = {
    recencyDays: Float64Array.from([2, 200, 30, 90, 10]),
    frequency: Float64Array.from([12, 9, 1, 3, 2]),
    monetary: Float64Array.from([900, 800, 20, 150, 60]),
  };

  it('scores and names a hand-computed example', () => {
    const r = scoreRfm(input);
    expect([...r.r]).toEqual([5, 1, 3, 2, 4]);
    expect([...r.f]).toEqual([5, 4, 1, 3, 2]);
    expect([...r.m]).toEqual([5, 4, 1, 3, 2]);
    // FM: 5, 4, 1, 3, 2 → Champions; R1 FM4 Can't Lose Them; R3 FM1 About to Sleep; R2 FM3 At Risk; R4 FM2 Potential Loyalist.
    expect(r.segments).toEqual(['Champions', "Can't Lose Them", 'About to Sleep', 'At Risk', 'Potential Loyalist']);
    expect(r.notes).toEqual([]);
  });

  it('sums customers and revenue per segment, and writes cards for the non-empty ones', () => {
    const r = scoreRfm(input);
    const summary = summariseRfm(r.segments, input.monetary);
    expect(summary).toHaveLength(RFM_SEGMENTS.length);
    const champions = summary.find((s) => s.segment === 'Champions')!;
    expect(champions.customers).toBe(1);
    expect(champions.revenue).toBe(900);
    expect(champions.shareOfRevenue).toBeCloseTo(900 / 1930, 10);
    const cards = rfmCards(summary);
    expect(cards.map((c) => c.name)).toEqual(['Champions', "Can't Lose Them", 'At Risk', 'Potential Loyalist', 'About to Sleep']);
    expect(cards[0]!.action).toMatch(/Reward/);
  });

  it('falls back when every customer bought once and all spend is 0, never NaN', () => {
    const r = scoreRfm({ recencyDays: Float64Array.from([1, 5, 9, 20, 40]), frequency: new Float64Array(5).fill(1), monetary: new Float64Array(5) });
    expect([...r.f]).toEqual([1, 1, 1, 1, 1]);
    expect([...r.m]).toEqual([1, 1, 1, 1, 1]);
    expect(r.segments).toEqual(['New', 'Promising', 'About to Sleep', 'Hibernating', 'Lost']);
    expect(r.notes.join(' ')).toMatch(/single purchase.*monetary values are 0/s);
    const summary = summariseRfm(r.segments, new Float64Array(5));
    expect(summary.every((s) => s.shareOfRevenue === 0)).toBe(true);
  });

  it('refuses missing values and mismatched columns with a message that says what to do', () => {
    expect(() => scoreRfm({ recencyDays: Float64Array.from([1, Number.NaN]), frequency: Float64Array.from([1, 2]), monetary: Float64Array.from([1, 2]) })).toThrow(/fill or drop/);
    expect(() => scoreRfm({ recencyDays: Float64Array.from([1]), frequency: Float64Array.from([1, 2]), monetary: Float64Array.from([1]) })).toThrow(/one value per customer/);
    expect(() => scoreRfm({ recencyDays: new Float64Array(0), frequency: new Float64Array(0), monetary: new Float64Array(0) })).toThrow(/import orders/);
  });
});

describe('rfmTransitions', () => {
  it('counts moves between two dates, new customers and ones no longer scored', () => {
    const t = rfmTransitions(
      { ids: ['a', 'b', 'c', 'd'], segments: ['New', 'Champions', 'Champions', 'Lost'] },
      { ids: ['a', 'b', 'c', 'e'], segments: ['Potential Loyalist', 'Champions', 'At Risk', 'New'] },
    );
    const cell = (from: string, to: string) => t.counts[t.from.indexOf(from)]![t.to.indexOf(to)];
    expect(cell('New', 'Potential Loyalist')).toBe(1);
    expect(cell('Champions', 'Champions')).toBe(1);
    expect(cell('Champions', 'At Risk')).toBe(1);
    expect(cell('not yet a customer', 'New')).toBe(1);
    expect(cell('Lost', 'no longer scored')).toBe(1);
    expect(t.both).toBe(3);
    expect(t.moved).toBe(2);
    expect(t.counts.flat().reduce((a, b) => a + b, 0)).toBe(5);
  });
});
