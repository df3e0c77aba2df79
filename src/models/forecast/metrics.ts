/**
 * Forecast accuracy over the points where the actual value is known (NaN actuals are gaps and
 * are skipped). Percentages are in percent.
 */
export interface Accuracy {
  /** Mean absolute percentage error over the days with a non-zero actual (undefined on none). */
  mape: number | null;
  /** Symmetric MAPE, 200·|y−ŷ|/(|y|+|ŷ|); a day where both are zero counts as a perfect 0. */
  smape: number;
  /** Mean absolute error divided by the in-sample MAE of the seasonal naive forecast. */
  mase: number | null;
  mae: number;
  points: number;
}

/** Sums of errors that can be added over back-test origins and then turned into `Accuracy`. */
export interface ErrorSums {
  absPct: number;
  pctPoints: number;
  smape: number;
  abs: number;
  /** Σ |error| / scale per point, for MASE with a scale per origin. */
  scaled: number;
  scaledPoints: number;
  points: number;
}

export function emptySums(): ErrorSums {
  return { absPct: 0, pctPoints: 0, smape: 0, abs: 0, scaled: 0, scaledPoints: 0, points: 0 };
}

/** Adds the errors of one forecast to `sums`; `scale` is the MASE denominator for its origin. */
export function addErrors(sums: ErrorSums, actual: ArrayLike<number>, predicted: ArrayLike<number>, scale: number): void {
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i]!;
    const f = predicted[i]!;
    if (!Number.isFinite(y)) continue;
    const e = Math.abs(y - f);
    sums.points++;
    sums.abs += e;
    const denominator = Math.abs(y) + Math.abs(f);
    if (denominator > 0) sums.smape += (200 * e) / denominator;
    if (y !== 0) {
      sums.absPct += (100 * e) / Math.abs(y);
      sums.pctPoints++;
    }
    if (scale > 0) {
      sums.scaled += e / scale;
      sums.scaledPoints++;
    }
  }
}

export function accuracy(sums: ErrorSums): Accuracy {
  const n = sums.points;
  return {
    mape: sums.pctPoints ? sums.absPct / sums.pctPoints : null,
    smape: n ? sums.smape / n : 0,
    mase: sums.scaledPoints ? sums.scaled / sums.scaledPoints : null,
    mae: n ? sums.abs / n : 0,
    points: n,
  };
}

/**
 * MASE's denominator: the mean absolute change from the same weekday a week before, over the
 * training days (Hyndman & Koehler 2006, seasonal version). Zero for a flat series.
 */
export function seasonalNaiveScale(y: ArrayLike<number>, period = 7): number {
  let sum = 0;
  let count = 0;
  for (let t = period; t < y.length; t++) {
    const a = y[t]!;
    const b = y[t - period]!;
    if (Number.isFinite(a) && Number.isFinite(b)) {
      sum += Math.abs(a - b);
      count++;
    }
  }
  return count ? sum / count : 0;
}
