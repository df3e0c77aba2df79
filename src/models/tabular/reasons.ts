import type { Contributions } from '../classify/index.js';
import type { Encoder } from './encoder.js';
import { featureSources } from './encoder.js';
import { cleanValue, type Table } from './table.js';

/** One reason for a row's score: a source column, its value on the row, and how it moved the margin. */
export interface Reason {
  column: string;
  /** The row's value as written in the file ("Month-to-month", "2"), or "missing". */
  value: string;
  /** Contribution to the margin (log-odds), summed over the column's one-hot features. */
  contribution: number;
  /** "Contract = Month-to-month raises risk". */
  text: string;
}

export interface ReasonOptions {
  /** Reasons per row (default 3). */
  top?: number;
  /** What a positive contribution raises, in words (default "risk"). */
  outcome?: string;
}

/**
 * The top reasons for each row's score in words: feature contributions summed per source column
 * (so a categorical column speaks once, with its value), the largest in size first. `table` holds
 * the rows as read (`values[column][row]`), aligned with the contributions' rows.
 */
export function reasonsInWords(contributions: Contributions, encoder: Encoder, table: Table, options: ReasonOptions = {}): Reason[][] {
  const top = options.top ?? 3;
  const outcome = options.outcome ?? 'risk';
  const sources = featureSources(encoder);
  const names = encoder.columns.map((c) => c.column);
  const index = new Map(names.map((n, i) => [n, i]));
  const owner = Int32Array.from(sources, (s) => index.get(s.column)!);
  const rawColumns = names.map((n) => table.values[table.columns.indexOf(n)]);
  const width = contributions.cols + 1;
  const out: Reason[][] = [];
  const sums = new Float64Array(names.length);
  for (let r = 0; r < contributions.rows; r++) {
    sums.fill(0);
    for (let f = 0; f < contributions.cols; f++) sums[owner[f]!]! += contributions.values[r * width + f]!;
    const order = Array.from(sums.keys())
      .filter((c) => sums[c] !== 0)
      .sort((a, b) => Math.abs(sums[b]!) - Math.abs(sums[a]!))
      .slice(0, top);
    out.push(
      order.map((c) => {
        const column = names[c]!;
        const value = cleanValue(rawColumns[c]?.[r]) ?? 'missing';
        const contribution = sums[c]!;
        return { column, value, contribution, text: `${column} = ${value} ${contribution > 0 ? 'raises' : 'lowers'} ${outcome}` };
      }),
    );
  }
  return out;
}
