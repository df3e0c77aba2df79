import { transpose, type Interactions } from './matrix.js';
import { strongestHistoryItem, type ScoringModel } from './recommender.js';
import { topK } from './top-k.js';

/** Options for {@link fitItemKnn}. */
export interface ItemKnnOptions {
  /** Neighbours kept per item. Default 100. */
  neighbours?: number;
  /** Added to the cosine's denominator, so that pairs seen by few users count less. Default 10. */
  shrinkage?: number;
}

/** Sparse item × item similarities: row i holds i's nearest neighbours. */
export interface ItemNeighbours {
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly similarity: Float64Array;
}

/**
 * Item-item collaborative filtering on implicit feedback: the cosine of two items' binary user
 * columns, shrunk towards 0 by `shrinkage` (sim = |U_i ∩ U_j| / (√|U_i|·√|U_j| + shrinkage)),
 * top-k neighbours per item. A user's score for item i sums sim(j, i) over the items j they have.
 */
export function fitItemKnn(train: Interactions, options: ItemKnnOptions = {}): ScoringModel & { neighbours: ItemNeighbours } {
  const k = options.neighbours ?? 100;
  const shrinkage = options.shrinkage ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`neighbours must be a whole number of at least 1, got ${k}`);
  if (!(shrinkage >= 0)) throw new RangeError(`shrinkage must be 0 or more, got ${shrinkage}`);
  const byItem = transpose(train);
  const n = train.nItems;
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) norm[i] = Math.sqrt(byItem.indptr[i + 1]! - byItem.indptr[i]!);
  const indptr = new Int32Array(n + 1);
  const rows: { idx: Int32Array; sim: Float64Array }[] = [];
  const co = new Float64Array(n);
  const touched = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    // Co-occurrence counts of i with every item, through i's users.
    let nTouched = 0;
    for (let e = byItem.indptr[i]!; e < byItem.indptr[i + 1]!; e++) {
      const u = byItem.indices[e]!;
      for (let f = train.indptr[u]!; f < train.indptr[u + 1]!; f++) {
        const j = train.indices[f]!;
        if (j === i) continue;
        if (co[j] === 0) touched[nTouched++] = j;
        co[j]! += 1;
      }
    }
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t]!;
      co[j] = co[j]! / (norm[i]! * norm[j]! + shrinkage);
    }
    const best = nTouched <= k ? sortedTouched(co, touched.subarray(0, nTouched)) : topK(co, k);
    rows.push({ idx: best, sim: Float64Array.from(best, (j) => co[j]!) });
    indptr[i + 1] = indptr[i]! + best.length;
    for (let t = 0; t < nTouched; t++) co[touched[t]!] = 0;
  }
  const indices = new Int32Array(indptr[n]!);
  const similarity = new Float64Array(indptr[n]!);
  rows.forEach((r, i) => {
    indices.set(r.idx, indptr[i]!);
    similarity.set(r.sim, indptr[i]!);
  });
  const neighbours = { indptr, indices, similarity };
  return {
    name: 'item-knn',
    neighbours,
    sparse: true,
    score(user, out) {
      out.fill(0);
      for (let e = train.indptr[user]!; e < train.indptr[user + 1]!; e++) {
        const j = train.indices[e]!;
        for (let f = indptr[j]!; f < indptr[j + 1]!; f++) out[indices[f]!]! += similarity[f]!;
      }
    },
    explain(user, item) {
      const j = strongestHistoryItem(train, user, (h) => similarityOf(neighbours, h, item));
      return j < 0 ? { kind: 'popular' } : { kind: 'bought-together', item: j };
    },
  };
}

function sortedTouched(co: Float64Array, touched: Int32Array): Int32Array {
  return Int32Array.from(touched).sort((a, b) => co[b]! - co[a]! || a - b);
}

/** sim(from, to) as kept in from's neighbour list; 0 when `to` is not among them. */
export function similarityOf(nb: ItemNeighbours, from: number, to: number): number {
  for (let f = nb.indptr[from]!; f < nb.indptr[from + 1]!; f++) if (nb.indices[f] === to) return nb.similarity[f]!;
  return 0;
}
