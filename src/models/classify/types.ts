/**
 * The contract every binary classifier in Cairn keeps (logistic regression, gradient-boosted
 * trees, the multilayer perceptron), so the CSV path, the store path, the registry, explanations
 * and the fairness audit can treat them alike.
 *
 * - Inputs are a dense row-major matrix of numbers; `NaN` means missing. Categorical columns are
 *   one-hot encoded before they get here (the tabular layer does it and keeps the mapping).
 * - Labels are 0/1 in a `Uint8Array`.
 * - A fitted model is plain JSON-serialisable data (numbers, arrays, strings), so the registry can
 *   save it as an artifact and load it back without classes. Typed arrays inside are converted
 *   with `Array.from` by the serialiser; models must accept plain arrays when loaded.
 * - Every model predicts a margin (log-odds); the probability is the logistic of the margin, or a
 *   calibrator's output (see `calibrate.ts`).
 */

/** A dense row-major matrix: `data[row * cols + col]`, `NaN` = missing. */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Features, their names (one per column) and 0/1 labels. */
export interface Dataset {
  readonly x: Matrix;
  readonly y: Uint8Array;
  readonly names: readonly string[];
}

export type ClassifierKind = 'logistic' | 'gbdt' | 'mlp';

/** What fitting did: for reports and the registry. */
export interface FitReport {
  /** Solver iterations (logistic), boosting rounds kept (gbdt) or epochs (mlp). */
  iterations: number;
  /** Why fitting stopped: 'converged', 'early-stopping', 'max-iterations', … */
  stop: string;
  /** Mean log loss on the training rows at the end. */
  trainLoss: number;
  /** Mean log loss on the validation rows at the best iteration, when a validation set was given. */
  validLoss?: number;
  /** Warnings worth showing the user (a column that was constant, a solver that did not converge). */
  warnings: string[];
}

/**
 * Per-row additive explanation of the margin: `values[row * (cols + 1) + col]` is feature col's
 * contribution; the last entry of each row is the bias (the expected margin). For every row the
 * entries sum to the model's margin for that row (exactly, up to floating point).
 */
export interface Contributions {
  readonly values: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Builds a matrix, checking that the data has rows × cols entries. */
export function matrix(data: Float64Array, rows: number, cols: number): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || data.length !== rows * cols) {
    throw new RangeError(`a ${String(rows)}×${String(cols)} matrix needs ${String(rows * cols)} values, got ${String(data.length)}`);
  }
  return { data, rows, cols };
}

/** The logistic function, safe for large |margin|. */
export function sigmoid(margin: number): number {
  if (margin >= 0) return 1 / (1 + Math.exp(-margin));
  const e = Math.exp(margin);
  return e / (1 + e);
}
