/**
 * Customers summarised as lifetimes does: `frequency` = repeat purchases, `recency` = age at the
 * last purchase, `T` = age at the end of the calibration period (same time unit throughout),
 * `monetary` = mean value of the repeat purchases (optional).
 */
export interface RfmSummary {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetary?: Float64Array;
}

/** A fitted model's common report. */
export interface Fit<P> {
  params: P;
  logLikelihood: number;
  customers: number;
  iterations: number;
  converged: boolean;
  /** Why the optimiser stopped (see nelderMead): 'stalled' means a flat ridge, the likelihood maximal at a boundary. */
  stop: 'tolerance' | 'stalled' | 'max-iterations';
}

/** Distinct (frequency, recency, T) rows with their counts: likelihoods sum over these. */
export function compress(s: RfmSummary): { x: Float64Array; tx: Float64Array; T: Float64Array; w: Float64Array } {
  const groups = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < s.frequency.length; i++) {
    const key = `${s.frequency[i]}|${s.recency[i]}|${s.T[i]}`;
    const at = groups.get(key);
    if (at !== undefined) w[at]! += 1;
    else {
      groups.set(key, x.length);
      x.push(s.frequency[i]!);
      tx.push(s.recency[i]!);
      T.push(s.T[i]!);
      w.push(1);
    }
  }
  return { x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T), w: Float64Array.from(w) };
}

/** Refuses summaries a model cannot fit, with what to do. */
export function checkSummary(s: RfmSummary): void {
  const n = s.frequency.length;
  if (n === 0) throw new RangeError('the summary has no customers');
  if (s.recency.length !== n || s.T.length !== n) throw new RangeError('frequency, recency and T must have one value per customer');
  for (let i = 0; i < n; i++) {
    const x = s.frequency[i]!;
    const tx = s.recency[i]!;
    const T = s.T[i]!;
    if (!(x >= 0) || !(tx >= 0) || !(T >= 0) || tx > T || !Number.isFinite(x + tx + T)) {
      throw new RangeError(`customer ${i + 1}: need frequency ≥ 0 and 0 ≤ recency ≤ T (got ${x}, ${tx}, ${T})`);
    }
    if (x === 0 && tx !== 0) throw new RangeError(`customer ${i + 1}: recency must be 0 when frequency is 0 (got ${tx})`);
  }
}
