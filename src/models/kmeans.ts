import { mulberry32, type Random } from './prng.js';
import { checkK, checkMatrix } from './validate.js';

/** Options for {@link kmeans}. */
export interface KMeansOptions {
  /** Number of clusters, 1 ≤ k ≤ n. */
  k: number;
  /** Independent k-means++ starts; the one with the lowest inertia wins. Default 10. */
  restarts?: number;
  /** Lloyd iterations per start. Default 300. */
  maxIterations?: number;
  /**
   * Convergence threshold on the summed squared centroid movement, relative to the mean
   * per-column variance of the data (as scikit-learn does). Default 1e-4.
   */
  tolerance?: number;
  /** Seed for the pseudo-random generator. Default 0: the same input always gives the same result. */
  seed?: number;
  /**
   * Row-major k×d starting centres (say, last run's segments) instead of k-means++; then there is
   * a single start and `restarts` is ignored.
   */
  initialCentroids?: Float64Array;
}

/** The fitted clustering. */
export interface KMeansResult {
  /** Row-major k×d cluster centres. */
  centroids: Float64Array;
  /** Cluster of each row, 0..k−1. */
  labels: Int32Array;
  /** Sum of squared distances from each row to its centre. */
  inertia: number;
  /** Lloyd iterations used by the winning start. */
  iterations: number;
  /** Whether the winning start converged before maxIterations. */
  converged: boolean;
  /** Inertia after each assignment step of the winning start (first entry: after seeding). */
  history: number[];
}

/**
 * k-means clustering of a row-major n×d matrix: k-means++ seeding (D² sampling with a few greedy
 * trials per centre), Lloyd iterations, empty clusters re-seeded from the farthest point, best of
 * `restarts` starts by inertia. Deterministic for a given seed.
 *
 * @throws RangeError when n or d is 0, k is out of 1..n, there are fewer than k distinct rows, or
 *   the data holds NaN or infinity.
 */
export function kmeans(data: Float64Array, n: number, d: number, options: KMeansOptions): KMeansResult {
  checkMatrix(data, n, d);
  const { k } = options;
  checkK(k, n);
  const restarts = options.restarts ?? 10;
  const maxIterations = options.maxIterations ?? 300;
  const tolerance = options.tolerance ?? 1e-4;
  if (!Number.isInteger(restarts) || restarts < 1) {
    throw new RangeError(`restarts must be a whole number of at least 1, got ${restarts}`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(`maxIterations must be a whole number of at least 1, got ${maxIterations}`);
  }
  if (!(tolerance >= 0)) throw new RangeError(`tolerance must be 0 or more, got ${tolerance}`);
  const initial = options.initialCentroids;
  if (initial !== undefined) checkMatrix(initial, k, d);

  const absoluteTolerance = tolerance * meanColumnVariance(data, n, d);
  const master = mulberry32(options.seed ?? 0);
  const work = new Workspace(n, d, k);
  let best: KMeansResult | undefined;
  const starts = initial === undefined ? restarts : 1;
  for (let r = 0; r < starts; r++) {
    const random = mulberry32(Math.floor(master() * 4294967296));
    const centroids = initial === undefined ? seedPlusPlus(data, n, d, k, random, work.distance) : initial.slice();
    const run = lloyd(data, n, d, k, centroids, maxIterations, absoluteTolerance, work);
    if (best === undefined || run.inertia < best.inertia) {
      best = { ...run, centroids, labels: work.labels.slice() };
    }
  }
  // restarts ≥ 1, so best is set.
  return best!;
}

/** Buffers reused across restarts so the hot loop allocates nothing per point. */
class Workspace {
  readonly labels: Int32Array;
  readonly distance: Float64Array;
  readonly sums: Float64Array;
  readonly counts: Int32Array;
  constructor(n: number, d: number, k: number) {
    this.labels = new Int32Array(n);
    this.distance = new Float64Array(n);
    this.sums = new Float64Array(k * d);
    this.counts = new Int32Array(k);
  }
}

function meanColumnVariance(data: Float64Array, n: number, d: number): number {
  let total = 0;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * d + j]!;
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const dev = data[i * d + j]! - mean;
      ss += dev * dev;
    }
    total += ss / n;
  }
  return total / d;
}

function squaredDistance(data: Float64Array, row: number, centres: Float64Array, c: number, d: number): number {
  let sum = 0;
  const a = row * d;
  const b = c * d;
  for (let j = 0; j < d; j++) {
    const diff = data[a + j]! - centres[b + j]!;
    sum += diff * diff;
  }
  return sum;
}

/**
 * k-means++ (Arthur & Vassilvitskii 2007): each new centre is drawn with probability proportional
 * to the squared distance to the nearest centre so far. Like scikit-learn, it draws 2 + ln k
 * candidates per centre and keeps the one that lowers the total most, which gives steadier starts.
 */
function seedPlusPlus(
  data: Float64Array,
  n: number,
  d: number,
  k: number,
  random: Random,
  closest: Float64Array,
): Float64Array {
  const centres = new Float64Array(k * d);
  const first = Math.floor(random() * n);
  centres.set(data.subarray(first * d, first * d + d), 0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = squaredDistance(data, i, centres, 0, d);
    total += closest[i]!;
  }
  const trials = 2 + Math.floor(Math.log(k));
  for (let c = 1; c < k; c++) {
    if (!(total > 0)) {
      // Every row already sits on a centre: with ties, Lloyd would leave clusters empty for good.
      throw new RangeError(`the data has only ${c} distinct rows, fewer than k=${k}: ask for at most ${c} clusters`);
    }
    let bestCandidate = -1;
    let bestTotal = Infinity;
    for (let t = 0; t < trials; t++) {
      const candidate = sampleBySquaredDistance(closest, n, total, random);
      let candidateTotal = 0;
      for (let i = 0; i < n; i++) {
        const dist = squaredDistance(data, i, data, candidate, d);
        candidateTotal += dist < closest[i]! ? dist : closest[i]!;
      }
      if (candidateTotal < bestTotal) {
        bestTotal = candidateTotal;
        bestCandidate = candidate;
      }
    }
    centres.set(data.subarray(bestCandidate * d, bestCandidate * d + d), c * d);
    total = 0;
    for (let i = 0; i < n; i++) {
      const dist = squaredDistance(data, i, centres, c, d);
      if (dist < closest[i]!) closest[i] = dist;
      total += closest[i]!;
    }
  }
  return centres;
}

function sampleBySquaredDistance(closest: Float64Array, n: number, total: number, random: Random): number {
  let target = random() * total;
  for (let i = 0; i < n; i++) {
    target -= closest[i]!;
    if (target < 0) return i;
  }
  // Rounding can leave target a hair above zero: take the last point with any weight.
  for (let i = n - 1; i >= 0; i--) if (closest[i]! > 0) return i;
  return n - 1;
}

interface LloydRun {
  inertia: number;
  iterations: number;
  converged: boolean;
  history: number[];
}

/** Lloyd's algorithm in place on `centroids`; labels and distances land in the workspace. */
function lloyd(
  data: Float64Array,
  n: number,
  d: number,
  k: number,
  centroids: Float64Array,
  maxIterations: number,
  tolerance: number,
  work: Workspace,
): LloydRun {
  work.labels.fill(-1);
  let assigned = assign(data, n, d, k, centroids, work);
  const history = [assigned.inertia];
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const shift = update(data, n, d, k, centroids, work);
    assigned = assign(data, n, d, k, centroids, work);
    history.push(assigned.inertia);
    if (assigned.changed === 0 || shift <= tolerance) {
      converged = true;
      break;
    }
  }
  return { inertia: assigned.inertia, iterations, converged, history };
}

/** Assigns each row to its nearest centre; the hot loop of k-means (n·k·d multiply-adds). */
function assign(
  data: Float64Array,
  n: number,
  d: number,
  k: number,
  centroids: Float64Array,
  work: Workspace,
): { inertia: number; changed: number } {
  const { labels, distance } = work;
  let inertia = 0;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    let bestCluster = 0;
    let bestDistance = Infinity;
    const row = i * d;
    for (let c = 0; c < k; c++) {
      const centre = c * d;
      let sum = 0;
      for (let j = 0; j < d; j++) {
        const diff = data[row + j]! - centroids[centre + j]!;
        sum += diff * diff;
      }
      if (sum < bestDistance) {
        bestDistance = sum;
        bestCluster = c;
      }
    }
    if (labels[i] !== bestCluster) {
      labels[i] = bestCluster;
      changed++;
    }
    distance[i] = bestDistance;
    inertia += bestDistance;
  }
  return { inertia, changed };
}

/**
 * Moves each centre to the mean of its rows and returns the summed squared movement. An empty
 * cluster takes the row farthest from its own centre (from a cluster that can spare it), which
 * cannot raise the inertia and keeps all k clusters in use.
 */
function update(data: Float64Array, n: number, d: number, k: number, centroids: Float64Array, work: Workspace): number {
  const { labels, distance, sums, counts } = work;
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    counts[c]!++;
    const row = i * d;
    const centre = c * d;
    for (let j = 0; j < d; j++) sums[centre + j]! += data[row + j]!;
  }
  for (let c = 0; c < k; c++) {
    if (counts[c]! > 0) continue;
    let farthest = -1;
    let farthestDistance = -1;
    for (let i = 0; i < n; i++) {
      if (counts[labels[i]!]! > 1 && distance[i]! > farthestDistance) {
        farthestDistance = distance[i]!;
        farthest = i;
      }
    }
    // k ≤ n, so while a cluster is empty another holds at least two rows.
    const from = labels[farthest]!;
    counts[from]!--;
    counts[c] = 1;
    for (let j = 0; j < d; j++) {
      const v = data[farthest * d + j]!;
      sums[from * d + j]! -= v;
      sums[c * d + j] = v;
    }
    labels[farthest] = c;
    distance[farthest] = 0;
  }
  let shift = 0;
  for (let c = 0; c < k; c++) {
    const count = counts[c]!;
    for (let j = 0; j < d; j++) {
      const at = c * d + j;
      const next = sums[at]! / count;
      const move = next - centroids[at]!;
      shift += move * move;
      centroids[at] = next;
    }
  }
  return shift;
}
