/**
 * Expectation maximisation of the Fellegi–Sunter mixture over agreement patterns, with u held
 * fixed (Splink's default: u comes from random sampling, EM only learns m and the share of
 * matches λ). Works on distinct patterns with their counts, so its cost does not grow with the
 * number of pairs.
 */
export interface EmProblem {
  /** Levels per comparison, the null level (0) included. */
  levelCounts: readonly number[];
  /** Pattern p's level for comparison c at p * C + c. */
  patterns: Uint8Array;
  /** Number of pairs with each pattern. */
  weights: Float64Array;
  /** Fixed u per comparison and level. */
  u: readonly Float64Array[];
  /** Starting m per comparison and level. */
  m: readonly Float64Array[];
  lambda: number;
  maxIterations?: number;
  /** Stop when no m and not λ moves by more than this (Splink's em_convergence). */
  tolerance?: number;
  /**
   * Pairs' worth of prior evidence added to every level of m in each M-step (a Dirichlet
   * prior, default 1). Without it a level no match fell in during training (a date of birth
   * that differs, in a file where dates are never mistyped) gets m ≈ 0 and a weight of −20,
   * which vetoes any pair with that one field wrong; with it the weight stays large but finite,
   * and its effect vanishes as the training pairs grow.
   */
  pseudoCount?: number;
}

export interface EmResult {
  m: Float64Array[];
  lambda: number;
  iterations: number;
  converged: boolean;
}

/** Smallest m kept, so that a level never seen among matches gets a large but finite negative weight. */
export const M_FLOOR = 1e-6;

export function expectationMaximisation(problem: EmProblem): EmResult {
  const { levelCounts, patterns, weights, u } = problem;
  const C = levelCounts.length;
  const P = weights.length;
  const maxIterations = problem.maxIterations ?? 100;
  const tolerance = problem.tolerance ?? 1e-4;
  const pseudo = problem.pseudoCount ?? 1;
  let m = problem.m.map((x) => Float64Array.from(x));
  let lambda = problem.lambda;
  let total = 0;
  for (let p = 0; p < P; p++) total += weights[p]!;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const mCount = levelCounts.map((n) => new Float64Array(n));
    let matched = 0;
    for (let p = 0; p < P; p++) {
      let likeMatch = lambda;
      let likeNon = 1 - lambda;
      for (let c = 0; c < C; c++) {
        const l = patterns[p * C + c]!;
        if (l === 0) continue;
        likeMatch *= m[c]![l]!;
        likeNon *= u[c]![l]!;
      }
      const prob = likeMatch / (likeMatch + likeNon);
      const w = weights[p]! * prob;
      matched += w;
      for (let c = 0; c < C; c++) mCount[c]![patterns[p * C + c]!]! += w;
    }
    const next = mCount.map((counts) => {
      let sum = 0;
      for (let l = 1; l < counts.length; l++) sum += counts[l]!;
      const out = new Float64Array(counts.length);
      out[0] = 1;
      const levels = counts.length - 1;
      for (let l = 1; l < counts.length; l++) out[l] = Math.max(M_FLOOR, (counts[l]! + pseudo) / (sum + pseudo * levels));
      return out;
    });
    const nextLambda = Math.min(1 - 1e-9, Math.max(1e-9, matched / total));
    let change = Math.abs(nextLambda - lambda);
    for (let c = 0; c < C; c++) for (let l = 1; l < levelCounts[c]!; l++) change = Math.max(change, Math.abs(next[c]![l]! - m[c]![l]!));
    m = next;
    lambda = nextLambda;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  return { m, lambda, iterations, converged };
}

/** Starting m: most of the mass on the strongest agreement, halving level by level, 5% on "else". */
export function initialM(levels: number): Float64Array {
  const m = new Float64Array(levels);
  m[0] = 1;
  const graded = levels - 2;
  let sum = 0;
  for (let l = 1; l <= graded; l++) sum += 0.5 ** (l - 1);
  for (let l = 1; l <= graded; l++) m[l] = (0.95 * 0.5 ** (l - 1)) / sum;
  m[levels - 1] = graded > 0 ? 0.05 : 1;
  return m;
}
