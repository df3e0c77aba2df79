import { checkMatrix } from './validate.js';

/** Options for {@link standardise}. */
export interface StandardiseOptions {
  /** Per column: apply log1p before scaling (for skewed counts and money). Needs values > −1. */
  log?: readonly boolean[];
}

/** The fitted transform: enough to put new points on the same scale. */
export interface Scaling {
  /** Per column: whether log1p was applied first. */
  log: boolean[];
  /** Per column mean, after the optional log. */
  means: Float64Array;
  /** Per column standard deviation (population), after the optional log; 1 for a constant column. */
  sds: Float64Array;
}

export interface Standardised extends Scaling {
  /** Row-major n×d z-scores. */
  data: Float64Array;
}

/**
 * Z-scores each column of a row-major n×d matrix, optionally taking log1p first, and returns the
 * means and standard deviations so new points can be transformed with {@link applyScaling}.
 * A constant column gets sd 1 (all zeros out) rather than a division by zero.
 */
export function standardise(
  data: Float64Array,
  n: number,
  d: number,
  options: StandardiseOptions = {},
): Standardised {
  checkMatrix(data, n, d);
  const log: boolean[] = [];
  for (let j = 0; j < d; j++) log.push(options.log?.[j] ?? false);
  if (options.log !== undefined && options.log.length !== d) {
    throw new RangeError(`log has ${options.log.length} flags but there are ${d} columns: give one per column`);
  }
  const out = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) {
    const j = i % d;
    const v = data[i]!;
    if (log[j]) {
      if (v <= -1) {
        throw new RangeError(`column ${j} has ${v}, which log1p cannot take: turn off log for that column`);
      }
      out[i] = Math.log1p(v);
    } else {
      out[i] = v;
    }
  }
  const means = new Float64Array(d);
  const sds = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) means[j]! += out[i * d + j]!;
  for (let j = 0; j < d; j++) means[j]! /= n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const dev = out[i * d + j]! - means[j]!;
      sds[j]! += dev * dev;
    }
  }
  for (let j = 0; j < d; j++) {
    const sd = Math.sqrt(sds[j]! / n);
    sds[j] = sd > 1e-12 ? sd : 1;
  }
  const scaling: Scaling = { log, means, sds };
  scaleInPlace(out, n, d, scaling);
  return { data: out, ...scaling };
}

/** Puts new rows (row-major m×d) on the scale fitted by {@link standardise}. */
export function applyScaling(data: Float64Array, m: number, scaling: Scaling): Float64Array {
  const d = scaling.means.length;
  checkMatrix(data, m, d);
  const out = new Float64Array(m * d);
  for (let i = 0; i < m * d; i++) {
    const v = data[i]!;
    out[i] = scaling.log[i % d] ? Math.log1p(v) : v;
  }
  scaleInPlace(out, m, d, scaling);
  return out;
}

function scaleInPlace(values: Float64Array, n: number, d: number, scaling: Scaling): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const at = i * d + j;
      values[at] = (values[at]! - scaling.means[j]!) / scaling.sds[j]!;
    }
  }
}
