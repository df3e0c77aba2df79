/** Explanations in words: each scored row's top reasons, from its additive contributions. */
export { topReasons } from './reasons.js';
export type { FeatureValue, Phrase, Reason, ReasonOptions } from './reasons.js';
export { customerPhrase } from './customer-phrases.js';
export { occlusionContributions } from './occlusion.js';
