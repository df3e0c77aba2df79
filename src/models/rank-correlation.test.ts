import { describe, expect, it } from 'vitest';
import { averageRanks, pearson, spearman } from './rank-correlation.js';

describe('rank correlation', () => {
  it('averages tied ranks as scipy.stats.rankdata does', () => {
    expect([...averageRanks([10, 20, 20, 5, 20])]).toEqual([2, 4, 4, 1, 4]);
  });

  it('matches scipy.stats.spearmanr on a case with ties', () => {
    // scipy.stats.spearmanr([1, 2, 2, 3, 5, 4], [2, 1, 3, 3, 6, 5]).correlation (scipy 1.10)
    expect(spearman([1, 2, 2, 3, 5, 4], [2, 1, 3, 3, 6, 5])).toBeCloseTo(0.8676470588235294, 12);
    expect(spearman([1, 2, 3], [30, 20, 10])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBe(0);
  });
});
