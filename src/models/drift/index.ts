/** Drift of features and scores between a model's training data and today (population stability index). */
export { numericReference, numericShares, psi, psiAgainst, PSI_FLOOR, quantileEdges, textReference, textShares } from './psi.js';
export type { DriftReference, NumericReference, TextReference } from './psi.js';
