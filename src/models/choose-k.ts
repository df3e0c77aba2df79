import { kmeans, type KMeansResult } from './kmeans.js';
import { silhouette } from './silhouette.js';
import { checkMatrix } from './validate.js';

/** Options for {@link chooseK}. */
export interface ChooseKOptions {
  /** Smallest k tried. Default 2. */
  kMin?: number;
  /** Largest k tried; lowered to n − 1 on small data. Default 8. */
  kMax?: number;
  /** Starts per k (see {@link kmeans}). Default 10. */
  restarts?: number;
  /** Rows sampled for each silhouette. Default 2000. */
  sample?: number;
  /** Seed for k-means and the silhouette sample. Default 0. */
  seed?: number;
}

/** One row of the k scan. */
export interface KScore {
  k: number;
  inertia: number;
  silhouette: number;
}

export interface ChooseKResult {
  /** Inertia and silhouette for each k tried, in increasing k. */
  scores: KScore[];
  /** The k with the highest silhouette (the smaller k on a tie). */
  bestK: number;
  /** The k at the elbow of the inertia curve, or undefined with fewer than three k tried. */
  elbowK: number | undefined;
  /** The clustering for bestK, so it need not be fitted again. */
  best: KMeansResult;
}

/**
 * Fits k-means for each k in kMin..kMax and picks k by the mean silhouette; the elbow of the
 * inertia curve (the point farthest below the chord from first to last, after scaling both axes
 * to 0..1) is reported alongside as a second opinion.
 *
 * @throws RangeError on a bad matrix, fewer than 3 rows, or kMin < 2 or kMin > kMax.
 */
export function chooseK(data: Float64Array, n: number, d: number, options: ChooseKOptions = {}): ChooseKResult {
  checkMatrix(data, n, d);
  const kMin = options.kMin ?? 2;
  const requestedMax = options.kMax ?? 8;
  if (!Number.isInteger(kMin) || kMin < 2) {
    throw new RangeError(`kMin must be a whole number of at least 2, got ${kMin}: the silhouette needs two clusters`);
  }
  if (!Number.isInteger(requestedMax) || requestedMax < kMin) {
    throw new RangeError(`kMax must be a whole number no smaller than kMin=${kMin}, got ${requestedMax}`);
  }
  // The silhouette is undefined when every row is its own cluster.
  const kMax = Math.min(requestedMax, n - 1);
  if (kMax < kMin) {
    throw new RangeError(`${n} rows are too few to try k=${kMin}: need at least ${kMin + 1} rows`);
  }
  const seed = options.seed ?? 0;
  const scores: KScore[] = [];
  let best: KMeansResult | undefined;
  let bestScore = -Infinity;
  let bestK = kMin;
  for (let k = kMin; k <= kMax; k++) {
    const fit = kmeans(data, n, d, { k, seed, ...(options.restarts === undefined ? {} : { restarts: options.restarts }) });
    const score = silhouette(data, n, d, fit.labels, k, { seed, ...(options.sample === undefined ? {} : { sample: options.sample }) });
    scores.push({ k, inertia: fit.inertia, silhouette: score });
    if (score > bestScore) {
      bestScore = score;
      bestK = k;
      best = fit;
    }
  }
  return { scores, bestK, elbowK: elbow(scores), best: best! };
}

function elbow(scores: readonly KScore[]): number | undefined {
  if (scores.length < 3) return undefined;
  const first = scores[0]!;
  const last = scores[scores.length - 1]!;
  const kSpan = last.k - first.k;
  const inertiaSpan = first.inertia - last.inertia;
  if (!(inertiaSpan > 0)) return undefined;
  let elbowK: number | undefined;
  let largestGap = 0;
  for (const s of scores) {
    const x = (s.k - first.k) / kSpan;
    const y = (first.inertia - s.inertia) / inertiaSpan;
    // Both axes run 0..1, so the chord is y = x; a bend shows as y well above it.
    const gap = y - x;
    if (gap > largestGap) {
      largestGap = gap;
      elbowK = s.k;
    }
  }
  return elbowK;
}
