import { mulberry32 } from '../prng.js';
import { checkMatrix } from '../validate.js';
import { KdTree } from './kd-tree.js';

/** Options for {@link suggestEps}. */
export interface SuggestEpsOptions {
  /** The minPts DBSCAN will run with; the curve uses each row's (minPts−1)-th nearest other row. Default 2·d. */
  minPts?: number;
  /** Rows whose k-distance is computed (against all rows). Default 5000. */
  sample?: number;
  seed?: number;
}

export interface EpsSuggestion {
  eps: number;
  minPts: number;
  /** The sorted k-distances of the sampled rows (ascending), for plotting the curve. */
  curve: Float64Array;
  /** Position of the knee in `curve`. */
  kneeIndex: number;
}

/**
 * Suggests DBSCAN's eps from the k-distance curve (Ester et al. 1996, §4.2; Schubert et al. 2017):
 * sort every row's distance to its (minPts−1)-th nearest neighbour — with the row itself that makes
 * minPts rows in the ball — and take the knee, where the curve turns from the slow rise of rows
 * inside clusters to the steep rise of outliers. The knee is the point farthest from the chord
 * joining the curve's ends after both axes are scaled to 0..1 (Kneedle, Satopää et al. 2011).
 *
 * @throws RangeError on a bad matrix or fewer than minPts rows.
 */
export function suggestEps(data: Float64Array, n: number, d: number, options: SuggestEpsOptions = {}): EpsSuggestion {
  checkMatrix(data, n, d);
  const minPts = options.minPts ?? 2 * d;
  if (!Number.isInteger(minPts) || minPts < 2) throw new RangeError(`minPts must be a whole number of at least 2 to suggest eps, got ${minPts}`);
  if (n < minPts) throw new RangeError(`${n} rows are fewer than minPts=${minPts}: DBSCAN cannot find a cluster; lower minPts or add customers`);
  const tree = new KdTree(data, n, d);
  const rows = sampleRows(n, options.sample ?? 5000, options.seed ?? 0);
  const curve = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) curve[i] = tree.kthNeighbourDistance(rows[i]!, minPts - 1);
  curve.sort();
  const kneeIndex = knee(curve);
  let eps = curve[kneeIndex]!;
  // Many identical rows put the knee at distance 0, which no ball can use: take the first positive distance.
  if (!(eps > 0)) eps = curve.find((v) => v > 0) ?? 1e-9;
  return { eps, minPts, curve, kneeIndex };
}

function sampleRows(n: number, sample: number, seed: number): Int32Array {
  if (sample >= n) return Int32Array.from({ length: n }, (_, i) => i);
  // Partial Fisher–Yates: the first `sample` slots are a uniform sample without repeats.
  const random = mulberry32(seed);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < sample; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.slice(0, sample);
}

/** Index of the point of an ascending curve farthest below the chord from its first to its last point. */
export function knee(curve: Float64Array): number {
  const m = curve.length;
  if (m < 3) return m - 1;
  const lo = curve[0]!;
  const span = curve[m - 1]! - lo;
  if (!(span > 0)) return m - 1;
  let best = m - 1;
  let largest = 0;
  for (let i = 0; i < m; i++) {
    const x = i / (m - 1);
    const y = (curve[i]! - lo) / span;
    // A convex rising curve lies below the chord y = x; the knee is where it lies lowest.
    const gap = x - y;
    if (gap > largest) {
      largest = gap;
      best = i;
    }
  }
  return best;
}
