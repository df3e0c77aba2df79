import type { Interactions } from './matrix.js';
import { topK } from './top-k.js';

/**
 * Why an item is recommended. `item` is the user's own item the recommendation leans on most:
 * `bought-together` reads "bought by customers who bought X", `similar` reads "similar to X".
 */
export type Reason = { kind: 'popular' } | { kind: 'bought-together'; item: number } | { kind: 'similar'; item: number };

export interface Recommendation {
  item: number;
  score: number;
  reason: Reason;
}

/** A fitted model: scores every item for a user who has a history in the training matrix. */
export interface ScoringModel {
  readonly name: string;
  /** Writes a score for every item into `out` (length nItems); higher is better. */
  score(user: number, out: Float64Array): void;
  /** Why `item` suits `user`. */
  explain(user: number, item: number): Reason;
  /** A score of 0 means "no evidence" (item-knn): such places are filled from the fallback. */
  readonly sparse?: boolean;
}

/** Options for {@link recommend}. */
export interface RecommendOptions {
  /** Items never to recommend (out of stock, an excluded category). */
  exclude?: (item: number) => boolean;
  /** Recommend items the user already has (replenishable goods). Default false. */
  includeSeen?: boolean;
}

/**
 * The k best items for `user` that they have not had yet, each with its reason. A user without a
 * history (cold start, or beyond the matrix) gets `fallback`'s items, which should be popularity.
 */
export function recommend(model: ScoringModel, train: Interactions, user: number, k: number, fallback: ScoringModel, options: RecommendOptions = {}): Recommendation[] {
  const warm = user >= 0 && user < train.nUsers && train.indptr[user + 1]! > train.indptr[user]!;
  const chosen = warm ? model : fallback;
  const scores = new Float64Array(train.nItems);
  chosen.score(warm ? user : -1, scores);
  const seen = new Uint8Array(train.nItems);
  if (warm && !options.includeSeen) {
    for (let e = train.indptr[user]!; e < train.indptr[user + 1]!; e++) seen[train.indices[e]!] = 1;
  }
  const exclude = options.exclude;
  const skip = (i: number) => seen[i] === 1 || (exclude !== undefined && exclude(i));
  const top = Array.from(topK(scores, k, skip), (item) => ({ item, score: scores[item]!, reason: chosen.explain(warm ? user : -1, item) }));
  const withEvidence = chosen.sparse ? top.filter((r) => r.score > 0) : top;
  if (withEvidence.length === k || chosen === fallback) return withEvidence;
  // Too little evidence for k items: the rest come from the fallback, said to be popular.
  const taken = new Set(withEvidence.map((r) => r.item));
  fallback.score(-1, scores);
  for (const item of topK(scores, k, (i) => skip(i) || taken.has(i))) {
    if (withEvidence.length === k) break;
    withEvidence.push({ item, score: 0, reason: fallback.explain(-1, item) });
  }
  return withEvidence;
}

/** The history item j of `user` with the highest `weight(j)`; -1 for an empty history. */
export function strongestHistoryItem(train: Interactions, user: number, weight: (historyItem: number, value: number) => number): number {
  let best = -1;
  let bestWeight = -Infinity;
  if (user < 0) return best;
  for (let e = train.indptr[user]!; e < train.indptr[user + 1]!; e++) {
    const w = weight(train.indices[e]!, train.values[e]!);
    if (w > bestWeight) {
      bestWeight = w;
      best = train.indices[e]!;
    }
  }
  return best;
}
