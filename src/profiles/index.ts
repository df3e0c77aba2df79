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
export { profileFeaturesSql, profileFeatureSteps } from './features-sql.js';
export type { ProfileFeatureSteps } from './features-sql.js';
export { customerView, CustomerViewInputError, CUSTOMER_VIEW_RECENT } from './customer-view.js';
export type { CustomerView, CustomerViewOptions, CustomerEvent, CustomerOrder, CustomerOrderLine, CustomerText, CustomerFeatures } from './customer-view.js';
export { openCustomerPersonalData, combinePersonalData } from './customer-members.js';
export type { ResolvedCustomerId, CustomerMember, CustomerMerge, MemberPersonalData } from './customer-members.js';
export type { TimelineEntry, CustomerDevice, CustomerChannel, CustomerSession } from './customer-activity.js';
