import type { ClvSummary } from '../../profiles/index.js';
import type { TransactionModel } from '../index.js';

/** Predicted vs actual holdout purchases for customers with the same calibration frequency. */
export interface HoldoutBucket {
  /** Calibration repeat purchases: "0" … "6", and "7+". */
  frequency: string;
  customers: number;
  predicted: number;
  actual: number;
}

export interface HoldoutComparison {
  duration: number;
  buckets: HoldoutBucket[];
  predictedTotal: number;
  actualTotal: number;
  /** Mean absolute error per customer, and Pearson correlation of predicted and actual counts. */
  meanAbsoluteError: number;
  correlation: number;
}

/**
 * The check lifetimes draws as `plot_calibration_purchases_vs_holdout_purchases`: mean predicted
 * and actual holdout purchases per calibration frequency, plus totals and per-customer error.
 */
export function holdoutComparison(model: TransactionModel, s: ClvSummary): HoldoutComparison {
  const holdout = s.holdout;
  if (!holdout) throw new RangeError('the summary has no holdout period');
  const top = 7;
  const sums = Array.from({ length: top + 1 }, () => ({ customers: 0, predicted: 0, actual: 0 }));
  const n = s.frequency.length;
  let predictedTotal = 0;
  let actualTotal = 0;
  let absError = 0;
  let sp = 0;
  let sa = 0;
  let spp = 0;
  let saa = 0;
  let spa = 0;
  for (let i = 0; i < n; i++) {
    const predicted = model.expectedPurchases(holdout.duration, s.frequency[i]!, s.recency[i]!, s.T[i]!);
    const actual = holdout.frequency[i]!;
    const bucket = sums[Math.min(top, s.frequency[i]!)]!;
    bucket.customers++;
    bucket.predicted += predicted;
    bucket.actual += actual;
    predictedTotal += predicted;
    actualTotal += actual;
    absError += Math.abs(predicted - actual);
    sp += predicted;
    sa += actual;
    spp += predicted * predicted;
    saa += actual * actual;
    spa += predicted * actual;
  }
  const cov = spa - (sp * sa) / n;
  const denom = Math.sqrt((spp - (sp * sp) / n) * (saa - (sa * sa) / n));
  return {
    duration: holdout.duration,
    buckets: sums.map((b, k) => ({
      frequency: k === top ? `${top}+` : String(k),
      customers: b.customers,
      predicted: b.customers ? b.predicted / b.customers : 0,
      actual: b.customers ? b.actual / b.customers : 0,
    })),
    predictedTotal,
    actualTotal,
    meanAbsoluteError: absError / n,
    correlation: denom > 0 ? cov / denom : 0,
  };
}
