import { matrix, type Matrix } from '../classify/index.js';
import { parseBoolean, parseDate, parseNumber, type ColumnProfile } from './infer-types.js';
import { cleanValue, TabularInputError, type Table } from './table.js';

/** How one source column becomes feature columns. Plain JSON, saved with the model. */
export type EncodedColumn =
  | { column: string; type: 'number' | 'boolean' | 'date' }
  | {
      column: string;
      type: 'categorical';
      /** The levels kept as their own feature, most frequent first. */
      levels: string[];
      /** Whether rarer training levels were pooled into an "other" feature. */
      other: boolean;
      /**
       * The pooled training levels (up to {@link MAX_POOLED}), so that a level never seen in
       * training can be told from a rare one; absent when there were more: then any level outside
       * `levels` counts as "other".
       */
      pooled?: string[];
    };

/** The fitted encoding: source columns in order and the feature names they produce. */
export interface Encoder {
  columns: EncodedColumn[];
  /** One per feature column: `tenure`, `Contract=Month-to-month`, `Contract=(other)`. */
  names: string[];
}

/** Where a feature column came from, for explanations in words. */
export interface FeatureSource {
  column: string;
  type: EncodedColumn['type'];
  /** Categorical: the level this one-hot column stands for; null for "other". */
  level?: string | null;
}

export const OTHER_LEVEL = '(other)';
const MAX_POOLED = 1000;

export interface EncoderOptions {
  /** Levels kept per categorical column, most frequent first; the rest share an "other" column (default 20). */
  maxLevels?: number;
  /** Levels seen fewer times than this in training go to "other" as well (default 2). */
  minLevelCount?: number;
}

/** Source columns of these types become features; the others are dropped by the caller. */
export const ENCODABLE = new Set<ColumnProfile['type']>(['number', 'boolean', 'date', 'categorical']);

/** Fits the encoding of the given profiled columns on the training table. */
export function fitEncoder(table: Table, profiles: readonly ColumnProfile[], options: EncoderOptions = {}): Encoder {
  const maxLevels = options.maxLevels ?? 20;
  const minCount = options.minLevelCount ?? 2;
  const columns: EncodedColumn[] = [];
  const names: string[] = [];
  for (const p of profiles) {
    if (!ENCODABLE.has(p.type)) continue;
    if (p.type !== 'categorical') {
      columns.push({ column: p.name, type: p.type as 'number' | 'boolean' | 'date' });
      names.push(p.name);
      continue;
    }
    const values = table.values[table.columns.indexOf(p.name)];
    if (!values) throw new TabularInputError(`no column ${p.name} in the table`);
    const counts = new Map<string, number>();
    for (const raw of values) {
      const v = cleanValue(raw);
      if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    // Most frequent first, ties by name, so the same file always encodes the same way.
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const levels = ranked.filter(([, n], i) => i < maxLevels && n >= minCount).map(([v]) => v);
    const other = levels.length < ranked.length;
    const pooled = ranked.slice(levels.length).map(([v]) => v);
    columns.push({ column: p.name, type: 'categorical', levels, other, ...(other && pooled.length <= MAX_POOLED ? { pooled } : {}) });
    for (const level of levels) names.push(`${p.name}=${level}`);
    if (other) names.push(`${p.name}=${OTHER_LEVEL}`);
  }
  return { columns, names };
}

/** Where each feature column comes from, in feature order. */
export function featureSources(encoder: Encoder): FeatureSource[] {
  const out: FeatureSource[] = [];
  for (const c of encoder.columns) {
    if (c.type !== 'categorical') {
      out.push({ column: c.column, type: c.type });
      continue;
    }
    for (const level of c.levels) out.push({ column: c.column, type: 'categorical', level });
    if (c.other) out.push({ column: c.column, type: 'categorical', level: null });
  }
  return out;
}

/** What encoding a table met on the way: per column, values it could not place. */
export interface EncodeResult {
  x: Matrix;
  /** Categorical values never seen in training (encoded as all zeros), per column. */
  unseen: Record<string, number>;
  /** Number, boolean and date values that did not parse (encoded as missing), per column. */
  unparsed: Record<string, number>;
}

/**
 * Encodes a table with a fitted encoder: numbers and dates as numbers, booleans 0/1, categoricals
 * one-hot (a rare training level goes to "other"; a level never seen in training is all zeros and
 * counted in `unseen`). Missing values are NaN for numbers and all zeros for categoricals.
 */
export function encodeTable(encoder: Encoder, table: Table): EncodeResult {
  const missing = encoder.columns.map((c) => c.column).filter((c) => !table.columns.includes(c));
  if (missing.length) throw new TabularInputError(`the file lacks column${missing.length > 1 ? 's' : ''} the model uses: ${missing.join(', ')}`);
  const cols = encoder.names.length;
  const rows = table.rows;
  const data = new Float64Array(rows * cols);
  const unseen: Record<string, number> = {};
  const unparsed: Record<string, number> = {};
  let offset = 0;
  for (const c of encoder.columns) {
    const values = table.values[table.columns.indexOf(c.column)]!;
    if (c.type === 'categorical') {
      const width = c.levels.length + (c.other ? 1 : 0);
      const index = new Map(c.levels.map((level, i) => [level, i]));
      const pooled = c.pooled ? new Set(c.pooled) : undefined;
      let notSeen = 0;
      for (let r = 0; r < rows; r++) {
        const v = cleanValue(values[r]);
        if (v === null) continue;
        const at = index.get(v);
        if (at !== undefined) data[r * cols + offset + at] = 1;
        else if (c.other && (!pooled || pooled.has(v))) data[r * cols + offset + c.levels.length] = 1;
        else notSeen++;
      }
      if (notSeen) unseen[c.column] = notSeen;
      offset += width;
      continue;
    }
    const parse = c.type === 'number' ? parseNumber : c.type === 'boolean' ? parseBoolean : parseDate;
    let bad = 0;
    for (let r = 0; r < rows; r++) {
      const v = cleanValue(values[r]);
      const x = v === null ? Number.NaN : parse(v);
      if (v !== null && Number.isNaN(x)) bad++;
      data[r * cols + offset] = x;
    }
    if (bad) unparsed[c.column] = bad;
    offset++;
  }
  return { x: matrix(data, rows, cols), unseen, unparsed };
}
