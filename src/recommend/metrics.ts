/**
 * Offline ranking metrics with the definitions of Microsoft's Recommenders library
 * (`recommenders.evaluation.python_evaluation`), relevancy "top_k", binary relevance:
 * averages are over the users that have both a recommendation list and test items, and a user
 * with no hit counts as 0.
 *
 * - precision@k = mean over users of hits / k (k, not the list's length)
 * - recall@k = mean of hits / |relevant|
 * - NDCG@k = mean of Σ_hits 1/log(1 + rank) ÷ Σ_{r ≤ min(k, |relevant|)} 1/log(1 + r)
 * - MAP@k (their `map_at_k`) = mean of Σ_hits (hits so far / rank) ÷ min(|relevant|, k)
 * - hit rate@k = share of users with at least one hit
 */
export interface RankingMetrics {
  users: number;
  precision: number;
  recall: number;
  ndcg: number;
  map: number;
  hitRate: number;
}

/**
 * @param recommended each user's ranked list (only its first k count)
 * @param relevant each user's test items, in the same order as `recommended`
 */
export function rankingMetrics(recommended: readonly ArrayLike<number>[], relevant: readonly ReadonlySet<number>[], k: number): RankingMetrics {
  if (recommended.length !== relevant.length) throw new RangeError(`${recommended.length} recommendation lists for ${relevant.length} users`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number of at least 1, got ${k}`);
  let users = 0;
  let precision = 0;
  let recall = 0;
  let ndcg = 0;
  let map = 0;
  let hitUsers = 0;
  for (let u = 0; u < recommended.length; u++) {
    const list = recommended[u]!;
    const truth = relevant[u]!;
    if (truth.size === 0) continue;
    users++;
    let hits = 0;
    let dcg = 0;
    let ap = 0;
    const n = Math.min(k, list.length);
    for (let r = 0; r < n; r++) {
      if (!truth.has(list[r]!)) continue;
      hits++;
      dcg += 1 / Math.log(2 + r);
      ap += hits / (r + 1);
    }
    if (hits === 0) continue;
    let idcg = 0;
    for (let r = 0; r < Math.min(k, truth.size); r++) idcg += 1 / Math.log(2 + r);
    hitUsers++;
    precision += hits / k;
    recall += hits / truth.size;
    ndcg += dcg / idcg;
    map += ap / Math.min(truth.size, k);
  }
  const mean = (s: number) => (users === 0 ? 0 : s / users);
  return { users, precision: mean(precision), recall: mean(recall), ndcg: mean(ndcg), map: mean(map), hitRate: mean(hitUsers) };
}

/** Catalogue coverage (Recommenders' `catalog_coverage`): distinct items recommended ÷ items in training. */
export function catalogueCoverage(recommended: readonly ArrayLike<number>[], trainItems: number): number {
  const seen = new Set<number>();
  for (const list of recommended) for (let r = 0; r < list.length; r++) seen.add(list[r]!);
  return trainItems === 0 ? 0 : seen.size / trainItems;
}

/**
 * Novelty (Recommenders' `novelty`): the mean over every recommendation of −log₂(share of
 * training users who had the item). Higher means less obvious items.
 *
 * @param itemUsers distinct training users of each item
 */
export function novelty(recommended: readonly ArrayLike<number>[], itemUsers: Int32Array, trainUsers: number): number {
  let sum = 0;
  let count = 0;
  for (const list of recommended) {
    for (let r = 0; r < list.length; r++) {
      const users = itemUsers[list[r]!] ?? 0;
      if (users === 0) continue; // never in training: its novelty is undefined
      sum += -Math.log2(users / trainUsers);
      count++;
    }
  }
  return count === 0 ? 0 : sum / count;
}
