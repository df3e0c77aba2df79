/**
 * Gradient histograms: per feature slot 256 bins (255 for values, the last for missing) of
 * (gradient sum, hessian sum, row count), interleaved in one Float64Array so a bin's three sums
 * share a cache line: `hist[(slot * 256 + bin) * 3 + 0|1|2]`.
 */
export const BINS = 256;
export const STRIDE = BINS * 3;
/** Slots per group: eight bins are two little-endian 32-bit words (as on every platform Node runs on). */
export const GROUP = 8;

/**
 * The training rows as fixed-size records in one buffer, each row's bins (one byte per feature,
 * padded to a multiple of eight slots), gradient, hessian, margin and label together: 64
 * bytes, one cache line, for up to 32 features. The grower partitions records in place so every
 * node's rows are contiguous: a histogram is one forward pass, and gradients and leaf updates
 * never jump. Measured on 1M rows × 32 features (ns per row and feature): one column at a time
 * 3.7, eight bins a word pair 1.9; over the scattered rows of a node of 1–25% of the rows (an
 * index into fixed bins) 2–14, which keeping nodes contiguous avoids. Moving whole records by
 * in-place swaps costs 6–14 ms per 1M rows split, against 25 ms for a stable copy of bins,
 * gradients and row numbers.
 *
 * Record layout in 32-bit words: `[0, 2·groups)` bins; then as doubles gradient, hessian, margin;
 * then the label.
 */
export interface TrainingRows {
  words: Uint32Array;
  bytes: Uint8Array;
  floats: Float64Array;
  n: number;
  /** Groups of eight slots: a record starts with `groups * 2` words of bins. */
  groups: number;
  /** Words per record (even, so the doubles stay aligned). */
  size: number;
  /** The feature in each slot, −1 for padding. */
  slotFeature: Int32Array;
}

/**
 * Records for n rows and `cols` features (slot f holds feature f), labels and starting margin
 * filled in; the caller bins into `bytes` (row stride `size * 4`, slot offsets 0…cols − 1) and
 * marks the slots of unusable features −1.
 */
export function trainingRows(n: number, cols: number, y: Uint8Array, margin: number): TrainingRows {
  const groups = Math.ceil(cols / GROUP);
  const size = groups * 2 + 8;
  const words = new Uint32Array(n * size);
  const floats = new Float64Array(words.buffer);
  const slotFeature = Int32Array.from({ length: groups * GROUP }, (_, slot) => (slot < cols ? slot : -1));
  const half = size / 2;
  for (let r = 0; r < n; r++) {
    floats[r * half + groups + 2] = margin;
    words[r * size + groups * 2 + 6] = y[r]!;
  }
  return { words, bytes: new Uint8Array(words.buffer), floats, n, groups, size, slotFeature };
}

/** Histogram of the records at positions `start..end`. */
export function rangeHistogram(rows: TrainingRows, start: number, end: number, hist: Float64Array): void {
  hist.fill(0);
  const { words, floats, groups, size } = rows;
  const half = size / 2;
  for (let p = start; p < end; p++) {
    const at = p * size;
    const g = floats[p * half + groups]!;
    const hs = floats[p * half + groups + 1]!;
    for (let group = 0; group < groups; group++) {
      const lo = words[at + 2 * group]!;
      const hi = words[at + 2 * group + 1]!;
      const base = group * GROUP * STRIDE;
      // Eight slots written out: V8 did not inline a helper here (profiled).
      let j = base + (lo & 255) * 3;
      hist[j]! += g;
      hist[j + 1]! += hs;
      hist[j + 2]! += 1;
      j = base + STRIDE + ((lo >>> 8) & 255) * 3;
      hist[j]! += g;
      hist[j + 1]! += hs;
      hist[j + 2]! += 1;
      j = base + 2 * STRIDE + ((lo >>> 16) & 255) * 3;
      hist[j]! += g;
      hist[j + 1]! += hs;
      hist[j + 2]! += 1;
      j = base + 3 * STRIDE + (lo >>> 24) * 3;
      hist[j]! += g;
      hist[j + 1]! += hs;
      hist[j + 2]! += 1;
      j = base + 4 * STRIDE + (hi & 255) * 3;
      hist[j]! += g;
      hist[j + 1]! += hs;
      hist[j + 2]! += 1;
      j = base + 5 * STRIDE + ((hi >>> 8) & 255) * 3;
      hist[j]! += g;
      hist[j + 1]! += hs;
      hist[j + 2]! += 1;
      j = base + 6 * STRIDE + ((hi >>> 16) & 255) * 3;
      hist[j]! += g;
      hist[j + 1]! += hs;
      hist[j + 2]! += 1;
      j = base + 7 * STRIDE + (hi >>> 24) * 3;
      hist[j]! += g;
      hist[j + 1]! += hs;
      hist[j + 2]! += 1;
    }
  }
}

/** parent ← parent − child: the sibling's histogram without reading its rows. */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let j = 0; j < parent.length; j++) parent[j]! -= child[j]!;
}
