/**
 * Population stability index: how far a distribution has moved from a reference one,
 * PSI = Σ (actualᵢ − expectedᵢ) · ln(actualᵢ / expectedᵢ) over shared bins. Rules of thumb:
 * below 0.1 stable, 0.1–0.2 a moderate shift, above 0.2 a shift worth retraining for.
 *
 * A numeric reference is cut at its own quantiles (ties merge bins, so a count feature with many
 * zeros gets fewer bins); missing values (NaN) get a bin of their own. A text reference keeps its
 * commonest values and puts the rest in one "other" bin, and null in a missing bin.
 */

/** A share below this counts as this much, so that an empty bin does not make PSI infinite. */
export const PSI_FLOOR = 1e-4;

/** Bins of a numeric feature: `edges` ascending; bin i holds (edges[i−1], edges[i]], then a missing bin. */
export interface NumericReference {
  readonly kind: 'number';
  readonly edges: readonly number[];
  /** Share of the reference rows in each bin: edges.length + 1 value bins, then missing. */
  readonly shares: readonly number[];
  readonly rows: number;
}

/** Bins of a text feature: each level, then "other", then missing. */
export interface TextReference {
  readonly kind: 'text';
  readonly levels: readonly string[];
  readonly shares: readonly number[];
  readonly rows: number;
}

export type DriftReference = NumericReference | TextReference;

/** PSI of two share vectors over the same bins (each summing to 1); shares below the floor count as the floor. */
export function psi(expected: readonly number[], actual: readonly number[], floor = PSI_FLOOR): number {
  if (expected.length !== actual.length) throw new RangeError(`psi needs the same bins: ${expected.length} expected shares, ${actual.length} actual`);
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i]!, floor);
    const a = Math.max(actual[i]!, floor);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

/** Distinct cut points at the 1/bins, 2/bins, … quantiles of the non-missing values (the largest value excluded). */
export function quantileEdges(values: ArrayLike<number>, bins = 10): number[] {
  const sorted = Float64Array.from(Array.prototype.filter.call(values, (v: number) => !Number.isNaN(v)) as number[]).sort();
  const edges: number[] = [];
  if (sorted.length === 0) return edges;
  const last = sorted[sorted.length - 1]!;
  for (let b = 1; b < bins; b++) {
    const cut = sorted[Math.min(sorted.length - 1, Math.ceil((b * sorted.length) / bins) - 1)]!;
    if (cut < last && (edges.length === 0 || cut > edges[edges.length - 1]!)) edges.push(cut);
  }
  return edges;
}

/** Shares of the values in each bin of `edges` (edges.length + 1 value bins, then missing). */
export function numericShares(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 2).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      counts[edges.length + 1]!++;
      continue;
    }
    // First edge at or above v: bins are closed on the right.
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]!++;
  }
  return toShares(counts, values.length);
}

/** Shares of each level, then of any other value, then of null. */
export function textShares(values: readonly (string | null)[], levels: readonly string[]): number[] {
  const index = new Map(levels.map((l, i) => [l, i]));
  const counts = new Array<number>(levels.length + 2).fill(0);
  for (const v of values) counts[v === null ? levels.length + 1 : (index.get(v) ?? levels.length)]!++;
  return toShares(counts, values.length);
}

/** A numeric reference from the values a model was trained on. */
export function numericReference(values: ArrayLike<number>, bins = 10): NumericReference {
  const edges = quantileEdges(values, bins);
  return { kind: 'number', edges, shares: numericShares(values, edges), rows: values.length };
}

/** A text reference: the `maxLevels` commonest values (ties by name), the rest as "other". */
export function textReference(values: readonly (string | null)[], maxLevels = 20): TextReference {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  const levels = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, maxLevels).map(([l]) => l);
  return { kind: 'text', levels, shares: textShares(values, levels), rows: values.length };
}

/** PSI of today's values against a reference. */
export function psiAgainst(reference: DriftReference, values: ArrayLike<number> | readonly (string | null)[]): number {
  const shares = reference.kind === 'number'
    ? numericShares(values as ArrayLike<number>, reference.edges)
    : textShares(values as readonly (string | null)[], reference.levels);
  return psi(reference.shares, shares);
}

function toShares(counts: number[], total: number): number[] {
  return counts.map((c) => (total > 0 ? c / total : 0));
}
