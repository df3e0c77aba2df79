import { groupByKey, type BlockingRule } from './blocking.js';
import { comparePairs, type Comparison } from './comparisons.js';
import { expectationMaximisation, initialM } from './em.js';
import { estimateU, totalPairs } from './estimate-u.js';
import { PairBuffer } from './pair-buffer.js';
import type { PreparedRecords } from './prepare.js';
import { seededRandom } from './random.js';

/** A blocking rule used to train m by EM, with the comparison levels it implies for every pair it makes. */
export interface TrainingRule extends BlockingRule {
  /** Comparison name → levels every pair of this rule falls in (used to turn the block's λ into the global one). */
  implies: Readonly<Record<string, readonly number[]>>;
}

/**
 * Splink's recipe: each session blocks on some fields, and estimates m for the comparisons of
 * the other fields (those it blocked on agree by construction, so it cannot learn them).
 */
export const TRAINING_RULES: readonly TrainingRule[] = [
  { name: 'same e-mail', needs: ['email'], implies: { email: [1] }, key: (r, i) => r.email[i] ?? null },
  { name: 'same date of birth', needs: ['dob'], implies: { dob: [1] }, key: (r, i) => r.dob[i] ?? null },
  {
    name: 'same first name and surname',
    needs: ['first_name', 'surname'],
    implies: { first_name: [1], surname: [1] },
    key: (r, i) => (r.first[i] && r.surname[i] ? `${r.first[i]}|${r.surname[i]}` : null),
  },
  { name: 'same phone', needs: ['phone'], implies: { phone: [1] }, key: (r, i) => { const p = r.phone[i]; return p && p.length >= 9 ? p.slice(-9) : null; } },
  { name: 'same postcode', needs: ['postcode'], implies: { postcode: [1] }, key: (r, i) => r.postcode[i] ?? null },
];

export interface FittedLevel {
  label: string;
  m: number;
  u: number;
  /** log2(m/u), capped at the stronger level's weight: what this level adds to a pair's match weight (0 for the null level). */
  weight: number;
}

export interface FittedComparison {
  name: string;
  levels: FittedLevel[];
  /** Level whose weight is taken per value from its term frequency, or -1. */
  tfLevel: number;
  /** Training sessions that estimated its m (empty: m kept at its starting guess). */
  estimatedBy: string[];
}

export interface TrainingSession {
  rule: string;
  pairs: number;
  /** Share of matches among the session's pairs. */
  lambda: number;
  /** The probability two random records match, worked back from this session's λ. */
  globalLambda: number | null;
  iterations: number;
  converged: boolean;
  estimated: string[];
}

export interface MatchModel {
  /** Probability that two random records (pairs across the files when linking) are the same person. */
  lambda: number;
  comparisons: FittedComparison[];
  sessions: TrainingSession[];
  uPairsSampled: number;
}

export interface TrainingOptions {
  uSamplePairs: number;
  trainingPairs: number;
  maxBlockSize: number;
  seed: number;
  onPhase?: (phase: string) => void;
}

/** Pairs of one training rule, sampled down to about `maxPairs`. */
function sessionPairs(r: PreparedRecords, rule: TrainingRule, maxPairs: number, maxBlock: number, seed: number) {
  const blocks = groupByKey(r, rule);
  const n = blocks.starts.length - 1;
  let all = 0;
  for (let b = 0; b < n; b++) {
    const size = blocks.starts[b + 1]! - blocks.starts[b]!;
    if (size <= maxBlock) all += (size * (size - 1)) / 2;
  }
  const keep = all > maxPairs ? maxPairs / all : 1;
  const random = seededRandom(seed);
  const buffer = new PairBuffer();
  for (let b = 0; b < n; b++) {
    const from = blocks.starts[b]!;
    const to = blocks.starts[b + 1]!;
    if (to - from > maxBlock) continue;
    for (let x = from; x < to; x++) {
      for (let y = x + 1; y < to; y++) {
        if (keep < 1 && random() >= keep) continue;
        const i = blocks.order[x]!;
        const j = blocks.order[y]!;
        if (r.source && r.source[i] === r.source[j]) continue;
        buffer.push(i, j);
      }
    }
  }
  return buffer.finish();
}

/** Distinct agreement patterns of the active comparisons and how many pairs have each. */
function tabulate(levels: Uint8Array, count: number, C: number, active: readonly number[]) {
  const index = new Map<number, number>();
  const rows: number[][] = [];
  const weights: number[] = [];
  for (let p = 0; p < count; p++) {
    // Levels are < 8, so a pattern of up to 16 comparisons is a 48-bit number.
    let code = 0;
    for (let a = 0; a < active.length; a++) code = code * 8 + levels[p * C + active[a]!]!;
    const at = index.get(code);
    if (at === undefined) {
      index.set(code, rows.length);
      rows.push(active.map((k) => levels[p * C + k]!));
      weights.push(1);
    } else weights[at]!++;
  }
  return { patterns: Uint8Array.from(rows.flat()), weights: Float64Array.from(weights) };
}

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * Levels run from the strongest agreement down, so a weaker level never weighs more than the one
 * above it. Rare fuzzy levels need this: a misspelt city is almost never seen among random pairs
 * or among the training matches, and log2(m/u) of two tiny estimates came out at +13, far
 * above an exact city's +3.
 */
function monotone(levels: FittedLevel[]): FittedLevel[] {
  for (let l = 2; l < levels.length; l++) levels[l]!.weight = Math.min(levels[l]!.weight, levels[l - 1]!.weight);
  return levels;
}

/**
 * Fits the model as Splink does: u by random sampling, then m by EM in one session per training
 * rule (u fixed), m averaged over the sessions that could estimate it. λ comes from the sessions
 * too: a session's share of matches is λ raised by the Bayes factor of the levels its rule
 * implies, so λ = that share divided back by the factor (median over sessions, on the odds scale).
 */
export function trainModel(r: PreparedRecords, comparisons: readonly Comparison[], rules: readonly TrainingRule[], options: TrainingOptions): MatchModel {
  options.onPhase?.('estimating u from random pairs');
  const uEstimate = estimateU(r, comparisons, options.uSamplePairs, options.seed);
  const C = comparisons.length;
  const mSums = comparisons.map((c) => new Float64Array(c.levels.length));
  const estimatedBy = comparisons.map(() => [] as string[]);
  const raw: { rule: TrainingRule; lambda: number; pairs: number; iterations: number; converged: boolean; estimated: string[] }[] = [];
  for (const [s, rule] of rules.entries()) {
    if (!rule.needs.every((f) => r.present.has(f))) continue;
    const active: number[] = [];
    comparisons.forEach((c, k) => {
      if (!c.fields.some((f) => rule.needs.includes(f))) active.push(k);
    });
    if (active.length === 0) continue;
    options.onPhase?.(`training m by EM on pairs with ${rule.name}`);
    const pairs = sessionPairs(r, rule, options.trainingPairs, options.maxBlockSize, options.seed + 1 + s);
    if (pairs.count < 10) continue;
    const levels = comparePairs(comparisons, pairs.left, pairs.right, pairs.count);
    const { patterns, weights } = tabulate(levels, pairs.count, C, active);
    const em = expectationMaximisation({
      levelCounts: active.map((k) => comparisons[k]!.levels.length),
      patterns,
      weights,
      u: active.map((k) => uEstimate.u[k]!),
      m: active.map((k) => initialM(comparisons[k]!.levels.length)),
      lambda: 0.1,
    });
    active.forEach((k, a) => {
      const sums = mSums[k]!;
      for (let l = 0; l < sums.length; l++) sums[l]! += em.m[a]![l]!;
      estimatedBy[k]!.push(rule.name);
    });
    raw.push({ rule, lambda: em.lambda, pairs: pairs.count, iterations: em.iterations, converged: em.converged, estimated: active.map((k) => comparisons[k]!.name) });
  }
  const fitted: FittedComparison[] = comparisons.map((c, k) => {
    const n = estimatedBy[k]!.length;
    const m = n > 0 ? mSums[k]!.map((x) => x / n) : initialM(c.levels.length);
    const u = uEstimate.u[k]!;
    return {
      name: c.name,
      tfLevel: c.tfLevel,
      estimatedBy: estimatedBy[k]!,
      levels: monotone(c.levels.map((label, l) => ({ label, m: l === 0 ? 1 : m[l]!, u: l === 0 ? 1 : u[l]!, weight: l === 0 ? 0 : Math.log2(m[l]! / u[l]!) }))),
    };
  });
  const sessions: TrainingSession[] = raw.map((s) => {
    let logFactor = 0;
    let known = true;
    for (const [name, implied] of Object.entries(s.rule.implies)) {
      const fc = fitted.find((f) => f.name === name);
      if (!fc || fc.estimatedBy.length === 0) {
        known = false;
        continue;
      }
      let m = 0;
      let u = 0;
      for (const l of implied) {
        m += fc.levels[l]!.m;
        u += fc.levels[l]!.u;
      }
      logFactor += Math.log(m / u);
    }
    const globalLambda = known ? 1 / (1 + Math.exp(-(logit(s.lambda) - logFactor))) : null;
    return { rule: s.rule.name, pairs: s.pairs, lambda: s.lambda, globalLambda, iterations: s.iterations, converged: s.converged, estimated: s.estimated };
  });
  // A block that is (almost) all matches says nothing about how rare matches are.
  const estimates = sessions
    .filter((s) => s.lambda < 0.99)
    .map((s) => s.globalLambda)
    .filter((x): x is number => x !== null && x > 0 && x < 1)
    .map(logit)
    .sort((a, b) => a - b);
  let lambda: number;
  if (estimates.length > 0) {
    const mid = estimates.length >> 1;
    const median = estimates.length % 2 ? estimates[mid]! : (estimates[mid - 1]! + estimates[mid]!) / 2;
    lambda = 1 / (1 + Math.exp(-median));
  } else {
    // No session to learn it from: assume each record has about one duplicate among all pairs.
    lambda = Math.min(0.5, r.count / Math.max(1, 2 * totalPairs(r)));
  }
  return { lambda, comparisons: fitted, sessions, uPairsSampled: uEstimate.pairsSampled };
}
