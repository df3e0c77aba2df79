/**
 * Per-customer features computed from the store: the RFM summary the lifetime-value models fit,
 * and the feature tables segmentation and predictions read.
 */
export { clvSummary, orderDateRange } from './clv-summary.js';
export type { ClvSummary, ClvSummaryOptions, SummaryUnit } from './clv-summary.js';
export { segmentFeatures, lastActivityDate, SEGMENT_FEATURES, SEGMENT_FEATURES_SQL } from './segment-features.js';
export type { SegmentFeatures, SegmentFeature } from './segment-features.js';
