/** A sparse matrix in compressed sparse row form: row r's entries are indptr[r]..indptr[r+1]. */
export interface Csr {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** The given rows of a CSR matrix, in the given order. */
export function takeCsrRows(m: Csr, rows: ArrayLike<number>): Csr {
  let nnz = 0;
  for (let i = 0; i < rows.length; i++) nnz += m.indptr[rows[i]! + 1]! - m.indptr[rows[i]!]!;
  const indptr = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const start = m.indptr[r]!;
    const end = m.indptr[r + 1]!;
    indices.set(m.indices.subarray(start, end), at);
    values.set(m.values.subarray(start, end), at);
    at += end - start;
    indptr[i + 1] = at;
  }
  return { rows: rows.length, cols: m.cols, indptr, indices, values };
}

/** Row r of m times the dense vector w. */
export function rowDot(m: Csr, r: number, w: Float64Array): number {
  let s = 0;
  for (let k = m.indptr[r]!, end = m.indptr[r + 1]!; k < end; k++) s += m.values[k]! * w[m.indices[k]!]!;
  return s;
}
