/**
 * Inverse of a symmetric positive-definite n×n matrix (row-major Float64Array) by Cholesky:
 * A = L·Lᵀ, then A⁻¹ = L⁻ᵀ·L⁻¹. About n³ flops in all; the input is left untouched.
 *
 * @throws RangeError when the matrix is not positive definite (a pivot ≤ 0).
 */
export function invertSpd(a: Float64Array, n: number): Float64Array {
  if (a.length !== n * n) throw new RangeError(`expected ${n}×${n} = ${n * n} values, got ${a.length}`);
  const l = choleskyLower(a, n);
  invertLowerInPlace(l, n);
  // A⁻¹ = Mᵀ·M with M = L⁻¹ lower triangular: (A⁻¹)_ij = Σ_{k ≥ max(i,j)} M_ki·M_kj.
  const inv = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rowK = k * n;
    for (let i = 0; i <= k; i++) {
      const mki = l[rowK + i]!;
      if (mki === 0) continue;
      const rowI = i * n;
      for (let j = 0; j <= i; j++) inv[rowI + j]! += mki * l[rowK + j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) inv[j * n + i] = inv[i * n + j]!;
  return inv;
}

/** The lower Cholesky factor L (row-major, zeros above the diagonal). */
export function choleskyLower(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      let sum = a[rowI + j]!;
      for (let k = 0; k < j; k++) sum -= l[rowI + k]! * l[rowJ + k]!;
      if (i === j) {
        if (!(sum > 0)) throw new RangeError(`matrix is not positive definite (pivot ${i} is ${sum})`);
        l[rowI + i] = Math.sqrt(sum);
      } else {
        l[rowI + j] = sum / l[rowJ + j]!;
      }
    }
  }
  return l;
}

/** Replaces a lower-triangular L by L⁻¹ (also lower triangular), by forward substitution. */
function invertLowerInPlace(l: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    const inv = 1 / l[rowI + i]!;
    // Row i of L⁻¹: x_ij = −(Σ_{k=j}^{i−1} L_ik·x_kj) / L_ii for j < i; x_ii = 1/L_ii.
    const tmp = new Float64Array(i);
    for (let k = 0; k < i; k++) {
      const lik = l[rowI + k]!;
      if (lik === 0) continue;
      const rowK = k * n;
      for (let j = 0; j <= k; j++) tmp[j]! += lik * l[rowK + j]!;
    }
    for (let j = 0; j < i; j++) l[rowI + j] = -tmp[j]! * inv;
    l[rowI + i] = inv;
  }
}
