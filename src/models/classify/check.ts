import type { Dataset, Matrix } from './types.js';

/**
 * Input checks shared by the classifiers and their metrics. Each throws a RangeError whose message
 * says what is wrong and what to do, so nothing downstream returns NaN or a model of garbage.
 */

/** Checks 0/1 labels and counts the positives; `what` names the caller in messages. */
export function countPositives(y: Uint8Array, what: string): number {
  if (y.length === 0) throw new RangeError(`${what} needs at least one row, got none`);
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (v > 1) throw new RangeError(`label ${String(i)} is ${String(v)}: labels must be 0 or 1`);
    positives += v;
  }
  return positives;
}

/** Checks 0/1 labels that hold both classes; returns the number of positives. */
export function checkBothClasses(y: Uint8Array, what: string): number {
  const positives = countPositives(y, what);
  if (positives === 0 || positives === y.length) {
    const only = positives === 0 ? 0 : 1;
    throw new RangeError(`the target has only class ${String(only)}; ${what} needs both`);
  }
  return positives;
}

/** Checks that scores line up with the labels and hold no NaN. */
export function checkScores(y: Uint8Array, scores: ArrayLike<number>, what: string): void {
  if (scores.length !== y.length) {
    throw new RangeError(`${what}: ${String(scores.length)} scores for ${String(y.length)} labels: pass one score per row`);
  }
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new RangeError(`${what}: score ${String(i)} is NaN: score every row`);
  }
}

/** Checks probabilities: one per label, each in [0, 1]. */
export function checkProbabilities(y: Uint8Array, prob: ArrayLike<number>, what: string): void {
  if (prob.length !== y.length) {
    throw new RangeError(`${what}: ${String(prob.length)} probabilities for ${String(y.length)} labels: pass one per row`);
  }
  for (let i = 0; i < prob.length; i++) {
    const p = prob[i]!;
    if (!(p >= 0 && p <= 1)) {
      throw new RangeError(`${what}: probability ${String(i)} is ${String(p)}: probabilities must lie in [0, 1]`);
    }
  }
}

/** Checks a matrix's shape and that it has rows and columns. */
export function checkMatrixShape(x: Matrix, what: string): void {
  if (!Number.isInteger(x.rows) || !Number.isInteger(x.cols) || x.data.length !== x.rows * x.cols) {
    throw new RangeError(`${what}: a ${String(x.rows)}×${String(x.cols)} matrix needs ${String(x.rows * x.cols)} values, got ${String(x.data.length)}`);
  }
}

/** Checks a training set: rows, columns, one name and one 0/1 label per row, both classes. */
export function checkTrainingSet(data: Dataset, what: string): number {
  checkMatrixShape(data.x, what);
  if (data.x.rows === 0) throw new RangeError(`${what} needs at least one row, got none`);
  if (data.x.cols === 0) throw new RangeError(`${what} needs at least one feature column, got none`);
  if (data.names.length !== data.x.cols) {
    throw new RangeError(`${what}: ${String(data.names.length)} names for ${String(data.x.cols)} columns: name every column`);
  }
  if (data.y.length !== data.x.rows) {
    throw new RangeError(`${what}: ${String(data.y.length)} labels for ${String(data.x.rows)} rows: give one label per row`);
  }
  return checkBothClasses(data.y, what);
}

/** Checks that a matrix to score has the model's columns. */
export function checkColumns(x: Matrix, cols: number, what: string): void {
  checkMatrixShape(x, what);
  if (x.cols !== cols) {
    throw new RangeError(`${what}: the model was trained on ${String(cols)} columns but got ${String(x.cols)}: pass the training columns in the same order`);
  }
}
