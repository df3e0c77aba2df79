/**
 * The users × items interaction matrix in compressed sparse rows (CSR): row u holds the items user
 * u touched, sorted by item, with a weight (a count, a quantity or a rating). Duplicate (user,
 * item) pairs are summed, so a customer who bought the same thing three times weighs 3.
 */
export interface Interactions {
  readonly nUsers: number;
  readonly nItems: number;
  /** Row starts, length nUsers + 1. */
  readonly indptr: Int32Array;
  /** Item of each stored entry, sorted within a row. */
  readonly indices: Int32Array;
  /** Weight of each stored entry. */
  readonly values: Float64Array;
}

/**
 * Builds the matrix from parallel arrays of user, item and weight (weight 1 when absent).
 *
 * @throws RangeError when the arrays differ in length, an id is out of range, or a weight is not finite.
 */
export function buildInteractions(users: Int32Array, items: Int32Array, weights: Float64Array | undefined, nUsers: number, nItems: number): Interactions {
  const n = users.length;
  if (items.length !== n || (weights !== undefined && weights.length !== n)) {
    throw new RangeError(`users, items and weights must have the same length (${n}, ${items.length}, ${weights?.length ?? n})`);
  }
  const counts = new Int32Array(nUsers + 1);
  for (let e = 0; e < n; e++) {
    const u = users[e]!;
    const i = items[e]!;
    if (!(u >= 0 && u < nUsers)) throw new RangeError(`user ${u} at entry ${e} is outside 0..${nUsers - 1}`);
    if (!(i >= 0 && i < nItems)) throw new RangeError(`item ${i} at entry ${e} is outside 0..${nItems - 1}`);
    if (weights !== undefined && !Number.isFinite(weights[e]!)) throw new RangeError(`weight at entry ${e} is not a finite number`);
    counts[u + 1]!++;
  }
  for (let u = 0; u < nUsers; u++) counts[u + 1]! += counts[u]!;
  const order = new Int32Array(n);
  const next = counts.slice(0, nUsers);
  for (let e = 0; e < n; e++) order[next[users[e]!]!++] = e;
  // Sort each row by item, then merge duplicates.
  const indptr = new Int32Array(nUsers + 1);
  const indices = new Int32Array(n);
  const values = new Float64Array(n);
  let out = 0;
  for (let u = 0; u < nUsers; u++) {
    const start = counts[u]!;
    const end = counts[u + 1]!;
    const row = Array.from(order.subarray(start, end)).sort((a, b) => items[a]! - items[b]!);
    for (const e of row) {
      const item = items[e]!;
      const w = weights === undefined ? 1 : weights[e]!;
      if (out > indptr[u]! && indices[out - 1] === item) values[out - 1]! += w;
      else {
        indices[out] = item;
        values[out] = w;
        out++;
      }
    }
    indptr[u + 1] = out;
  }
  return { nUsers, nItems, indptr, indices: indices.slice(0, out), values: values.slice(0, out) };
}

/** The transpose (items × users), so that an item's users can be walked in order. */
export function transpose(m: Interactions): Interactions {
  const nnz = m.indices.length;
  const indptr = new Int32Array(m.nItems + 1);
  for (let e = 0; e < nnz; e++) indptr[m.indices[e]! + 1]!++;
  for (let i = 0; i < m.nItems; i++) indptr[i + 1]! += indptr[i]!;
  const next = indptr.slice(0, m.nItems);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  for (let u = 0; u < m.nUsers; u++) {
    for (let e = m.indptr[u]!; e < m.indptr[u + 1]!; e++) {
      const at = next[m.indices[e]!]!++;
      indices[at] = u;
      values[at] = m.values[e]!;
    }
  }
  return { nUsers: m.nItems, nItems: m.nUsers, indptr, indices, values };
}

/** Same pattern, every weight replaced by `f(weight)` (say, binary or log-scaled confidence). */
export function mapValues(m: Interactions, f: (value: number) => number): Interactions {
  return { ...m, values: m.values.map(f) };
}

/** Number of distinct users of each item. */
export function itemUserCounts(m: Interactions): Int32Array {
  const counts = new Int32Array(m.nItems);
  for (let e = 0; e < m.indices.length; e++) counts[m.indices[e]!]!++;
  return counts;
}

/** Whether user u has item i (binary search in the sorted row). */
export function hasItem(m: Interactions, u: number, i: number): boolean {
  let lo = m.indptr[u]!;
  let hi = m.indptr[u + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = m.indices[mid]!;
    if (v === i) return true;
    if (v < i) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
