import { MISSING_BIN } from './binning.js';
import { gatherBuffers, type GatherBuffers, GROUP, nodeHistogram, rootHistogram, type RowBins, STRIDE, subtractHistogram } from './histogram.js';
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
  /** Per leaf node: its rows are `rows[start[node]..end[node])`; −1 for internal nodes. */
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
 * `maxLeafNodes` leaves or no leaf can be split. Holds the buffers reused from tree to tree.
 */
export class TreeGrower {
  private readonly rows: Uint32Array;
  private readonly scratch: Uint32Array;
  private readonly gathered: GatherBuffers;
  private readonly pool: Float64Array[] = [];
  private readonly histSize: number;

  constructor(
    private readonly bins: RowBins,
    private readonly gradients: Float64Array,
    private readonly hessians: Float64Array,
    private readonly options: GrowOptions,
  ) {
    const { n } = bins;
    this.rows = new Uint32Array(n);
    this.scratch = new Uint32Array(n);
    // The smaller child, the only one gathered, has at most half its parent's rows.
    this.gathered = gatherBuffers(bins, Math.ceil(n / 2));
    this.histSize = bins.groups * GROUP * STRIDE;
  }

  /** Row indices grouped by leaf after {@link grow}: a leaf's rows are `rows[start..end)`. */
  get leafRows(): Uint32Array {
    return this.rows;
  }

  /** One tree fitted to the current gradients and hessians. */
  grow(): BinnedTree {
    const { bins, gradients, hessians } = this;
    const { n } = bins;
    const { maxLeafNodes } = this.options;
    // Rows in ascending order at the root, so every node's range stays ascending (stable
    // partitions) and histogram passes read the bins forward.
    for (let i = 0; i < n; i++) this.rows[i] = i;
    let g = 0;
    let h = 0;
    for (let i = 0; i < n; i++) {
      g += gradients[i]!;
      h += hessians[i]!;
    }
    const tree: BinnedTree = { feature: [], bin: [], missingGoesLeft: [], left: [], right: [], value: [], cover: [], gain: [], start: [], end: [] };
    const root = this.addNode(tree, 0, n, 0, g, h);
    const candidates: Node[] = [];
    if (this.splittable(root, 1)) {
      root.hist = this.take();
      rootHistogram(bins, gradients, hessians, root.hist);
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
    nodeHistogram(this.bins, this.gradients, this.hessians, this.rows, small.start, small.end, small.hist, this.gathered);
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
   * Stable in-place partition of `rows[start..end)` by the split: left rows keep their order at
   * the front, right rows (staged in scratch) follow. Branch-free, as the direction is random.
   */
  private partition(start: number, end: number, split: Split): number {
    const { rows, scratch } = this;
    const { bytes, groups } = this.bins;
    const rowBytes = groups * GROUP;
    const slot = split.slot;
    const threshold = split.bin;
    const missingLeft = split.missingGoesLeft ? 1 : 0;
    let w = start;
    let s = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      const b = bytes[r * rowBytes + slot]!;
      const goLeft = b === MISSING_BIN ? missingLeft : b <= threshold ? 1 : 0;
      rows[w] = r;
      scratch[s] = r;
      w += goLeft;
      s += 1 - goLeft;
    }
    rows.set(scratch.subarray(0, s), w);
    return w;
  }

  private take(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.histSize);
  }

  private release(node: Node): void {
    if (node.hist !== null) this.pool.push(node.hist);
    node.hist = null;
  }
}
