import type { Matrix } from './types.js';

/**
 * Standardised inputs for the logistic model and the perceptron: each column is centred on its
 * training mean and divided by its training standard deviation (population, over the values
 * present, as scikit-learn's StandardScaler), and a missing value becomes the training mean, that
 * is 0 after scaling. The matrix is never copied: rows are scaled as they are read.
 */
export interface InputScaling {
  means: Float64Array;
  scales: Float64Array;
  /** Per column 1 when it carries no information (constant or all missing): its weight stays 0. */
  unused: Uint8Array;
  warnings: string[];
}

/**
 * Fits the scaling on training rows and says which columns had missing values, were constant or
 * were all missing.
 *
 * @throws RangeError when a value is infinite (NaN is fine: it means missing).
 */
export function fitInputScaling(x: Matrix, names: readonly string[]): InputScaling {
  const { rows, cols, data } = x;
  const sums = new Float64Array(cols);
  const counts = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const at = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[at + j]!;
      if (v === v) {
        if (v === Infinity || v === -Infinity) {
          throw new RangeError(`column '${names[j]!}' is infinite in row ${String(i)}: use NaN for a missing value`);
        }
        sums[j]! += v;
        counts[j]!++;
      }
    }
  }
  const means = new Float64Array(cols);
  for (let j = 0; j < cols; j++) means[j] = counts[j]! > 0 ? sums[j]! / counts[j]! : 0;
  // Second pass on deviations: exact for columns with a large mean (timestamps, money in cents).
  const squares = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const at = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[at + j]!;
      if (v === v) {
        const d = v - means[j]!;
        squares[j]! += d * d;
      }
    }
  }
  const scales = new Float64Array(cols);
  const unused = new Uint8Array(cols);
  const warnings: string[] = [];
  for (let j = 0; j < cols; j++) {
    const name = names[j]!;
    const present = counts[j]!;
    const sd = present > 0 ? Math.sqrt(squares[j]! / present) : 0;
    if (present === 0) {
      warnings.push(`column '${name}' is all missing: it gets weight 0`);
    } else if (!(sd > 1e-12 * Math.max(1, Math.abs(means[j]!)))) {
      warnings.push(`column '${name}' is constant: it gets weight 0`);
    } else if (present < rows) {
      const share = ((rows - present) / rows) * 100;
      warnings.push(`column '${name}' has ${String(rows - present)} missing values (${share.toFixed(1)}%): filled with the training mean`);
    }
    if (present === 0 || !(sd > 1e-12 * Math.max(1, Math.abs(means[j]!)))) {
      unused[j] = 1;
      scales[j] = 1;
    } else {
      scales[j] = sd;
    }
  }
  return { means, scales, unused, warnings };
}

/**
 * Writes row `row` of x, standardised, into `out` from `offset`. Missing values and unused
 * columns become 0. Returns false when a value is infinite, so callers can say which row.
 */
export function scaleRow(
  data: Float64Array,
  row: number,
  cols: number,
  means: Float64Array,
  scales: Float64Array,
  unused: Uint8Array,
  out: Float64Array,
  offset: number,
): boolean {
  const at = row * cols;
  let finite = true;
  for (let j = 0; j < cols; j++) {
    const v = data[at + j]!;
    if (v !== v || unused[j] === 1) {
      out[offset + j] = 0;
    } else {
      if (v === Infinity || v === -Infinity) finite = false;
      out[offset + j] = (v - means[j]!) / scales[j]!;
    }
  }
  return finite;
}

/** The error for an infinite input value met while scoring. */
export function infiniteInput(x: Matrix, names: readonly string[]): RangeError {
  for (let i = 0; i < x.data.length; i++) {
    const v = x.data[i]!;
    if (v === Infinity || v === -Infinity) {
      const row = Math.floor(i / x.cols);
      return new RangeError(`column '${names[i - row * x.cols] ?? '?'}' is infinite in row ${String(row)}: use NaN for a missing value`);
    }
  }
  return new RangeError('an input value is infinite: use NaN for a missing value');
}
