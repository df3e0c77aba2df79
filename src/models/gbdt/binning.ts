import type { Matrix } from '../classify/types.js';
import type { Random } from '../prng.js';

/** The bin every missing value falls in, whatever the feature's number of bins. */
export const MISSING_BIN = 255;

/** Per-feature bin edges: value v is in bin b when edges[b − 1] < v ≤ edges[b]. */
export interface Binner {
  /** Ascending upper edges; a feature with k edges has k + 1 bins for its non-missing values. */
  edges: Float64Array[];
}

/**
 * Learns at most `maxBins` quantile bins per feature from up to `subsample` of `rows` (as
 * scikit-learn: midpoints between distinct values when there are few, otherwise midpoints at
 * evenly spaced percentiles).
 *
 * @throws RangeError when a column holds an infinite value.
 */
export function fitBinner(x: Matrix, rows: Uint32Array, maxBins: number, subsample: number, random: Random, names: readonly string[]): Binner {
  const sample = sampleRows(rows, subsample, random);
  const { cols, data } = x;
  const m = sample.length;
  // The sampled rows copied column by column in one pass over them (a pass per column re-reads
  // every sampled row’s cache line: 280 ms against 50 ms on 200k × 30).
  const columns = new Float64Array(m * cols);
  for (let i = 0; i < m; i++) {
    const base = sample[i]! * cols;
    for (let f = 0; f < cols; f++) columns[f * m + i] = data[base + f]!;
  }
  const edges: Float64Array[] = [];
  for (let f = 0; f < cols; f++) {
    const column = columns.subarray(f * m, (f + 1) * m);
    let kept = 0;
    for (let i = 0; i < m; i++) {
      const v = column[i]!;
      if (v === v) {
        if (v === Infinity || v === -Infinity) throw new RangeError(`column '${names[f] ?? f}' holds an infinite value; use NaN for missing`);
        column[kept++] = v;
      }
    }
    edges.push(quantileEdges(column.subarray(0, kept).sort(), maxBins));
  }
  return { edges };
}

/** Edges between the sorted values: midpoints of distinct values or of percentiles. */
function quantileEdges(sorted: Float64Array, maxBins: number): Float64Array {
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length && distinct.length <= maxBins; i++) {
    if (i === 0 || sorted[i]! !== sorted[i - 1]!) distinct.push(sorted[i]!);
  }
  const out: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 1; i < distinct.length; i++) out.push((distinct[i - 1]! + distinct[i]!) / 2);
  } else {
    // numpy's percentile(method='midpoint') at 100·k/maxBins, k = 1..maxBins−1.
    const last = sorted.length - 1;
    for (let k = 1; k < maxBins; k++) {
      const position = (k / maxBins) * last;
      const edge = (sorted[Math.floor(position)]! + sorted[Math.ceil(position)]!) / 2;
      if (out.length === 0 || edge > out[out.length - 1]!) out.push(edge);
    }
  }
  return Float64Array.from(out);
}

function sampleRows(rows: Uint32Array, subsample: number, random: Random): Uint32Array {
  if (rows.length <= subsample) return rows;
  // Partial Fisher–Yates on a copy: `subsample` distinct rows.
  const copy = rows.slice();
  for (let i = 0; i < subsample; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    const t = copy[i]!;
    copy[i] = copy[j]!;
    copy[j] = t;
  }
  return copy.subarray(0, subsample).sort();
}

/** Where {@link applyBinner} writes: the bin of row i, feature f at `bytes[offsets[f] + i * stride]`. */
export interface BinLayout {
  bytes: Uint8Array;
  stride: number;
  offsets: Int32Array;
}

/** Column-major bins, `bytes[f * rows + i]`: one feature's rows together. */
export function columnLayout(rows: number, cols: number): BinLayout {
  return { bytes: new Uint8Array(rows * cols), stride: 1, offsets: Int32Array.from({ length: cols }, (_, f) => f * rows) };
}

/** Binned rows and, per feature, whether any was missing and whether any had a value. */
export interface BinnedRows {
  bins: Uint8Array;
  rows: number;
  hasMissing: Uint8Array;
  hasValue: Uint8Array;
}

/** Rows binned per block so the block's slice of the row-major matrix stays in cache. */
const BLOCK = 2048;
/** Edges searched per feature: at most 254 real ones, padded. */
const SEARCH = 255;

/**
 * Bins the given rows of x (all when `rows` is null), column-major unless another layout is given.
 *
 * @throws RangeError when a column holds an infinite value.
 */
export function applyBinner(binner: Binner, x: Matrix, rows: Uint32Array | null, names: readonly string[], layout?: BinLayout): BinnedRows {
  const { cols, data } = x;
  const n = rows === null ? x.rows : rows.length;
  const { bytes: bins, stride, offsets } = layout ?? columnLayout(n, cols);
  const hasMissing = new Uint8Array(cols);
  const hasValue = new Uint8Array(cols);
  // Edges padded with +Infinity to 255 entries: a branch-free search of eight halvings (Number(a < b)
  // compiles without a branch; `a < b ? k : 0` does not). 1M × 30 values: bisection 1.8 s,
  // `?:` steps 1.4 s, these 0.5 s.
  const padded = binner.edges.map((e) => {
    const p = new Float64Array(SEARCH).fill(Infinity);
    p.set(e);
    return p;
  });
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    for (let f = 0; f < cols; f++) {
      const edges = padded[f]!;
      const offset = offsets[f]!;
      let values = 0;
      for (let i = start; i < end; i++) {
        const v = data[(rows === null ? i : rows[i]!) * cols + f]!;
        if (v !== v) {
          bins[offset + i * stride] = MISSING_BIN;
          hasMissing[f] = 1;
          continue;
        }
        values++;
        if (v === Infinity || v === -Infinity) throw new RangeError(`column '${names[f] ?? f}' holds an infinite value; use NaN for missing`);
        // The number of edges below v.
        let lo = 0;
        lo += 128 * Number(edges[lo + 127]! < v);
        lo += 64 * Number(edges[lo + 63]! < v);
        lo += 32 * Number(edges[lo + 31]! < v);
        lo += 16 * Number(edges[lo + 15]! < v);
        lo += 8 * Number(edges[lo + 7]! < v);
        lo += 4 * Number(edges[lo + 3]! < v);
        lo += 2 * Number(edges[lo + 1]! < v);
        lo += Number(edges[lo]! < v);
        bins[offset + i * stride] = lo;
      }
      if (values > 0) hasValue[f] = 1;
    }
  }
  return { bins, rows: n, hasMissing, hasValue };
}
