/**
 * A static k-d tree over the rows of a row-major n×d matrix, for radius and k-nearest queries in a
 * few dimensions (customer features: 3–10 columns). Built once by median splits on the widest
 * column; each node keeps its bounding box so a query skips any box farther than its radius.
 *
 * Why not a uniform grid: with d = 6 a grid probes 3⁶ = 729 cells per query, most of them empty;
 * the tree visits only boxes that intersect the ball.
 */
export class KdTree {
  /** Row indices, reordered so that every node owns a contiguous slice. */
  readonly order: Int32Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  /** Per node: d minimums then d maximums. */
  private readonly box: Float64Array;
  private nodes = 0;
  /** Traversal stack; a depth-first walk holds at most one pending sibling per level, so a tree-sized buffer is ample. */
  private readonly stack: Int32Array;

  constructor(
    readonly data: Float64Array,
    readonly n: number,
    readonly d: number,
    private readonly leafSize = 16,
  ) {
    this.order = new Int32Array(n);
    for (let i = 0; i < n; i++) this.order[i] = i;
    // A tree with leaves of ≥ leafSize/2 rows has fewer than 4n/leafSize + 1 nodes.
    const capacity = Math.max(1, Math.ceil((4 * n) / Math.max(1, leafSize)) + 1);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.left = new Int32Array(capacity).fill(-1);
    this.right = new Int32Array(capacity).fill(-1);
    this.box = new Float64Array(capacity * 2 * d);
    this.stack = new Int32Array(capacity + 1);
    this.build(0, n);
  }

  /** Calls `visit` with every row within `radius` (Euclidean, inclusive) of row `row`, itself included. */
  radius(row: number, radius: number, visit: (other: number) => void): void {
    const count = this.radiusInto(row, radius);
    const found = this.found;
    for (let i = 0; i < count; i++) visit(found[i]!);
  }

  /** Counts rows within `radius` of row `row` (itself included). */
  countWithin(row: number, radius: number): number {
    return this.radiusInto(row, radius);
  }

  /** Rows found by the last {@link radiusInto}, in its first `count` slots. */
  found = new Int32Array(64);

  /**
   * Puts the rows within `radius` of row `row` into {@link found} and returns how many there are.
   * Filling a reused buffer instead of calling back per row, and giving up on a distance once its
   * partial sum passes the radius: DBSCAN on 60k × 9 blobs took 11–16 s of CPU instead of 18–24 s
   * (two runs each on a busy shared machine); on 4 columns it made no measurable difference.
   */
  radiusInto(row: number, radius: number): number {
    const { data, d } = this;
    const at = row * d;
    const r2 = radius * radius;
    let count = 0;
    const stack = this.stack;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top]!;
      if (this.boxDistance(node, data, at) > r2) continue;
      if (this.left[node]! < 0) {
        for (let p = this.start[node]!; p < this.end[node]!; p++) {
          const other = this.order[p]!;
          const b = other * d;
          let sum = 0;
          for (let j = 0; j < d && sum <= r2; j++) {
            const diff = data[at + j]! - data[b + j]!;
            sum += diff * diff;
          }
          if (sum <= r2) {
            if (count === this.found.length) {
              const grown = new Int32Array(count * 2);
              grown.set(this.found);
              this.found = grown;
            }
            this.found[count++] = other;
          }
        }
        continue;
      }
      stack[top++] = this.left[node]!;
      stack[top++] = this.right[node]!;
    }
    return count;
  }

  /**
   * Distance from row `row` to its k-th nearest other row (k ≥ 1; the row itself is not counted,
   * though an identical other row is, at distance 0).
   */
  kthNeighbourDistance(row: number, k: number): number {
    const best = new Float64Array(k).fill(Infinity); // sorted ascending squared distances
    const { data, d } = this;
    const at = row * d;
    const stack: number[] = [0];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (this.boxDistance(node, data, at) > best[k - 1]!) continue;
      if (this.left[node]! < 0) {
        for (let p = this.start[node]!; p < this.end[node]!; p++) {
          const other = this.order[p]!;
          if (other === row) continue;
          const dist = squaredDistance(data, at, other * d, d);
          if (dist >= best[k - 1]!) continue;
          let slot = k - 1;
          while (slot > 0 && best[slot - 1]! > dist) {
            best[slot] = best[slot - 1]!;
            slot--;
          }
          best[slot] = dist;
        }
        continue;
      }
      stack.push(this.left[node]!, this.right[node]!);
    }
    return Math.sqrt(best[k - 1]!);
  }

  /** Squared distance from a point to a node's bounding box (0 inside it). */
  private boxDistance(node: number, data: Float64Array, at: number): number {
    const d = this.d;
    const base = node * 2 * d;
    let sum = 0;
    for (let j = 0; j < d; j++) {
      const v = data[at + j]!;
      const lo = this.box[base + j]!;
      const hi = this.box[base + d + j]!;
      const gap = v < lo ? lo - v : v > hi ? v - hi : 0;
      sum += gap * gap;
    }
    return sum;
  }

  private build(from: number, to: number): number {
    const node = this.nodes++;
    this.start[node] = from;
    this.end[node] = to;
    const { d, data, order } = this;
    const base = node * 2 * d;
    for (let j = 0; j < d; j++) {
      this.box[base + j] = Infinity;
      this.box[base + d + j] = -Infinity;
    }
    for (let p = from; p < to; p++) {
      const at = order[p]! * d;
      for (let j = 0; j < d; j++) {
        const v = data[at + j]!;
        if (v < this.box[base + j]!) this.box[base + j] = v;
        if (v > this.box[base + d + j]!) this.box[base + d + j] = v;
      }
    }
    if (to - from <= this.leafSize) return node;
    let axis = 0;
    let widest = -1;
    for (let j = 0; j < d; j++) {
      const width = this.box[base + d + j]! - this.box[base + j]!;
      if (width > widest) {
        widest = width;
        axis = j;
      }
    }
    // All rows identical: splitting cannot separate them, keep one (large) leaf.
    if (!(widest > 0)) return node;
    const mid = (from + to) >>> 1;
    selectNth(order, data, d, axis, from, to - 1, mid);
    this.left[node] = this.build(from, mid);
    this.right[node] = this.build(mid, to);
    return node;
  }
}

function squaredDistance(data: Float64Array, a: number, b: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const diff = data[a + j]! - data[b + j]!;
    sum += diff * diff;
  }
  return sum;
}

/** Quickselect (Hoare partition) on order[lo..hi] by column `axis`, so order[nth] holds the median. */
function selectNth(order: Int32Array, data: Float64Array, d: number, axis: number, lo: number, hi: number, nth: number): void {
  while (lo < hi) {
    const pivot = data[order[(lo + hi) >>> 1]! * d + axis]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (data[order[i]! * d + axis]! < pivot) i++;
      while (data[order[j]! * d + axis]! > pivot) j--;
      if (i <= j) {
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
        i++;
        j--;
      }
    }
    if (nth <= j) hi = j;
    else if (nth >= i) lo = i;
    else return;
  }
}
