import { describe, expect, it } from 'vitest';
import { catalogueCoverage, novelty, rankingMetrics } from './metrics.js';

describe('ranking metrics (Recommenders definitions), worked by hand', () => {
  // User A: hits at ranks 1 and 3 of 5, 3 relevant items (one never recommended).
  // User B: no hit.
  const lists = [Int32Array.of(1, 2, 3, 4, 5), Int32Array.of(7, 8, 9, 10, 11)];
  const truth = [new Set([1, 3, 9]), new Set([20])];
  const m = rankingMetrics(lists, truth, 5);

  it('precision@k divides hits by k and averages over users', () => {
    expect(m.users).toBe(2);
    expect(m.precision).toBeCloseTo((2 / 5 + 0) / 2, 12);
  });
  it('recall@k divides hits by the relevant items', () => {
    expect(m.recall).toBeCloseTo((2 / 3 + 0) / 2, 12);
  });
  it('NDCG@k: 1/ln(1+rank) over hits, ideal over min(k, relevant) places', () => {
    const dcg = 1 / Math.log(2) + 1 / Math.log(4);
    const idcg = 1 / Math.log(2) + 1 / Math.log(3) + 1 / Math.log(4);
    expect(m.ndcg).toBeCloseTo(dcg / idcg / 2, 12);
    expect(m.ndcg).toBeCloseTo(0.351959, 5);
  });
  it('MAP@k (map_at_k): precision at each hit, over min(relevant, k)', () => {
    expect(m.map).toBeCloseTo(((1 / 1 + 2 / 3) / 3 + 0) / 2, 12);
  });
  it('hit rate: share of users with a hit', () => {
    expect(m.hitRate).toBe(0.5);
  });
  it('only the first k places count, and a short list still divides by k', () => {
    const short = rankingMetrics([Int32Array.of(4, 1)], [new Set([1])], 5);
    expect(short.precision).toBeCloseTo(1 / 5, 12);
    expect(short.ndcg).toBeCloseTo(Math.log(2) / Math.log(3), 12);
    expect(short.map).toBeCloseTo(1 / 2, 12);
    const cut = rankingMetrics([Int32Array.of(4, 1)], [new Set([1])], 1);
    expect(cut.precision).toBe(0);
  });
  it('MAP@k caps the divisor at k', () => {
    // 4 relevant, k = 2, both places hit: (1 + 1) / min(4, 2) = 1.
    expect(rankingMetrics([Int32Array.of(1, 2)], [new Set([1, 2, 3, 4])], 2).map).toBe(1);
  });
  it('users without test items are left out; none at all gives zeros', () => {
    expect(rankingMetrics([Int32Array.of(1)], [new Set()], 3)).toEqual({ users: 0, precision: 0, recall: 0, ndcg: 0, map: 0, hitRate: 0 });
  });
  it('rejects a bad k and mismatched lengths', () => {
    expect(() => rankingMetrics([], [], 0)).toThrow(/k must/);
    expect(() => rankingMetrics([Int32Array.of(1)], [], 3)).toThrow(/lists for 0 users/);
  });
});

describe('catalogue coverage and novelty', () => {
  it('coverage is distinct recommended items over training items', () => {
    expect(catalogueCoverage([Int32Array.of(1, 2), Int32Array.of(2, 3)], 6)).toBe(0.5);
  });
  it('novelty is the mean −log2 of each recommended item’s share of users', () => {
    // 4 users; item 1 had 2 (1 bit), item 2 had 1 (2 bits), item 3 had all 4 (0 bits).
    const itemUsers = Int32Array.of(0, 2, 1, 4);
    expect(novelty([Int32Array.of(1, 2), Int32Array.of(2, 3)], itemUsers, 4)).toBeCloseTo((1 + 2 + 2 + 0) / 4, 12);
  });
});
