import { cleanValue } from './table.js';

/**
 * What a column holds, as far as its values tell: `number`, `boolean` (yes/no, true/false, 0/1),
 * `categorical`, `date`, `id` (a different value on every row, e.g. customerID), free `text`, or
 * nothing to learn from (`constant`, `empty`).
 */
export type ColumnType = 'number' | 'boolean' | 'categorical' | 'date' | 'id' | 'text' | 'constant' | 'empty';

/** One column as inferred, for the report. */
export interface ColumnProfile {
  name: string;
  type: ColumnType;
  /** Values read as missing (blank, NA, N/A, null, ?, or text in a number column). */
  missing: number;
  /** Distinct non-missing values. */
  distinct: number;
  /** Number columns: non-blank values that were not numbers (read as missing). */
  nonNumeric?: number;
}

/** Share of non-missing values that must parse for a column to count as numbers or dates. */
const PARSE_SHARE = 0.9;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?|\d{4}\/\d{1,2}\/\d{1,2}|\d{1,2}\/\d{1,2}\/\d{4})$/;
const BOOLEAN_PAIRS: readonly (readonly [string, string])[] = [
  ['yes', 'no'],
  ['true', 'false'],
  ['y', 'n'],
  ['t', 'f'],
];
const TRUTHY = new Set(['yes', 'true', 'y', 't', '1']);
const FALSY = new Set(['no', 'false', 'n', 'f', '0']);

/** A value as a number, or NaN when it is not one. */
export function parseNumber(value: string): number {
  return NUMBER.test(value) ? Number(value) : Number.NaN;
}

/** A yes/no-like value as 1/0, NaN when it is neither. */
export function parseBoolean(value: string): number {
  const v = value.toLowerCase();
  if (TRUTHY.has(v) || (NUMBER.test(v) && Number(v) === 1)) return 1;
  if (FALSY.has(v) || (NUMBER.test(v) && Number(v) === 0)) return 0;
  return Number.NaN;
}

/** A date as days since 1970-01-01 (fractional with a time), NaN when it is not one. */
export function parseDate(value: string): number {
  if (!DATE.test(value)) return Number.NaN;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isFinite(ms) ? ms / 86_400_000 : Number.NaN;
}

/** The words of a column name: customerID → customer, id; order_no → order, no. */
function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether a column's name says it identifies something (customerID, user_id, uuid, order number). */
export function nameLooksLikeId(name: string): boolean {
  const tokens = nameTokens(name);
  const last = tokens[tokens.length - 1];
  return tokens.some((t) => t === 'id' || t === 'uuid' || t === 'guid') || last === 'key' || last === 'number' || last === 'no';
}

/** Sentences rather than labels: several words on average, or long values. */
function looksLikeText(values: readonly string[]): boolean {
  let words = 0;
  let chars = 0;
  for (const v of values) {
    words += v.split(/\s+/).length;
    chars += v.length;
  }
  return values.length > 0 && (words / values.length >= 4 || chars / values.length >= 40);
}

/** Rows needed before "a different value on every row" is taken to mean an id. */
const MIN_ROWS_FOR_UNIQUE = 10;

/**
 * Infers a column's type from its text values. Numbers win when nearly all non-missing values
 * parse (the rest are counted as `nonNumeric` and read as missing), yes/no-like pairs and 0/1 are
 * booleans, a value on every row that differs on every row is an id (or free text when it reads
 * like sentences), whole-number columns named like ids or running 1…n are ids too.
 */
export function inferColumn(name: string, raw: readonly (string | null)[]): ColumnProfile {
  const present: string[] = [];
  for (const r of raw) {
    const v = cleanValue(r);
    if (v !== null) present.push(v);
  }
  const blank = raw.length - present.length;
  const distinctValues = new Set(present);
  const distinct = distinctValues.size;
  const base = { name, missing: blank, distinct };
  if (present.length === 0) return { ...base, type: 'empty' };
  if (distinct === 1 && blank === 0) return { ...base, type: 'constant' };

  const lower = new Set(present.map((v) => v.toLowerCase()));
  if (lower.size === 2 && BOOLEAN_PAIRS.some(([a, b]) => lower.has(a) && lower.has(b))) return { ...base, type: 'boolean' };

  let numeric = 0;
  let integers = true;
  for (const v of present) {
    const x = parseNumber(v);
    if (Number.isNaN(x)) continue;
    numeric++;
    if (!Number.isInteger(x)) integers = false;
  }
  if (numeric >= PARSE_SHARE * present.length) {
    const nonNumeric = present.length - numeric;
    const numbers = new Set(present.map(parseNumber).filter((x) => !Number.isNaN(x)));
    if (nonNumeric === 0 && numbers.size === 2 && numbers.has(0) && numbers.has(1)) return { ...base, type: 'boolean' };
    if (numbers.size === 1 && nonNumeric === 0 && blank === 0) return { ...base, type: 'constant' };
    const unique = nonNumeric === 0 && blank === 0 && distinct === raw.length;
    if (integers && unique && raw.length >= MIN_ROWS_FOR_UNIQUE && (nameLooksLikeId(name) || isRunningNumber(numbers))) {
      return { ...base, type: 'id' };
    }
    return { ...base, type: 'number', missing: blank + nonNumeric, nonNumeric };
  }

  let dates = 0;
  for (const v of present) if (!Number.isNaN(parseDate(v))) dates++;
  if (dates >= PARSE_SHARE * present.length) return { ...base, type: 'date', missing: blank + present.length - dates };

  const uniquePerRow = distinct === present.length && present.length >= MIN_ROWS_FOR_UNIQUE && present.length >= PARSE_SHARE * raw.length;
  const text = looksLikeText(present);
  if (uniquePerRow) return { ...base, type: text ? 'text' : 'id' };
  if (nameLooksLikeId(name) && distinct >= PARSE_SHARE * present.length && present.length >= MIN_ROWS_FOR_UNIQUE) return { ...base, type: 'id' };
  if (text && distinct > present.length / 2) return { ...base, type: 'text' };
  return { ...base, type: 'categorical' };
}

/** Whole numbers that run through min…min+n−1 with none repeated: a row number. */
function isRunningNumber(numbers: ReadonlySet<number>): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const x of numbers) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return max - min + 1 === numbers.size;
}
