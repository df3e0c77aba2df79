/**
 * Prediction intervals from the back-test's own errors (split-conformal style): the errors at
 * horizon h, pooled over the neighbouring horizons h−3…h+3 of every origin and divided by the
 * origin's recent level so that origins with more sales weigh the same, give the quantiles.
 */
export const HORIZON_WINDOW = 3;

/** Errors of the back-test: errors[o][j] = (actual − forecast) / scale of origin o, NaN if unknown. */
export type ScaledErrors = Float64Array[];

/**
 * Split-conformal order statistics: the ⌈(m+1)·p⌉-th smallest of m errors for the upper bound
 * and the ⌊(m+1)·p⌋-th for the lower, so that a new exchangeable error falls inside with at
 * least the stated probability (Vovk et al. 2005); plain quantiles of 60-odd errors under-cover.
 */
function upperOrder(sorted: readonly number[], p: number): number {
  const m = sorted.length;
  return sorted[Math.min(m - 1, Math.max(0, Math.ceil((m + 1) * p) - 1))]!;
}

function lowerOrder(sorted: readonly number[], p: number): number {
  const m = sorted.length;
  return sorted[Math.min(m - 1, Math.max(0, Math.floor((m + 1) * p) - 1))]!;
}

/** Lower and upper scaled-error quantiles at horizon index j, leaving origin `except` out. */
export function errorQuantiles(errors: ScaledErrors, j: number, level: number, except = -1): [number, number] {
  const pool: number[] = [];
  errors.forEach((row, o) => {
    if (o === except) return;
    for (let k = Math.max(0, j - HORIZON_WINDOW); k <= Math.min(row.length - 1, j + HORIZON_WINDOW); k++) {
      if (Number.isFinite(row[k]!)) pool.push(row[k]!);
    }
  });
  // Past the back-test's horizon, use its last horizons (the widest errors it measured).
  if (!pool.length && j > 0) return errorQuantiles(errors, j - 1, level, except);
  pool.sort((a, b) => a - b);
  if (!pool.length) return [0, 0];
  return [lowerOrder(pool, (1 - level) / 2), upperOrder(pool, (1 + level) / 2)];
}

/** Interval around `mean` at horizon index j from the quantiles, never excluding the mean itself. */
export function intervalAt(mean: number, scale: number, q: [number, number], floor: number): [number, number] {
  const lower = Math.max(floor, Math.min(mean, mean + q[0] * scale));
  const upper = Math.max(mean, mean + q[1] * scale);
  return [lower, upper];
}

/**
 * The share of back-test actuals inside the interval built from the other origins' errors
 * (leave one origin out), so the figure is measured on errors the interval never saw.
 */
export function leaveOneOriginOutCoverage(errors: ScaledErrors, level: number): { share: number; points: number } {
  let inside = 0;
  let points = 0;
  errors.forEach((row, o) => {
    for (let j = 0; j < row.length; j++) {
      const e = row[j]!;
      if (!Number.isFinite(e)) continue;
      const [lo, hi] = errorQuantiles(errors, j, level, o);
      // The interval never excludes the forecast itself (error 0), as intervalAt does.
      points++;
      if (e >= Math.min(lo, 0) && e <= Math.max(hi, 0)) inside++;
    }
  });
  return { share: points ? inside / points : 0, points };
}
