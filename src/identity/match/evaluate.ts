/** Pairwise accuracy of a clustering against the truth, both as one label per record. */
export interface PairwiseScores {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
}

const pairsOf = (n: number) => (n * (n - 1)) / 2;

/**
 * Pairwise precision, recall and F1: a pair of records is predicted when they share a
 * predicted cluster and true when they are the same person. With `source`, only pairs across
 * the two files count (linking).
 */
export function pairwiseScores(predicted: ArrayLike<number>, truth: ArrayLike<number>, source?: Uint8Array): PairwiseScores {
  const count = (key: (i: number) => string) => {
    const groups = new Map<string, [number, number]>();
    for (let i = 0; i < predicted.length; i++) {
      const k = key(i);
      const g = groups.get(k) ?? [0, 0];
      g[source ? source[i]! : 0]!++;
      groups.set(k, g);
    }
    let total = 0;
    for (const [a, b] of groups.values()) total += source ? a * b : pairsOf(a);
    return total;
  };
  const predictedPairs = count((i) => String(predicted[i]));
  const truePairs = count((i) => String(truth[i]));
  const correctPairs = count((i) => `${predicted[i]}|${truth[i]}`);
  const precision = predictedPairs ? correctPairs / predictedPairs : 1;
  const recall = truePairs ? correctPairs / truePairs : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, truePairs, predictedPairs, correctPairs };
}

/** Share of the true pairs that blocking put among the candidate pairs (candidates are distinct pairs). */
export function blockingRecall(truth: ArrayLike<number>, left: Int32Array, right: Int32Array, count: number, source?: Uint8Array): number {
  let found = 0;
  for (let p = 0; p < count; p++) if (truth[left[p]!] === truth[right[p]!]) found++;
  const groups = new Map<number, [number, number]>();
  for (let i = 0; i < truth.length; i++) {
    const g = groups.get(truth[i]!) ?? [0, 0];
    g[source ? source[i]! : 0]!++;
    groups.set(truth[i]!, g);
  }
  let total = 0;
  for (const [a, b] of groups.values()) total += source ? a * b : pairsOf(a);
  return total ? found / total : 1;
}
