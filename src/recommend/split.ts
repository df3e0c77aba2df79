import { mulberry32 } from '../models/prng.js';

/** Which interactions go to test: 1 for test, 0 for train. */
export type SplitMask = Uint8Array;

/**
 * A seeded random split of n interactions (as Recommenders' `python_random_split`): exactly
 * round(n · testFraction) of them, chosen uniformly, go to test.
 */
export function randomSplit(n: number, testFraction: number, seed = 42): SplitMask {
  checkFraction(testFraction);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const random = mulberry32(seed);
  const nTest = Math.round(n * testFraction);
  // Partial Fisher–Yates: the first nTest places end up a uniform sample.
  for (let i = 0; i < nTest; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const mask = new Uint8Array(n);
  for (let i = 0; i < nTest; i++) mask[order[i]!] = 1;
  return mask;
}

/**
 * A time-based split: the latest `testFraction` of interactions (by timestamp) go to test, with
 * one cut-off time for everybody, so that nothing from the test period leaks into training.
 * Interactions at the cut-off instant all go to test. Returns the mask and the cut-off.
 */
export function timeSplit(timestamps: Float64Array, testFraction: number): { mask: SplitMask; cutoff: number } {
  checkFraction(testFraction);
  const n = timestamps.length;
  if (n === 0) return { mask: new Uint8Array(0), cutoff: NaN };
  const sorted = Float64Array.from(timestamps).sort();
  const at = Math.min(n - 1, Math.max(0, n - Math.round(n * testFraction)));
  const cutoff = sorted[at]!;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (timestamps[i]! >= cutoff) mask[i] = 1;
  return { mask, cutoff };
}

function checkFraction(f: number): void {
  if (!(f > 0 && f < 1)) throw new RangeError(`the test fraction must be between 0 and 1, got ${f}`);
}

/**
 * A time-based split per user (Recommenders' `python_chrono_split`): each user's interactions in
 * time order (file order among equal times), the latest `testFraction` of them to test, at least
 * one kept for training. Users with a single interaction stay whole in training.
 */
export function chronoSplit(users: Int32Array, timestamps: Float64Array, testFraction: number): SplitMask {
  checkFraction(testFraction);
  const n = users.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => users[a]! - users[b]! || timestamps[a]! - timestamps[b]! || a - b);
  const mask = new Uint8Array(n);
  for (let start = 0; start < n; ) {
    let end = start;
    while (end < n && users[order[end]!] === users[order[start]!]) end++;
    const count = end - start;
    const nTest = Math.min(count - 1, Math.round(count * testFraction));
    for (let j = end - nTest; j < end; j++) mask[order[j]!] = 1;
    start = end;
  }
  return mask;
}
