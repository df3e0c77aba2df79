import { comparePairs, type Comparison } from './comparisons.js';
import { PairBuffer } from './pair-buffer.js';
import type { PreparedRecords } from './prepare.js';
import { seededRandom } from './random.js';

export interface UEstimate {
  /** u per comparison and level (index 0, the null level, is 1 and unused). */
  u: Float64Array[];
  /** Random pairs that fell in each level. */
  counts: Float64Array[];
  pairsSampled: number;
}

/** All possible pairs: n(n-1)/2 for one file, n0·n1 across two. */
export function totalPairs(r: PreparedRecords): number {
  if (!r.source) return (r.count * (r.count - 1)) / 2;
  let ones = 0;
  for (let i = 0; i < r.count; i++) ones += r.source[i]!;
  return ones * (r.count - ones);
}

/**
 * Random pairs of records (all pairs when there are at most `maxPairs`), as Splink's
 * `estimate_u_using_random_sampling` draws them. Nearly all random pairs are different people,
 * so the share of them in each level is that level's u probability.
 */
export function randomPairs(r: PreparedRecords, maxPairs: number, seed: number): { left: Int32Array; right: Int32Array; count: number } {
  const buffer = new PairBuffer();
  const n = r.count;
  const source = r.source;
  if (totalPairs(r) <= maxPairs) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (!source || source[i] !== source[j]) buffer.push(i, j);
    return buffer.finish();
  }
  const random = seededRandom(seed);
  if (!source) {
    while (buffer.count < maxPairs) {
      const i = Math.floor(random() * n);
      const j = Math.floor(random() * n);
      if (i !== j) buffer.push(Math.min(i, j), Math.max(i, j));
    }
    return buffer.finish();
  }
  const sides: number[][] = [[], []];
  for (let i = 0; i < n; i++) sides[source[i]!]!.push(i);
  const [a, b] = sides as [number[], number[]];
  while (buffer.count < maxPairs) {
    const i = a[Math.floor(random() * a.length)]!;
    const j = b[Math.floor(random() * b.length)]!;
    buffer.push(Math.min(i, j), Math.max(i, j));
  }
  return buffer.finish();
}

/**
 * u probabilities from random pairs. A level no random pair fell in gets half a pair's worth,
 * so that its weight is large but finite.
 */
export function estimateU(r: PreparedRecords, comparisons: readonly Comparison[], maxPairs: number, seed: number): UEstimate {
  const pairs = randomPairs(r, maxPairs, seed);
  const levels = comparePairs(comparisons, pairs.left, pairs.right, pairs.count);
  const c = comparisons.length;
  const counts = comparisons.map((cmp) => new Float64Array(cmp.levels.length));
  for (let p = 0; p < pairs.count; p++) for (let k = 0; k < c; k++) counts[k]![levels[p * c + k]!]!++;
  const u = counts.map((count) => {
    let nonNull = 0;
    for (let l = 1; l < count.length; l++) nonNull += count[l]!;
    const out = new Float64Array(count.length);
    out[0] = 1;
    for (let l = 1; l < count.length; l++) out[l] = Math.max(count[l]!, 0.5) / Math.max(1, nonNull);
    return out;
  });
  return { u, counts, pairsSampled: pairs.count };
}
