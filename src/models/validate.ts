/**
 * Shape checks shared by the clustering functions. A bad matrix throws a RangeError with a
 * message that says what to do, so callers never get NaN results or a loop that cannot end.
 */
export function checkMatrix(data: Float64Array, n: number, d: number): void {
  if (!Number.isInteger(n) || n <= 0) {
    throw new RangeError(`need at least one row to cluster, got n=${n}: load some customers first`);
  }
  if (!Number.isInteger(d) || d <= 0) {
    throw new RangeError(`need at least one feature column, got d=${d}: pick the features to cluster on`);
  }
  if (data.length !== n * d) {
    throw new RangeError(`data has ${data.length} values but n×d is ${n * d}: pass a row-major n×d array`);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const row = Math.floor(i / d);
      throw new RangeError(
        `row ${row}, column ${i - row * d} is not a finite number: fill or drop missing values before clustering`,
      );
    }
  }
}

/** Checks k against the number of rows. */
export function checkK(k: number, n: number): void {
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`k must be a whole number of at least 1, got ${k}`);
  }
  if (k > n) {
    throw new RangeError(`k=${k} is more than the ${n} rows: ask for fewer clusters or add more customers`);
  }
}
