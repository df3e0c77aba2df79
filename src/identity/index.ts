/**
 * identity: working out which records are the same person. Today: probabilistic record matching
 * (Fellegi–Sunter with EM, as Splink does it) of person files, pure under `match/`, and its
 * file-mode runner. The deterministic identity graph, store-backed matching and merge/split
 * land beside them (`graph/`, `run.ts`).
 */
export { matchRecords, MatchInputError } from './match/matcher.js';
export type { MatchOptions, MatchResult } from './match/matcher.js';
export { prepareRecords } from './match/prepare.js';
export type { PersonFile, PreparedRecords } from './match/prepare.js';
export { FIELD_KINDS, autoMapColumns } from './match/fields.js';
export type { FieldKind } from './match/fields.js';
export { probabilityFromWeight, explainPair } from './match/score.js';
export type { FieldEvidence } from './match/score.js';
export type { MatchModel, FittedComparison, TrainingSession } from './match/train.js';
export { connectedComponents } from './match/cluster.js';
export { pairwiseScores, blockingRecall } from './match/evaluate.js';
export type { PairwiseScores } from './match/evaluate.js';
export { exactRuleClusters } from './match/baseline.js';
export { jaro, jaroWinkler } from './match/jaro-winkler.js';
export { soundex } from './match/phonetic.js';
export { syntheticPersonFile, PERSON_FILE_HEADER } from './synthetic/person-file.js';
export type { SyntheticPersonFile, PersonFileOptions } from './synthetic/person-file.js';
export { dedupeFile, DedupeInputError } from './dedupe-file.js';
export type { DedupeFileOptions, DedupeFileReport } from './dedupe-file.js';
export { resolveIdentities } from './run/resolve.js';
export type { ResolveOptions, ResolveReport } from './run/resolve.js';
export { resolveGraph, LINK_KINDS } from './graph/resolve-graph.js';
export type { GraphInput, GraphResult, GraphConflict, LinkKind } from './graph/resolve-graph.js';
export { evaluateGraph } from './run/evaluate-graph.js';
export type { GraphScores } from './run/evaluate-graph.js';
export { splitCustomer, SplitError } from './run/split.js';
export type { SplitRequest, SplitReport } from './run/split.js';
export { matchStore, MatchStoreInputError, MATCH_SOURCES } from './run/match-store.js';
export type { MatchSource, MatchStoreOptions, MatchStoreReport } from './run/match-store.js';
export { decidePair, listReviewPairs, ReviewPairError } from './run/review-pairs.js';
export type { ReviewList, ReviewPair } from './run/review-pairs.js';
