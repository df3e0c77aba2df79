import { cleanValue, TabularInputError } from './table.js';

/** How the target column was read as 0/1. */
export interface TargetEncoding {
  column: string;
  /** The value read as 1 (e.g. "Yes"). */
  positive: string;
  /** The other value (or "not <positive>" when one was named among more than two). */
  negative: string;
  /** Why `positive` is the positive class: named by the user, a yes-like value, or the minority. */
  chosenBy: 'user' | 'yes-like' | 'minority';
}

/** Class balance of a 0/1 target. */
export interface ClassBalance {
  rows: number;
  positives: number;
  negatives: number;
  positiveRate: number;
}

const YES_LIKE = ['yes', 'y', 'true', 't', '1', '1.0', 'churn', 'churned', 'positive', 'pos', 'bad', 'default', 'fraud'];

/**
 * Picks the positive class of a target column: `positive` when given (it must occur), else a
 * yes-like value (Yes, 1, true, churn …), else the rarer value. Two distinct values are needed;
 * with more, only a named `positive` is accepted (that value against the rest).
 */
export function chooseTarget(column: string, raw: readonly (string | null)[], positive?: string): TargetEncoding {
  const counts = new Map<string, number>();
  for (const r of raw) {
    const v = cleanValue(r);
    if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const values = [...counts.keys()].sort();
  if (values.length === 0) throw new TabularInputError(`target ${column} has no values`);
  if (values.length === 1) throw new TabularInputError(`target ${column} has one class (${values[0]!}) in ${raw.length} rows: a classifier needs both outcomes`);
  if (positive !== undefined) {
    if (!counts.has(positive)) throw new TabularInputError(`--positive ${positive}: target ${column} has no such value (it has: ${values.slice(0, 10).join(', ')})`);
    const negative = values.length === 2 ? values.find((v) => v !== positive)! : `not ${positive}`;
    return { column, positive, negative, chosenBy: 'user' };
  }
  if (values.length > 2) {
    throw new TabularInputError(`target ${column} has ${values.length} values (${values.slice(0, 5).join(', ')}${values.length > 5 ? ' …' : ''}): a binary target needs two, or name the positive one with --positive`);
  }
  const [a, b] = values as [string, string];
  const yes = YES_LIKE.find((y) => a.toLowerCase() === y || b.toLowerCase() === y);
  if (yes !== undefined) {
    const pos = a.toLowerCase() === yes ? a : b;
    return { column, positive: pos, negative: pos === a ? b : a, chosenBy: 'yes-like' };
  }
  const pos = counts.get(a)! <= counts.get(b)! ? a : b;
  return { column, positive: pos, negative: pos === a ? b : a, chosenBy: 'minority' };
}

/** The target as 0/1 and the rows that have one (rows with a missing target are left out). */
export function encodeTarget(target: TargetEncoding, raw: readonly (string | null)[]): { y: Uint8Array; rows: number[]; missing: number } {
  const rows: number[] = [];
  for (let r = 0; r < raw.length; r++) if (cleanValue(raw[r]) !== null) rows.push(r);
  const y = Uint8Array.from(rows, (r) => (cleanValue(raw[r]) === target.positive ? 1 : 0));
  return { y, rows, missing: raw.length - rows.length };
}

/** Counts of each class. */
export function classBalance(y: Uint8Array): ClassBalance {
  let positives = 0;
  for (const v of y) positives += v;
  return { rows: y.length, positives, negatives: y.length - positives, positiveRate: y.length ? positives / y.length : Number.NaN };
}
