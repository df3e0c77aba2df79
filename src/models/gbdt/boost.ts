import type { GbdtParams } from './types.js';
import { MISSING_BIN } from './binning.js';
import type { BinnedTree, TreeGrower } from './grow.js';

/** Binned validation rows (column-major), their labels and their running margins. */
export interface Validation {
  bins: Uint8Array;
  y: Uint8Array;
  margins: Float64Array;
}

/** What boosting produced: the trees to keep and the figures for the fit report. */
export interface Boosted {
  trees: BinnedTree[];
  stop: string;
  trainLoss: number;
  validLoss?: number;
}

/**
 * Boosting rounds: gradients at the current margins, one tree, its leaves added to the margins.
 * With a validation set, stops when its log loss has not improved for `nIterNoChange` rounds and
 * keeps the trees up to the best round.
 */
export function boost(grower: TreeGrower, validation: Validation | null, params: GbdtParams): Boosted {
  const trees: BinnedTree[] = [];
  const losses: number[] = [];
  let best = 0;
  // The training margins and labels (in the grower's current order) at the best round so far.
  let bestTrain = grower.margins();
  if (validation !== null) losses.push(logLoss(validation.margins, validation.y));
  let stop = 'max-iterations';
  for (let iteration = 0; iteration < params.maxIter; iteration++) {
    grower.setLogLossGradients();
    const tree = grower.grow();
    if (tree.feature.length === 1) {
      stop = 'no-split';
      break;
    }
    grower.addLeafValues(tree);
    trees.push(tree);
    if (validation === null) continue;
    addTree(tree, validation.bins, validation.margins);
    losses.push(logLoss(validation.margins, validation.y));
    if (losses[losses.length - 1]! < losses[best]!) {
      best = losses.length - 1;
      bestTrain = grower.margins(bestTrain);
    }
    if (shouldStop(losses, params.nIterNoChange, params.tolerance)) {
      stop = 'early-stopping';
      break;
    }
  }
  if (validation === null) {
    const final = grower.margins();
    return { trees, stop, trainLoss: logLoss(final.margins, final.y) };
  }
  return { trees: trees.slice(0, best), stop, trainLoss: logLoss(bestTrain.margins, bestTrain.y), validLoss: losses[best]! };
}

/** scikit-learn's rule: stop when none of the last k losses beat the one before them by more than tol. */
function shouldStop(losses: readonly number[], k: number, tolerance: number): boolean {
  if (losses.length < k + 1) return false;
  const reference = losses[losses.length - k - 1]! - tolerance;
  for (let i = losses.length - k; i < losses.length; i++) if (losses[i]! < reference) return false;
  return true;
}

/** Mean log loss of margins: softplus(m) − y·m, stable for large |m|. */
export function logLoss(margins: Float64Array, y: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < margins.length; i++) {
    const m = margins[i]!;
    total += (m > 0 ? m : 0) + Math.log1p(Math.exp(-Math.abs(m))) - y[i]! * m;
  }
  return total / margins.length;
}

/** Adds a tree's output to the margins of binned (column-major) rows. */
function addTree(tree: BinnedTree, bins: Uint8Array, margins: Float64Array): void {
  const n = margins.length;
  const { feature, bin, missingGoesLeft, left, right, value } = tree;
  for (let i = 0; i < n; i++) {
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      const b = bins[f * n + i]!;
      const goLeft = b === MISSING_BIN ? missingGoesLeft[node] === 1 : b <= bin[node]!;
      node = goLeft ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    margins[i]! += value[node]!;
  }
}
