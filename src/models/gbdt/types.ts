/**
 * The fitted gradient-boosted tree model and its options. A model is plain JSON (numbers, arrays,
 * strings) so the registry can save and load it without classes; typed arrays are accepted where
 * plain arrays are declared, as the serialiser converts them with `Array.from`.
 */

/**
 * One regression tree as flat arrays indexed by node (node 0 is the root). A node is a leaf when
 * `feature[node]` is −1. At a split a row goes left when its raw value is ≤ `threshold[node]`, and
 * a missing value (NaN) goes left when `missingGoesLeft[node]` is 1.
 */
export interface GbdtTree {
  /** Column split on, −1 for a leaf. */
  feature: number[];
  /** Go left when value ≤ threshold (raw units, +Infinity for a split of missing against the rest). */
  threshold: number[];
  /** 1 when missing values go left, 0 when they go right. */
  missingGoesLeft: number[];
  /** Left child node, −1 for a leaf. */
  left: number[];
  /** Right child node, −1 for a leaf. */
  right: number[];
  /** The margin the node adds (learning rate included); meaningful at leaves. */
  value: number[];
  /** Training rows that reached the node: the weights of TreeSHAP's conditional expectations. */
  cover: number[];
  /** Loss reduction of the split (0 at leaves): global importance. */
  gain: number[];
}

/** A fitted binary classifier for log loss: margin = baseScore + Σ trees' leaf values. */
export interface GbdtModel {
  kind: 'gbdt';
  /** Column names, one per feature the model was trained on. */
  names: string[];
  /** Starting margin: the log-odds of the training prior. */
  baseScore: number;
  /** The boosting rounds kept (up to the best validation iteration when early stopping ran). */
  trees: GbdtTree[];
  /** The options the model was fitted with, defaults filled in, for the registry. */
  params: GbdtParams;
}

/** Options with their defaults filled in (`maxDepth` null when unlimited) and the seed. */
export type GbdtParams = Required<Omit<GbdtOptions, 'maxDepth'>> & { maxDepth: number | null; seed: number };

/** Options of {@link fitGbdt}; the defaults are scikit-learn's HistGradientBoostingClassifier's. */
export interface GbdtOptions {
  /** Shrinkage applied to every leaf. Default 0.1. */
  learningRate?: number;
  /** Maximum boosting rounds. Default 100. */
  maxIter?: number;
  /** Maximum leaves per tree (leaf-wise growth, best gain first). Default 31. */
  maxLeafNodes?: number;
  /** Maximum depth of a tree (root at depth 0); undefined = no limit. */
  maxDepth?: number;
  /** Fewest training rows in a leaf. Default 20. */
  minSamplesLeaf?: number;
  /** Smallest hessian sum in a leaf. Default 1e-3. */
  minHessianLeaf?: number;
  /** L2 penalty on leaf values. Default 0. */
  l2Regularization?: number;
  /** Bins per feature for non-missing values, 2..255. Default 255. */
  maxBins?: number;
  /** Rows sampled to place bin edges. Default 200,000. */
  binSubsample?: number;
  /**
   * Stop when the validation loss stops improving: `'auto'` (default) does so when a validation
   * set is given or the training set has more than 10,000 rows (then a stratified
   * `validationFraction` of it is held out).
   */
  earlyStopping?: 'auto' | boolean;
  /** Share of the training rows held out for early stopping when no validation set is given. Default 0.1. */
  validationFraction?: number;
  /** Rounds without an improvement of more than `tolerance` before stopping. Default 10. */
  nIterNoChange?: number;
  /** Improvement in validation log loss that counts. Default 1e-7. */
  tolerance?: number;
}
