import type { Contributions, Matrix } from '../classify/types.js';
import { checkModel } from './predict.js';
import type { GbdtModel, GbdtTree } from './types.js';

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2), ported from the shap
 * package's tree_shap_recursive: polynomial time, conditional expectations weighted by node
 * covers (training rows). For every row the contributions plus the bias (the last column: base
 * score + each tree's cover-weighted mean leaf) sum to the model's margin.
 *
 * @throws RangeError when x has another number of columns than the model.
 */
export function treeShap(model: GbdtModel, x: Matrix): Contributions {
  checkModel(model, x.cols);
  const { rows, cols, data } = x;
  const width = cols + 1;
  const values = new Float64Array(rows * width);
  let bias = model.baseScore;
  let deepest = 0;
  for (const tree of model.trees) {
    bias += expectedValue(tree);
    deepest = Math.max(deepest, depth(tree, 0));
  }
  const maxd = deepest + 2;
  const path = new PathBuffers((maxd * (maxd + 1)) / 2);
  const state: ShapState = { tree: model.trees[0]!, data, rowBase: 0, phi: values, phiBase: 0, path };
  for (let r = 0; r < rows; r++) {
    state.rowBase = r * cols;
    state.phiBase = r * width;
    for (const tree of model.trees) {
      state.tree = tree;
      if (tree.feature[0]! >= 0) recurse(state, 0, 0, 0, 1, 1, -1);
    }
    values[r * width + cols] = bias;
  }
  return { values, rows, cols };
}

/** The path of unique features: struct of arrays, one stretch per recursion depth. */
class PathBuffers {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
  constructor(size: number) {
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.weight = new Float64Array(size);
  }
}

interface ShapState {
  tree: GbdtTree;
  data: Float64Array;
  rowBase: number;
  phi: Float64Array;
  phiBase: number;
  path: PathBuffers;
}

/** A tree's mean output over the training rows: leaves weighted by cover. */
function expectedValue(tree: GbdtTree): number {
  let total = 0;
  for (let node = 0; node < tree.feature.length; node++) {
    if (tree.feature[node]! < 0) total += tree.value[node]! * tree.cover[node]!;
  }
  return total / tree.cover[0]!;
}

function depth(tree: GbdtTree, node: number): number {
  if (tree.feature[node]! < 0) return 0;
  return 1 + Math.max(depth(tree, tree.left[node]!), depth(tree, tree.right[node]!));
}

function recurse(s: ShapState, node: number, uniqueDepth: number, parentAt: number, parentZero: number, parentOne: number, parentFeature: number): void {
  const { tree, path } = s;
  // This node's path starts after its parent's and begins as a copy of it.
  const at = parentAt + uniqueDepth + 1;
  // A plain loop: copyWithin on a dozen entries costs more in the call than in the copy.
  const { feature, zero, one, weight } = path;
  for (let k = 0; k <= uniqueDepth; k++) {
    feature[at + k] = feature[parentAt + k]!;
    zero[at + k] = zero[parentAt + k]!;
    one[at + k] = one[parentAt + k]!;
    weight[at + k] = weight[parentAt + k]!;
  }
  extendPath(path, at, uniqueDepth, parentZero, parentOne, parentFeature);

  const split = tree.feature[node]!;
  if (split < 0) {
    const leaf = tree.value[node]!;
    for (let i = 1; i <= uniqueDepth; i++) {
      const w = unwoundPathSum(path, at, uniqueDepth, i);
      s.phi[s.phiBase + path.feature[at + i]!]! += w * (path.one[at + i]! - path.zero[at + i]!) * leaf;
    }
    return;
  }
  const v = s.data[s.rowBase + split]!;
  const goLeft = v !== v ? tree.missingGoesLeft[node] === 1 : v <= tree.threshold[node]!;
  const hot = goLeft ? tree.left[node]! : tree.right[node]!;
  const cold = goLeft ? tree.right[node]! : tree.left[node]!;
  const cover = tree.cover[node]!;
  const hotZero = tree.cover[hot]! / cover;
  const coldZero = tree.cover[cold]! / cover;
  let incomingZero = 1;
  let incomingOne = 1;
  // A feature split on higher up is unwound first, so it appears once in the path.
  let pathIndex = 0;
  while (pathIndex <= uniqueDepth && path.feature[at + pathIndex] !== split) pathIndex++;
  let depthHere = uniqueDepth;
  if (pathIndex !== uniqueDepth + 1) {
    incomingZero = path.zero[at + pathIndex]!;
    incomingOne = path.one[at + pathIndex]!;
    unwindPath(path, at, uniqueDepth, pathIndex);
    depthHere--;
  }
  recurse(s, hot, depthHere + 1, at, hotZero * incomingZero, incomingOne, split);
  recurse(s, cold, depthHere + 1, at, coldZero * incomingZero, 0, split);
}

function extendPath(p: PathBuffers, at: number, depth: number, zero: number, one: number, feature: number): void {
  p.feature[at + depth] = feature;
  p.zero[at + depth] = zero;
  p.one[at + depth] = one;
  p.weight[at + depth] = depth === 0 ? 1 : 0;
  const w = p.weight;
  for (let i = depth - 1; i >= 0; i--) {
    w[at + i + 1]! += (one * w[at + i]! * (i + 1)) / (depth + 1);
    w[at + i] = (zero * w[at + i]! * (depth - i)) / (depth + 1);
  }
}

function unwindPath(p: PathBuffers, at: number, depth: number, pathIndex: number): void {
  const one = p.one[at + pathIndex]!;
  const zero = p.zero[at + pathIndex]!;
  const w = p.weight;
  let nextOnePortion = w[at + depth]!;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = w[at + i]!;
      w[at + i] = (nextOnePortion * (depth + 1)) / ((i + 1) * one);
      nextOnePortion = tmp - (w[at + i]! * zero * (depth - i)) / (depth + 1);
    } else {
      w[at + i] = (w[at + i]! * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = pathIndex; i < depth; i++) {
    p.feature[at + i] = p.feature[at + i + 1]!;
    p.zero[at + i] = p.zero[at + i + 1]!;
    p.one[at + i] = p.one[at + i + 1]!;
  }
}

function unwoundPathSum(p: PathBuffers, at: number, depth: number, pathIndex: number): number {
  const one = p.one[at + pathIndex]!;
  const zero = p.zero[at + pathIndex]!;
  const w = p.weight;
  let nextOnePortion = w[at + depth]!;
  let total = 0;
  if (one !== 0) {
    for (let i = depth - 1; i >= 0; i--) {
      const tmp = nextOnePortion / ((i + 1) * one);
      total += tmp;
      nextOnePortion = w[at + i]! - tmp * zero * (depth - i);
    }
  } else {
    for (let i = depth - 1; i >= 0; i--) total += w[at + i]! / (zero * (depth - i));
  }
  return total * (depth + 1);
}
