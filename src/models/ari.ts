/**
 * Adjusted Rand index (Hubert & Arabie 1985) between two labelings of the same rows: 1 when they
 * agree up to renaming, about 0 for chance agreement, negative below chance. Labels are any
 * integers (−1 for noise counts as a label of its own). Like scikit-learn, two labelings that are
 * both a single cluster, or both all singletons, score 1.
 *
 * @throws RangeError when the labelings differ in length.
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) {
    throw new RangeError(`labelings have ${n} and ${b.length} entries: compare labels of the same rows`);
  }
  const aIndex = compact(a);
  const bIndex = compact(b);
  const rowsA = aIndex.count;
  const colsB = bIndex.count;
  const table = new Float64Array(rowsA * colsB);
  for (let i = 0; i < n; i++) table[aIndex.codes[i]! * colsB + bIndex.codes[i]!]!++;
  const aSums = new Float64Array(rowsA);
  const bSums = new Float64Array(colsB);
  let pairsBoth = 0;
  for (let r = 0; r < rowsA; r++) {
    for (let c = 0; c < colsB; c++) {
      const cell = table[r * colsB + c]!;
      pairsBoth += pairs(cell);
      aSums[r]! += cell;
      bSums[c]! += cell;
    }
  }
  let pairsA = 0;
  for (const s of aSums) pairsA += pairs(s);
  let pairsB = 0;
  for (const s of bSums) pairsB += pairs(s);
  const expected = (pairsA * pairsB) / pairs(n);
  const maximum = (pairsA + pairsB) / 2;
  if (maximum === expected || n < 2) return 1;
  return (pairsBoth - expected) / (maximum - expected);
}

function pairs(count: number): number {
  return (count * (count - 1)) / 2;
}

function compact(labels: ArrayLike<number>): { codes: Int32Array; count: number } {
  const codes = new Int32Array(labels.length);
  const seen = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    let code = seen.get(label);
    if (code === undefined) {
      code = seen.size;
      seen.set(label, code);
    }
    codes[i] = code;
  }
  return { codes, count: seen.size };
}
