import { checkBothClasses, checkScores } from './check.js';
import { sigmoid } from './types.js';

/**
 * Probability calibration of a model's margins, fitted on rows the model did not train on:
 * Platt scaling (a logistic curve on the margin) or isotonic regression (a non-decreasing step
 * function, linearly interpolated), as scikit-learn's CalibratedClassifierCV does them. A
 * calibrator is plain JSON, saved beside its model.
 */

export type CalibrationMethod = 'platt' | 'isotonic';

/** p = σ(a · margin + b). */
export interface PlattCalibrator {
  method: 'platt';
  a: number;
  b: number;
}

/**
 * p = the linear interpolation of (x, y) at the margin, clipped to [x₀, xₙ] (sklearn's
 * IsotonicRegression(out_of_bounds='clip')). x ascends; y does not descend.
 */
export interface IsotonicCalibrator {
  method: 'isotonic';
  x: number[];
  y: number[];
}

export type Calibrator = PlattCalibrator | IsotonicCalibrator;

/**
 * Platt scaling by Newton's method with a backtracking line search, on Platt's smoothed targets
 * (N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2) so a perfectly separating margin still gets finite a and b
 * (the algorithm of Lin, Lin & Weng 2007, "A note on Platt's probabilistic outputs").
 */
export function fitPlatt(margins: ArrayLike<number>, y: Uint8Array): PlattCalibrator {
  checkScores(y, margins, 'Platt scaling');
  const positives = checkBothClasses(y, 'Platt scaling');
  const n = y.length;
  const negatives = n - positives;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  // Lin et al.'s parametrisation: P(y = 1) = 1 / (1 + exp(A·f + B)).
  const objective = (A: number, B: number): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const t = y[i] === 1 ? hi : lo;
      const fApB = margins[i]! * A + B;
      f += fApB >= 0 ? t * fApB + Math.log1p(Math.exp(-fApB)) : (t - 1) * fApB + Math.log1p(Math.exp(fApB));
    }
    return f;
  };
  let A = 0;
  let B = Math.log((negatives + 1) / (positives + 1));
  let fval = objective(A, B);
  for (let iteration = 0; iteration < 100; iteration++) {
    let h11 = 1e-12;
    let h22 = 1e-12;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      const f = margins[i]!;
      const fApB = f * A + B;
      const p = sigmoid(-fApB);
      const q = 1 - p;
      const d2 = p * q;
      h11 += f * f * d2;
      h22 += d2;
      h21 += f * d2;
      const d1 = (y[i] === 1 ? hi : lo) - p;
      g1 += f * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    let moved = false;
    while (step >= 1e-10) {
      const nextA = A + step * dA;
      const nextB = B + step * dB;
      const next = objective(nextA, nextB);
      if (next < fval + 1e-4 * step * gd) {
        A = nextA;
        B = nextB;
        fval = next;
        moved = true;
        break;
      }
      step /= 2;
    }
    if (!moved) break;
  }
  return { method: 'platt', a: -A, b: -B };
}

/**
 * Isotonic regression as sklearn's IsotonicRegression(increasing=True): rows sorted by x, equal x
 * (within 1e-15) averaged into one point, pool-adjacent-violators on the weighted means, then only
 * the ends of each constant run kept as interpolation knots.
 */
export function isotonicRegression(x: ArrayLike<number>, y: ArrayLike<number>): { x: number[]; y: number[] } {
  const n = x.length;
  if (n === 0) throw new RangeError('isotonic regression needs at least one point, got none');
  if (y.length !== n) throw new RangeError(`isotonic regression: ${String(n)} x for ${String(y.length)} y: pass one y per x`);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) throw new RangeError(`isotonic regression: point ${String(i)} is NaN: drop or fill it`);
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => x[a]! - x[b]! || y[a]! - y[b]!);
  // Unique x with the mean y and the count of each.
  const ux: number[] = [];
  const uy: number[] = [];
  const uw: number[] = [];
  for (const i of order) {
    const xi = x[i]!;
    const last = ux.length - 1;
    if (last >= 0 && xi - ux[last]! < 1e-15) {
      uy[last] = uy[last]! + y[i]!;
      uw[last] = uw[last]! + 1;
    } else {
      ux.push(xi);
      uy.push(y[i]!);
      uw.push(1);
    }
  }
  const m = ux.length;
  // Pool adjacent violators: a stack of blocks (weighted mean, weight, points covered).
  const value = new Float64Array(m);
  const weight = new Float64Array(m);
  const size = new Int32Array(m);
  let blocks = 0;
  for (let i = 0; i < m; i++) {
    value[blocks] = uy[i]! / uw[i]!;
    weight[blocks] = uw[i]!;
    size[blocks] = 1;
    blocks++;
    while (blocks > 1 && value[blocks - 2]! > value[blocks - 1]!) {
      const w = weight[blocks - 2]! + weight[blocks - 1]!;
      value[blocks - 2] = (value[blocks - 2]! * weight[blocks - 2]! + value[blocks - 1]! * weight[blocks - 1]!) / w;
      weight[blocks - 2] = w;
      size[blocks - 2]! += size[blocks - 1]!;
      blocks--;
    }
  }
  const fitted = new Float64Array(m);
  for (let b = 0, at = 0; b < blocks; b++) {
    fitted.fill(value[b]!, at, at + size[b]!);
    at += size[b]!;
  }
  const knotsX: number[] = [];
  const knotsY: number[] = [];
  for (let i = 0; i < m; i++) {
    const v = fitted[i]!;
    if (i === 0 || i === m - 1 || v !== fitted[i - 1] || v !== fitted[i + 1]) {
      knotsX.push(ux[i]!);
      knotsY.push(v);
    }
  }
  return { x: knotsX, y: knotsY };
}

/** Fits isotonic regression of the labels on the margins. */
export function fitIsotonic(margins: ArrayLike<number>, y: Uint8Array): IsotonicCalibrator {
  checkScores(y, margins, 'isotonic calibration');
  checkBothClasses(y, 'isotonic calibration');
  return { method: 'isotonic', ...isotonicRegression(margins, y) };
}

/**
 * Fits a calibrator of margins to 0/1 labels. Use rows the model did not train on (a validation
 * set), or the calibrator learns the model's overconfidence on its own training rows.
 *
 * @throws RangeError when the labels hold one class, the lengths differ or a margin is NaN.
 */
export function fitCalibrator(margins: ArrayLike<number>, y: Uint8Array, method: CalibrationMethod): Calibrator {
  return method === 'platt' ? fitPlatt(margins, y) : fitIsotonic(margins, y);
}

/** Linear interpolation on ascending knots, clipped at the ends (numpy.interp). */
function interpolate(knotsX: ArrayLike<number>, knotsY: ArrayLike<number>, t: number): number {
  const last = knotsX.length - 1;
  if (t <= knotsX[0]!) return knotsY[0]!;
  if (t >= knotsX[last]!) return knotsY[last]!;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (knotsX[mid]! <= t) lo = mid;
    else hi = mid;
  }
  const x0 = knotsX[lo]!;
  const x1 = knotsX[hi]!;
  const y0 = knotsY[lo]!;
  return y0 + ((knotsY[hi]! - y0) * (t - x0)) / (x1 - x0);
}

/**
 * Calibrated probabilities of margins.
 *
 * @throws RangeError when a margin is NaN or the calibrator is malformed.
 */
export function calibratedProbabilities(calibrator: Calibrator, margins: ArrayLike<number>): Float64Array {
  const out = new Float64Array(margins.length);
  if (calibrator.method === 'platt') {
    const { a, b } = calibrator;
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new RangeError('the Platt calibrator has a non-finite a or b: refit it');
    for (let i = 0; i < margins.length; i++) out[i] = sigmoid(a * margins[i]! + b);
  } else {
    const { x, y } = calibrator;
    if (x.length === 0 || x.length !== y.length) throw new RangeError('the isotonic calibrator has no knots or unequal x and y: refit it');
    for (let i = 0; i < margins.length; i++) out[i] = interpolate(x, y, margins[i]!);
  }
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(out[i])) throw new RangeError(`margin ${String(i)} is NaN: score every row before calibrating`);
  }
  return out;
}

/** The same as {@link calibratedProbabilities}: the name the run layer uses. */
export const applyCalibrator = calibratedProbabilities;
