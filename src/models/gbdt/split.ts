import { MISSING_BIN } from './binning.js';
import { STRIDE } from './histogram.js';

/** The best split of a node found in its histogram. */
export interface Split {
  /** Loss reduction G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ), as LightGBM and scikit-learn. */
  gain: number;
  feature: number;
  /** The feature's slot in the grouped bins and histograms. */
  slot: number;
  /** Rows with a bin ≤ this go left. */
  bin: number;
  missingGoesLeft: boolean;
  /** Left child's gradient sum, hessian sum and row count. */
  leftGradient: number;
  leftHessian: number;
  leftCount: number;
}

/** What limits a split: scikit-learn's min_samples_leaf, min_hessian_to_split, l2_regularization. */
export interface SplitRules {
  minSamplesLeaf: number;
  minHessianLeaf: number;
  l2: number;
  /** Non-missing bins of each feature. */
  binCounts: Int32Array;
  /** The feature in each histogram slot, −1 for padding. */
  slotFeature: Int32Array;
}

/**
 * The split of highest positive gain over all features, or null. Each feature is scanned left to
 * right with missing values on the right (including the split of missing against the rest) and,
 * when the node has missing values, right to left with them on the left. When the node has none,
 * missing values at prediction time follow the larger child.
 */
export function bestSplit(hist: Float64Array, gradient: number, hessian: number, count: number, rules: SplitRules): Split | null {
  const { minSamplesLeaf, minHessianLeaf, l2, binCounts, slotFeature } = rules;
  const parentScore = (gradient * gradient) / (hessian + l2);
  let best: Split | null = null;
  let bestGain = 0;
  for (let slot = 0; slot < slotFeature.length; slot++) {
    const f = slotFeature[slot]!;
    if (f < 0) continue;
    const base = slot * STRIDE;
    const nb = binCounts[f]!;
    const missingAt = base + MISSING_BIN * 3;
    const missingCount = hist[missingAt + 2]!;
    // Missing on the right; with missing values, also every value left and missing alone right.
    let lg = 0;
    let lh = 0;
    let lc = 0;
    const last = missingCount > 0 ? nb - 1 : nb - 2;
    for (let b = 0; b <= last; b++) {
      const j = base + b * 3;
      lg += hist[j]!;
      lh += hist[j + 1]!;
      lc += hist[j + 2]!;
      if (lc < minSamplesLeaf) continue;
      const rc = count - lc;
      if (rc < minSamplesLeaf) break;
      const rh = hessian - lh;
      if (rh < minHessianLeaf) break;
      if (lh < minHessianLeaf) continue;
      const rg = gradient - lg;
      const gain = (lg * lg) / (lh + l2) + (rg * rg) / (rh + l2) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        best = { gain, feature: f, slot, bin: b, missingGoesLeft: missingCount > 0 ? false : lc >= rc, leftGradient: lg, leftHessian: lh, leftCount: lc };
      }
    }
    if (missingCount === 0) continue;
    // Missing on the left: bins b + 1 … nb − 1 on the right.
    let rg = 0;
    let rh = 0;
    let rc = 0;
    for (let b = nb - 1; b >= 1; b--) {
      const j = base + b * 3;
      rg += hist[j]!;
      rh += hist[j + 1]!;
      rc += hist[j + 2]!;
      if (rc < minSamplesLeaf) continue;
      const lc = count - rc;
      if (lc < minSamplesLeaf) break;
      const lh = hessian - rh;
      if (lh < minHessianLeaf) break;
      if (rh < minHessianLeaf) continue;
      const lg = gradient - rg;
      const gain = (lg * lg) / (lh + l2) + (rg * rg) / (rh + l2) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        best = { gain, feature: f, slot, bin: b - 1, missingGoesLeft: true, leftGradient: lg, leftHessian: lh, leftCount: lc };
      }
    }
  }
  return best;
}
