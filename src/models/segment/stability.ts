import { adjustedRandIndex } from '../ari.js';
import { kmeans, type KMeansOptions } from '../kmeans.js';

/** How much a k-means segmentation depends on the random seed. */
export interface Stability {
  seeds: number[];
  /** Mean adjusted Rand index over all pairs of seeds (1 = the same segments every time). */
  meanAri: number;
  /** Worst pair. */
  minAri: number;
  /** Inertia per seed, same order as `seeds`. */
  inertias: number[];
}

/**
 * Fits k-means once per seed (with the caller's k and restarts) and compares every pair of
 * labelings by adjusted Rand index. A mean near 1 says the segments are a property of the data;
 * well below 1 says they are partly an accident of the start, and k is probably wrong.
 *
 * @throws RangeError with fewer than two seeds, or whatever {@link kmeans} throws.
 */
export function kmeansStability(
  data: Float64Array,
  n: number,
  d: number,
  options: Omit<KMeansOptions, 'seed' | 'initialCentroids'>,
  seeds: readonly number[] = [1, 2, 3, 4, 5],
): Stability {
  if (seeds.length < 2) throw new RangeError(`stability needs at least two seeds, got ${seeds.length}`);
  const fits = seeds.map((seed) => kmeans(data, n, d, { ...options, seed }));
  let sum = 0;
  let pairs = 0;
  let minAri = Infinity;
  for (let a = 0; a < fits.length; a++) {
    for (let b = a + 1; b < fits.length; b++) {
      const ari = adjustedRandIndex(fits[a]!.labels, fits[b]!.labels);
      sum += ari;
      pairs++;
      if (ari < minAri) minAri = ari;
    }
  }
  return { seeds: [...seeds], meanAri: sum / pairs, minAri, inertias: fits.map((f) => f.inertia) };
}
