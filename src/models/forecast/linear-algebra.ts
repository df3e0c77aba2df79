/**
 * Solves the symmetric positive-definite system A·x = b in place by Cholesky (A is p×p,
 * row-major; only its lower triangle is read). Returns false when A is not positive definite.
 */
export function choleskySolve(a: Float64Array, b: Float64Array, p: number): boolean {
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j]!;
    for (let k = 0; k < j; k++) d -= a[j * p + k]! ** 2;
    if (!(d > 0)) return false;
    const l = Math.sqrt(d);
    a[j * p + j] = l;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j]!;
      for (let k = 0; k < j; k++) s -= a[i * p + k]! * a[j * p + k]!;
      a[i * p + j] = s / l;
    }
  }
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[i * p + k]! * b[k]!;
    b[i] = s / a[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < p; k++) s -= a[k * p + i]! * b[k]!;
    b[i] = s / a[i * p + i]!;
  }
  return true;
}
