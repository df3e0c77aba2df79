/**
 * Dense symmetric solves for the Newton steps (logistic regression, Platt scaling): a Cholesky
 * factorisation in place on a row-major n×n array, with a growing diagonal jitter when rounding
 * leaves the matrix a hair short of positive definite.
 */

/**
 * Factorises the symmetric positive definite `a` (row-major n×n, lower triangle read) into L with
 * a = L·Lᵀ, written over the lower triangle. Returns the jitter added to the diagonal (0 normally).
 *
 * @throws RangeError when the matrix is not positive definite even after jitter.
 */
export function cholesky(a: Float64Array, n: number): number {
  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) maxDiagonal = Math.max(maxDiagonal, Math.abs(a[i * n + i]!));
  const original = a.slice();
  let jitter = 0;
  for (let attempt = 0; attempt < 12; attempt++) {
    if (attempt > 0) {
      a.set(original);
      jitter = jitter === 0 ? 1e-12 * Math.max(maxDiagonal, 1e-300) : jitter * 100;
      for (let i = 0; i < n; i++) a[i * n + i]! += jitter;
    }
    if (factorise(a, n)) return jitter;
  }
  throw new RangeError('the Newton system is not positive definite: the data may hold a column that copies another');
}

function factorise(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j]!;
    for (let k = 0; k < j; k++) d -= a[rj + k]! * a[rj + k]!;
    if (!(d > 0)) return false;
    const pivot = Math.sqrt(d);
    a[rj + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = s / pivot;
    }
  }
  return true;
}

/** Solves L·Lᵀ·x = b with the factor from {@link cholesky}; writes x into `out`. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    const ri = i * n;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * out[k]!;
    out[i] = s / l[ri + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = out[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * out[k]!;
    out[i] = s / l[i * n + i]!;
  }
}
