import { mulberry32 } from '../prng.js';
import { countPositives } from './check.js';
import type { Dataset, Matrix } from './types.js';

/** Row indices of a split, each ascending. */
export interface Split {
  train: Int32Array;
  test: Int32Array;
}

/**
 * Splits rows into train and test keeping each class's share: of each class, round(count ·
 * testFraction) rows go to the test set, at least one and at most count − 1 when the class has two
 * rows or more. The rows are chosen by a seeded shuffle, so the same labels and seed give the same
 * split.
 *
 * @throws RangeError when there are no labels, the fraction is outside (0, 1), or a side would be empty.
 */
export function stratifiedSplit(y: Uint8Array, testFraction: number, seed = 0): Split {
  const positives = countPositives(y, 'a split');
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new RangeError(`the test fraction must lie strictly between 0 and 1, got ${String(testFraction)}`);
  }
  const n = y.length;
  const negativeRows = new Int32Array(n - positives);
  const positiveRows = new Int32Array(positives);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] === 1) positiveRows[b++] = i;
    else negativeRows[a++] = i;
  }
  const random = mulberry32(seed);
  const inTest = new Uint8Array(n);
  let testRows = 0;
  for (const rows of [negativeRows, positiveRows]) {
    const count = rows.length;
    let take = Math.round(count * testFraction);
    if (count >= 2) take = Math.min(count - 1, Math.max(1, take));
    // A partial Fisher–Yates shuffle: the first `take` places get a uniform sample.
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(random() * (count - i));
      const chosen = rows[j]!;
      rows[j] = rows[i]!;
      rows[i] = chosen;
      inTest[chosen] = 1;
    }
    testRows += take;
  }
  if (testRows === 0 || testRows === n) {
    throw new RangeError(`${String(n)} rows are too few to split with a test fraction of ${String(testFraction)}: add rows or change the fraction`);
  }
  const train = new Int32Array(n - testRows);
  const test = new Int32Array(testRows);
  a = 0;
  b = 0;
  for (let i = 0; i < n; i++) {
    if (inTest[i] === 1) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}

/** The given rows of a matrix, in the given order. */
export function takeMatrixRows(x: Matrix, rows: ArrayLike<number>): Matrix {
  const { cols } = x;
  const data = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!(r >= 0 && r < x.rows) || !Number.isInteger(r)) {
      throw new RangeError(`row ${String(r)} does not exist: the matrix has ${String(x.rows)} rows`);
    }
    data.set(x.data.subarray(r * cols, r * cols + cols), i * cols);
  }
  return { data, rows: rows.length, cols };
}

/** The given rows of a dataset (features and labels), in the given order; names are shared. */
export function takeRows(dataset: Dataset, rows: ArrayLike<number>): Dataset {
  const y = new Uint8Array(rows.length);
  const x = takeMatrixRows(dataset.x, rows);
  for (let i = 0; i < rows.length; i++) y[i] = dataset.y[rows[i]!]!;
  return { x, y, names: dataset.names };
}
