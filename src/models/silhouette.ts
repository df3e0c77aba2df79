import { mulberry32 } from './prng.js';
import { checkK, checkMatrix } from './validate.js';

/** Options for {@link silhouette}. */
export interface SilhouetteOptions {
  /** Rows to score; with n ≤ sample every row is used and the score is exact. Default 2000. */
  sample?: number;
  /** Seed for choosing the sample. Default 0. */
  seed?: number;
}

/**
 * Mean silhouette coefficient (Euclidean) of a clustering: near 1 when rows sit well inside their
 * own cluster, near 0 on boundaries, negative when misplaced. Above `sample` rows it is computed
 * on a seeded random sample, as scikit-learn's `silhouette_score(sample_size=…)` does, which keeps
 * the cost at sample² · d. A row alone in its cluster (within the sample) scores 0.
 *
 * @throws RangeError on a bad matrix, labels of the wrong length or outside 0..k−1, or fewer
 *   than two clusters present.
 */
export function silhouette(
  data: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  k: number,
  options: SilhouetteOptions = {},
): number {
  checkMatrix(data, n, d);
  checkK(k, n);
  if (labels.length !== n) {
    throw new RangeError(`labels has ${labels.length} entries for ${n} rows: pass one label per row`);
  }
  const sampleSize = options.sample ?? 2000;
  if (!Number.isInteger(sampleSize) || sampleSize < 2) {
    throw new RangeError(`sample must be a whole number of at least 2, got ${sampleSize}`);
  }
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    if (label < 0 || label >= k) {
      throw new RangeError(`label ${label} at row ${i} is outside 0..${k - 1}: drop noise rows before scoring`);
    }
  }

  const rows = sampleRows(n, sampleSize, options.seed ?? 0);
  const m = rows.length;
  const clusterSize = new Int32Array(k);
  for (let s = 0; s < m; s++) clusterSize[labels[rows[s]!]!]!++;
  let present = 0;
  for (let c = 0; c < k; c++) if (clusterSize[c]! > 0) present++;
  if (present < 2) {
    throw new RangeError('the silhouette needs at least two clusters in the data: use k ≥ 2 or a larger sample');
  }

  const distanceSum = new Float64Array(k);
  let total = 0;
  for (let s = 0; s < m; s++) {
    const i = rows[s]!;
    const own = labels[i]!;
    distanceSum.fill(0);
    for (let t = 0; t < m; t++) {
      if (t === s) continue;
      const other = rows[t]!;
      let sum = 0;
      for (let j = 0; j < d; j++) {
        const diff = data[i * d + j]! - data[other * d + j]!;
        sum += diff * diff;
      }
      distanceSum[labels[other]!]! += Math.sqrt(sum);
    }
    const ownSize = clusterSize[own]!;
    if (ownSize < 2) continue; // a singleton scores 0
    const a = distanceSum[own]! / (ownSize - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === own || clusterSize[c] === 0) continue;
      const mean = distanceSum[c]! / clusterSize[c]!;
      if (mean < b) b = mean;
    }
    const spread = Math.max(a, b);
    if (spread > 0) total += (b - a) / spread;
  }
  return total / m;
}

/** Row indices: all of them when n ≤ size, else a seeded sample without replacement. */
function sampleRows(n: number, size: number, seed: number): Int32Array {
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  if (n <= size) return all;
  const random = mulberry32(seed);
  // Partial Fisher–Yates: the first `size` slots end up a uniform sample.
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (n - i));
    const tmp = all[i]!;
    all[i] = all[j]!;
    all[j] = tmp;
  }
  return all.slice(0, size);
}
