import type { Comparison } from './comparisons.js';
import type { MatchModel } from './train.js';

/** Match probability from a match weight (log2 of the posterior odds). */
export function probabilityFromWeight(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

/** log2 of the prior odds that two random records match. */
export function priorWeight(model: MatchModel): number {
  return Math.log2(model.lambda / (1 - model.lambda));
}

/**
 * One comparison's partial weight for a pair at `level`: log2(m/u), where the exact level's u is
 * the term frequency of the shared value (a shared rare surname says more than a shared
 * "müller"; a junk e-mail on hundreds of records says almost nothing).
 */
export function partialWeight(model: MatchModel, comparisons: readonly Comparison[], c: number, level: number, i: number, j: number): number {
  if (level === 0) return 0;
  const fitted = model.comparisons[c]!;
  const cmp = comparisons[c]!;
  if (level === fitted.tfLevel && cmp.tf) {
    const tf = Math.max(cmp.tf[i]!, cmp.tf[j]!);
    if (tf > 0) return Math.log2(fitted.levels[level]!.m / tf);
  }
  if (cmp.secondaryTf && level === cmp.secondaryTf.level) {
    const tf = Math.max(cmp.secondaryTf.tf[i]!, cmp.secondaryTf.tf[j]!);
    const { m, u, weight } = fitted.levels[level]!;
    if (tf > u) return Math.min(weight, Math.log2(m / tf));
  }
  return fitted.levels[level]!.weight;
}

/** Each pair's match weight: prior plus the partial weights of its levels. */
export function scorePairs(model: MatchModel, comparisons: readonly Comparison[], levels: Uint8Array, left: Int32Array, right: Int32Array, count: number): Float64Array {
  const C = comparisons.length;
  const prior = priorWeight(model);
  const weights = new Float64Array(count);
  for (let p = 0; p < count; p++) {
    let w = prior;
    for (let c = 0; c < C; c++) w += partialWeight(model, comparisons, c, levels[p * C + c]!, left[p]!, right[p]!);
    weights[p] = w;
  }
  return weights;
}

export interface FieldEvidence {
  field: string;
  level: string;
  weight: number;
}

/** What decided a pair: every comparison's level and partial weight, strongest first. */
export function explainPair(model: MatchModel, comparisons: readonly Comparison[], levels: Uint8Array, p: number, i: number, j: number): FieldEvidence[] {
  const C = comparisons.length;
  return comparisons
    .map((cmp, c) => {
      const level = levels[p * C + c]!;
      return { field: cmp.name, level: cmp.levels[level]!, weight: partialWeight(model, comparisons, c, level, i, j) };
    })
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
}
