import { itemUserCounts, type Interactions } from './matrix.js';
import type { Reason, ScoringModel } from './recommender.js';

/**
 * The baseline: every user gets the items the most customers have, whatever their history.
 * Popularity is the number of distinct users of an item, not the summed quantity, so one
 * wholesaler's 1,000 units do not make an item popular.
 */
export function fitPopularity(train: Interactions): ScoringModel {
  const counts = itemUserCounts(train);
  const reason: Reason = { kind: 'popular' };
  return {
    name: 'popularity',
    score(_user, out) {
      for (let i = 0; i < counts.length; i++) out[i] = counts[i]!;
    },
    explain: () => reason,
  };
}
