import { candidatePairs, usableRules, type RuleReport } from './blocking.js';
import { connectedComponents, countClusters } from './cluster.js';
import { buildComparisons, comparePairs, type Comparison } from './comparisons.js';
import { totalPairs } from './estimate-u.js';
import { prepareRecords, type PersonFile, type PreparedRecords } from './prepare.js';
import { explainPair, probabilityFromWeight, scorePairs, type FieldEvidence } from './score.js';
import { trainModel, TRAINING_RULES, type MatchModel } from './train.js';

export interface MatchOptions {
  /** Pairs at or above this match probability are the same person (default 0.9, see the identity-match bench). */
  threshold?: number;
  /** Pairs from this probability up to the threshold go to the review list (default 0.5). */
  reviewFrom?: number;
  /** Random pairs for u (default 1,000,000, as in Splink's examples). */
  uSamplePairs?: number;
  /** Pairs per EM training session at most (default 300,000). */
  trainingPairs?: number;
  /** Blocks larger than this are skipped (default 500). */
  maxBlockSize?: number;
  seed?: number;
  /** Called at the start of each phase and while blocking and scoring. */
  onProgress?: (phase: string, done: number, total: number) => void;
}

export class MatchInputError extends Error {
  override name = 'MatchInputError';
}

export interface MatchResult {
  records: number;
  mode: 'dedupe' | 'link';
  fields: string[];
  /** All possible pairs, and the candidate pairs blocking chose (each compared once). */
  possiblePairs: number;
  pairsCompared: number;
  blocking: RuleReport[];
  model: MatchModel;
  threshold: number;
  reviewFrom: number;
  /** Candidate pairs and their scores. */
  pairs: { left: Int32Array; right: Int32Array; weight: Float64Array; levels: Uint8Array; count: number };
  /** Cluster label per record: the index of the cluster's first record. */
  clusters: Int32Array;
  clusterCount: number;
  matchedPairs: number;
  /** Indices into `pairs` with reviewFrom ≤ probability < threshold, most likely first. */
  review: number[];
  seconds: { prepare: number; blocking: number; training: number; scoring: number; clustering: number; total: number };
  /** Per-field evidence for pair `p`. */
  explain(p: number): FieldEvidence[];
  prepared: PreparedRecords;
  comparisons: Comparison[];
}

/**
 * Probabilistic record matching (Fellegi–Sunter with EM, as Splink does it) of one file of
 * person records against itself, or of two files against each other when `file.source` is set:
 * clean the fields, choose candidate pairs by blocking, estimate u by random sampling and m by
 * EM, score every candidate pair, and cluster the pairs above the threshold.
 */
export function matchRecords(file: PersonFile, options: MatchOptions = {}): MatchResult {
  const threshold = options.threshold ?? 0.9;
  const reviewFrom = Math.min(options.reviewFrom ?? 0.5, threshold);
  const progress = options.onProgress ?? (() => {});
  const started = performance.now();
  let t = started;
  const lap = () => {
    const now = performance.now();
    const s = (now - t) / 1000;
    t = now;
    return s;
  };
  progress('preparing records', 0, 1);
  const prepared = prepareRecords(file);
  const comparisons = buildComparisons(prepared);
  if (comparisons.length < 2) {
    throw new MatchInputError(`matching needs at least two usable fields (names, date of birth, e-mail, phone, postcode, city, address); found ${comparisons.map((c) => c.name).join(', ') || 'none'}`);
  }
  const rules = usableRules(prepared);
  if (rules.length === 0) throw new MatchInputError('no blocking rule can be used with these fields: add e-mail, phone, date of birth or postcode');
  const prepareSeconds = lap();

  progress('blocking', 0, rules.length);
  const maxBlockSize = options.maxBlockSize ?? 500;
  const candidates = candidatePairs(prepared, rules, { maxBlockSize, onProgress: (d, n) => progress('blocking', d, n) });
  const blockingSeconds = lap();

  const model = trainModel(prepared, comparisons, TRAINING_RULES, {
    uSamplePairs: options.uSamplePairs ?? 1_000_000,
    trainingPairs: options.trainingPairs ?? 300_000,
    maxBlockSize,
    seed: options.seed ?? 1,
    onPhase: (phase) => progress(phase, 0, 1),
  });
  const trainingSeconds = lap();

  const { left, right, count } = candidates;
  progress('scoring pairs', 0, count);
  const levels = comparePairs(comparisons, left, right, count);
  const weight = scorePairs(model, comparisons, levels, left, right, count);
  progress('scoring pairs', count, count);
  const scoringSeconds = lap();

  const cut = Math.log2(threshold / (1 - threshold));
  const reviewCut = Math.log2(reviewFrom / (1 - reviewFrom));
  const clusters = connectedComponents(prepared.count, left, right, (p) => weight[p]! >= cut, count);
  let matchedPairs = 0;
  const review: number[] = [];
  for (let p = 0; p < count; p++) {
    if (weight[p]! >= cut) matchedPairs++;
    else if (weight[p]! >= reviewCut) review.push(p);
  }
  review.sort((a, b) => weight[b]! - weight[a]!);
  const clusteringSeconds = lap();

  return {
    records: prepared.count,
    mode: prepared.source ? 'link' : 'dedupe',
    fields: comparisons.map((c) => c.name),
    possiblePairs: totalPairs(prepared),
    pairsCompared: count,
    blocking: candidates.rules,
    model,
    threshold,
    reviewFrom,
    pairs: { left, right, weight, levels, count },
    clusters,
    clusterCount: countClusters(clusters),
    matchedPairs,
    review,
    seconds: { prepare: prepareSeconds, blocking: blockingSeconds, training: trainingSeconds, scoring: scoringSeconds, clustering: clusteringSeconds, total: (performance.now() - started) / 1000 },
    explain: (p) => explainPair(model, comparisons, levels, p, left[p]!, right[p]!),
    prepared,
    comparisons,
  };
}

export { probabilityFromWeight };
