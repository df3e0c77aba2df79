/** Segmentation: RFM scores and named segments, DBSCAN, k-means stability, segment cards. */
export { RFM_SEGMENTS, rfmSegment, quintileScores, scoreRfm, summariseRfm, rfmTransitions, NOT_YET_A_CUSTOMER, NO_LONGER_SCORED } from './rfm.js';
export type { RfmSegment, RfmInput, RfmResult, RfmSegmentSummary, RfmTransitions } from './rfm.js';
export { RFM_MEANING, rfmCards } from './rfm-cards.js';
export type { RfmCard } from './rfm-cards.js';
export { dbscan, expandClusters, NOISE } from './dbscan.js';
export type { DbscanOptions, DbscanResult, RegionQuery } from './dbscan.js';
export { suggestEps, knee } from './suggest-eps.js';
export type { SuggestEpsOptions, EpsSuggestion } from './suggest-eps.js';
export { KdTree } from './kd-tree.js';
export { kmeansStability } from './stability.js';
export type { Stability } from './stability.js';
export { describeSegments, suggestAction } from './describe-segments.js';
export type { SegmentCard, SegmentProfileInput, Distinction } from './describe-segments.js';
export { WORDS } from './segment-words.js';
export type { Comparison, FeatureWords } from './segment-words.js';
