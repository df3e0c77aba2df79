import { invertSpd } from './dense-inverse.js';
import type { Interactions } from './matrix.js';
import { strongestHistoryItem, type ScoringModel } from './recommender.js';

/** Options for {@link fitEase}. */
export interface EaseOptions {
  /** L2 penalty λ added to the Gram matrix's diagonal. Default 250. */
  lambda?: number;
  /** Largest catalogue the dense n×n inverse may take. Default 5,000 (200 MB, under a minute). */
  maxItems?: number;
}

/** The catalogue is too large for EASE's dense inverse. */
export class CatalogueTooLargeError extends RangeError {
  constructor(
    readonly items: number,
    readonly limit: number,
  ) {
    super(`ease needs a dense ${items}×${items} inverse, above its limit of ${limit} items: use item-knn or als, or keep the most popular ${limit} items`);
    this.name = 'CatalogueTooLargeError';
  }
}

/**
 * EASE (Steck 2019, "Embarrassingly shallow autoencoders"): the item-item weights in closed form,
 * P = (XᵀX + λI)⁻¹, B = I − P·diag(1/diag(P)), i.e. B_ij = −P_ij / P_jj with a zero diagonal.
 * X is binary (had it or not). A user's scores are x_u·B.
 *
 * @throws CatalogueTooLargeError above `maxItems`.
 */
export function fitEase(train: Interactions, options: EaseOptions = {}): ScoringModel & { weights: Float64Array } {
  const lambda = options.lambda ?? 250;
  const limit = options.maxItems ?? 5000;
  const n = train.nItems;
  if (!(lambda > 0)) throw new RangeError(`lambda must be above 0, got ${lambda}`);
  if (n > limit) throw new CatalogueTooLargeError(n, limit);
  const gram = new Float64Array(n * n);
  for (let u = 0; u < train.nUsers; u++) {
    const start = train.indptr[u]!;
    const end = train.indptr[u + 1]!;
    for (let a = start; a < end; a++) {
      const row = train.indices[a]! * n;
      for (let b = start; b < end; b++) gram[row + train.indices[b]!]! += 1;
    }
  }
  for (let i = 0; i < n; i++) gram[i * n + i]! += lambda;
  const p = invertSpd(gram, n);
  const weights = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) weights[i * n + j] = i === j ? 0 : -p[i * n + j]! / p[j * n + j]!;
  }
  return {
    name: 'ease',
    weights,
    score(user, out) {
      out.fill(0);
      for (let e = train.indptr[user]!; e < train.indptr[user + 1]!; e++) {
        const row = train.indices[e]! * n;
        for (let i = 0; i < n; i++) out[i]! += weights[row + i]!;
      }
    },
    explain(user, item) {
      const j = strongestHistoryItem(train, user, (h) => weights[h * n + item]!);
      return j < 0 ? { kind: 'popular' } : { kind: 'bought-together', item: j };
    },
  };
}
