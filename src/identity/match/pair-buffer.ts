/** A growing list of record pairs (left < right in dedupe mode) in two Int32Arrays. */
export class PairBuffer {
  left = new Int32Array(1024);
  right = new Int32Array(1024);
  count = 0;

  push(i: number, j: number): void {
    if (this.count === this.left.length) {
      const size = this.left.length * 2;
      const l = new Int32Array(size);
      const r = new Int32Array(size);
      l.set(this.left);
      r.set(this.right);
      this.left = l;
      this.right = r;
    }
    this.left[this.count] = i;
    this.right[this.count] = j;
    this.count++;
  }

  /** The pairs as exact-length arrays. */
  finish(): { left: Int32Array; right: Int32Array; count: number } {
    return { left: this.left.slice(0, this.count), right: this.right.slice(0, this.count), count: this.count };
  }
}
