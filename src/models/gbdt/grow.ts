import { MISSING_BIN } from './binning.js';
import { GROUP, rangeHistogram, STRIDE, subtractHistogram, type TrainingRows } from './histogram.js';
import { bestSplit, type Split, type SplitRules } from './split.js';

/** Limits on a tree's shape and the shrinkage of its leaves. */
export interface GrowOptions extends SplitRules {
  maxLeafNodes: number;
  /** Deepest a split may be (root at depth 0); Infinity when unlimited. */
  maxDepth: number;
  learningRate: number;
}

/** A tree over bins, with its leaves' row ranges so the caller can update the training margins. */
export interface BinnedTree {
  feature: number[];
  /** Rows with a bin ≤ this go left. */
  bin: number[];
  missingGoesLeft: number[];
  left: number[];
  right: number[];
  value: number[];
  cover: number[];
  gain: number[];
  /** Per leaf node: its rows are at positions `start[node]..end[node]`; −1 for internal nodes. */
  start: number[];
  end: number[];
}

interface Node {
  id: number;
  start: number;
  end: number;
  depth: number;
  gradient: number;
  hessian: number;
  hist: Float64Array | null;
  split: Split | null;
}

/**
 * Grows trees leaf-wise: always splitting the leaf whose best split gains most, until
 * `maxLeafNodes` leaves or no leaf can be split. A split swaps its rows' records in place, left
 * rows first, so every node's rows stay contiguous. Holds the histograms reused from tree to tree.
 */
export class TreeGrower {
  private readonly pool: Float64Array[] = [];
  private readonly histSize: number;

  constructor(
    private readonly rows: TrainingRows,
    private readonly options: GrowOptions,
  ) {
    this.histSize = rows.groups * GROUP * STRIDE;
  }

  /** Gradient p − y and hessian p(1 − p) of the log loss at every row's margin. */
  setLogLossGradients(): void {
    const { floats, words, n, groups, size } = this.rows;
    const half = size / 2;
    for (let i = 0, at = groups; i < n; i++, at += half) {
      const p = 1 / (1 + Math.exp(-floats[at + 2]!));
      floats[at] = p - words[2 * at + 6]!;
      floats[at + 1] = p * (1 - p);
    }
  }

  /** Adds each leaf's value to the margins of its training rows. */
  addLeafValues(tree: BinnedTree): void {
    const { floats, groups, size } = this.rows;
    const half = size / 2;
    for (let node = 0; node < tree.feature.length; node++) {
      if (tree.feature[node]! >= 0) continue;
      const value = tree.value[node]!;
      for (let i = tree.start[node]!, at = i * half + groups + 2; i < tree.end[node]!; i++, at += half) floats[at]! += value;
    }
  }

  /** The training rows' margins and labels in their current order (into `into` when given). */
  margins(into?: { margins: Float64Array; y: Uint8Array }): { margins: Float64Array; y: Uint8Array } {
    const { floats, words, n, groups, size } = this.rows;
    const half = size / 2;
    const margins = into?.margins ?? new Float64Array(n);
    const y = into?.y ?? new Uint8Array(n);
    for (let i = 0, at = groups; i < n; i++, at += half) {
      margins[i] = floats[at + 2]!;
      y[i] = words[2 * at + 6]!;
    }
    return { margins, y };
  }

  /** One tree fitted to the current gradients and hessians. */
  grow(): BinnedTree {
    const { floats, n, groups, size } = this.rows;
    const { maxLeafNodes } = this.options;
    const half = size / 2;
    let g = 0;
    let h = 0;
    for (let i = 0, at = groups; i < n; i++, at += half) {
      g += floats[at]!;
      h += floats[at + 1]!;
    }
    const tree: BinnedTree = { feature: [], bin: [], missingGoesLeft: [], left: [], right: [], value: [], cover: [], gain: [], start: [], end: [] };
    const root = this.addNode(tree, 0, n, 0, g, h);
    const candidates: Node[] = [];
    if (this.splittable(root, 1)) {
      root.hist = this.take();
      rangeHistogram(this.rows, 0, n, root.hist);
      this.consider(root, candidates);
    }
    let leaves = 1;
    while (leaves < maxLeafNodes && candidates.length > 0) {
      let pick = 0;
      for (let i = 1; i < candidates.length; i++) if (candidates[i]!.split!.gain > candidates[pick]!.split!.gain) pick = i;
      const node = candidates[pick]!;
      candidates[pick] = candidates[candidates.length - 1]!;
      candidates.pop();
      leaves++;
      this.split(tree, node, leaves, candidates);
    }
    for (const node of candidates) this.release(node);
    return tree;
  }

  private split(tree: BinnedTree, node: Node, leaves: number, candidates: Node[]): void {
    const split = node.split!;
    const mid = this.partition(node.start, node.end, split);
    const depth = node.depth + 1;
    const left = this.addNode(tree, node.start, mid, depth, split.leftGradient, split.leftHessian);
    const right = this.addNode(tree, mid, node.end, depth, node.gradient - split.leftGradient, node.hessian - split.leftHessian);
    const id = node.id;
    tree.feature[id] = split.feature;
    tree.bin[id] = split.bin;
    tree.missingGoesLeft[id] = split.missingGoesLeft ? 1 : 0;
    tree.left[id] = left.id;
    tree.right[id] = right.id;
    tree.gain[id] = split.gain;
    tree.start[id] = -1;
    tree.end[id] = -1;
    const parentHist = node.hist!;
    node.hist = null;
    const splitLeft = this.splittable(left, leaves + 1);
    const splitRight = this.splittable(right, leaves + 1);
    if (!splitLeft && !splitRight) {
      this.pool.push(parentHist);
      return;
    }
    // Build the smaller child from its rows; the larger is the parent minus it.
    const [small, large] = left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
    small.hist = this.take();
    rangeHistogram(this.rows, small.start, small.end, small.hist);
    if (small === left ? splitRight : splitLeft) {
      subtractHistogram(parentHist, small.hist);
      large.hist = parentHist;
    } else {
      this.pool.push(parentHist);
    }
    for (const child of [left, right]) {
      if (child.hist === null) continue;
      if (child === left ? splitLeft : splitRight) this.consider(child, candidates);
      else this.release(child);
    }
  }

  /** Finds the node's best split; keeps it as a candidate when there is one. */
  private consider(node: Node, candidates: Node[]): void {
    node.split = bestSplit(node.hist!, node.gradient, node.hessian, node.end - node.start, this.options);
    if (node.split === null) this.release(node);
    else candidates.push(node);
  }

  /** Whether a node may be split at all (before looking at its histogram). */
  private splittable(node: Node, leavesAfter: number): boolean {
    const { maxLeafNodes, maxDepth, minSamplesLeaf, minHessianLeaf } = this.options;
    return leavesAfter <= maxLeafNodes && node.depth < maxDepth && node.end - node.start >= 2 * minSamplesLeaf && node.hessian >= 2 * minHessianLeaf;
  }

  private addNode(tree: BinnedTree, start: number, end: number, depth: number, gradient: number, hessian: number): Node {
    const id = tree.feature.length;
    const { l2, learningRate } = this.options;
    const denominator = hessian + l2;
    tree.feature.push(-1);
    tree.bin.push(0);
    tree.missingGoesLeft.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(denominator > 0 ? (-learningRate * gradient) / denominator : 0);
    tree.cover.push(end - start);
    tree.gain.push(0);
    tree.start.push(start);
    tree.end.push(end);
    return { id, start, end, depth, gradient, hessian, hist: null, split: null };
  }

  /**
   * In-place partition of the records at `start..end` (Hoare's: scan from both ends, swap the
   * pairs on the wrong side). Returns the position of the first right row. (Block partitioning,
   * branch-free scans then swaps, measured only 10% faster on 1M records: memory, not branches,
   * bounds it.)
   */
  private partition(start: number, end: number, split: Split): number {
    const { words, bytes, size } = this.rows;
    const recordBytes = size * 4;
    const slot = split.slot;
    const threshold = split.bin;
    const missingLeft = split.missingGoesLeft;
    let i = start;
    let j = end - 1;
    for (;;) {
      while (i <= j) {
        const b = bytes[i * recordBytes + slot]!;
        if (b === MISSING_BIN ? !missingLeft : b > threshold) break;
        i++;
      }
      while (i < j) {
        const b = bytes[j * recordBytes + slot]!;
        if (b === MISSING_BIN ? missingLeft : b <= threshold) break;
        j--;
      }
      if (i >= j) return i;
      // Row i belongs right and row j left: swap their records.
      for (let k = 0, a = i * size, c = j * size; k < size; k++, a++, c++) {
        const t = words[a]!;
        words[a] = words[c]!;
        words[c] = t;
      }
      i++;
      j--;
    }
  }

  private take(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.histSize);
  }

  private release(node: Node): void {
    if (node.hist !== null) this.pool.push(node.hist);
    node.hist = null;
  }
}
