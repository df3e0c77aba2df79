/**
 * Per-customer features computed from the store: the RFM summary the lifetime-value models fit,
 * and the feature tables segmentation and predictions read.
 */
export { clvSummary, orderDateRange } from './clv-summary.js';
export type { ClvSummary, ClvSummaryOptions, SummaryUnit } from './clv-summary.js';
export { segmentFeatures, lastActivityDate, SEGMENT_FEATURES, SEGMENT_FEATURES_SQL } from './segment-features.js';
export type { SegmentFeatures, SegmentFeature } from './segment-features.js';
export { computeProfileFeatures, readProfileFeatures, defaultProfileAsOf, PROFILE_FEATURE_SET, PROFILE_VERSION } from './features.js';
export type { ProfileFeaturesOptions, ProfileFeaturesRun, FeatureSummary, StoredProfile, ReadProfilesOptions } from './features.js';
export { FEATURE_POLICY, PROFILE_FEATURES } from './feature-policy.js';
export type { FeaturePolicy, MissingPolicy, ProfileFeature, ProfileFlag, ProfileValues } from './feature-policy.js';
export { profileFeaturesSql } from './features-sql.js';
