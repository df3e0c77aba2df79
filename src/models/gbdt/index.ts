/**
 * Histogram gradient-boosted decision trees for binary log loss (as scikit-learn's
 * HistGradientBoostingClassifier and LightGBM): quantile binning, leaf-wise growth, missing values
 * routed the learned way, early stopping, exact TreeSHAP.
 */
export { fitGbdt } from './fit.js';
export { gbdtMargins } from './predict.js';
export { treeShap } from './tree-shap.js';
export { gbdtImportance } from './importance.js';
export type { GbdtModel, GbdtOptions, GbdtParams, GbdtTree } from './types.js';
