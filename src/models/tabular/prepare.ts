import type { Dataset } from '../classify/index.js';
import { ENCODABLE, encodeTable, featureSources, fitEncoder, type Encoder, type EncoderOptions } from './encoder.js';
import { inferColumn, type ColumnProfile } from './infer-types.js';
import { columnSignals, LEAKY_AUC, type ColumnSignal } from './leakage.js';
import { cleanValue, TabularInputError, type Table } from './table.js';
import { classBalance, encodeTarget, type ClassBalance, type TargetEncoding } from './target.js';

/** Something the user should know about the data, tied to a column when there is one. */
export interface TabularWarning {
  code:
    | 'empty-column'
    | 'constant-column'
    | 'id-column'
    | 'text-column'
    | 'missing-values'
    | 'text-in-number-column'
    | 'missing-target'
    | 'many-features'
    | 'leaky-column'
    | 'unseen-levels'
    | 'unparsed-values';
  column?: string;
  message: string;
}

/** What became of a column. */
export type ColumnRole = 'feature' | 'target' | 'id' | 'sensitive' | 'dropped';

export interface ColumnReport extends ColumnProfile {
  role: ColumnRole;
  /** Feature columns it became (one-hot levels count one each). */
  features: number;
}

export interface PrepareOptions extends EncoderOptions {
  /** Columns audited for fairness; by default kept out of the features. */
  sensitive?: readonly string[];
  /** Keep sensitive columns out of the features (default true). */
  excludeSensitive?: boolean;
  /** Drop columns whose single-column AUC is ≥ 0.98 instead of only flagging them. */
  dropLeaky?: boolean;
}

/** A training table turned into a dataset, with everything the report says about it. */
export interface PreparedTraining {
  dataset: Dataset;
  encoder: Encoder;
  /** Rows of the table that had a target value (the dataset's rows, in order). */
  rows: number[];
  balance: ClassBalance;
  columns: ColumnReport[];
  /** The id column (customerID), for labelling predictions; null when there is none. */
  idColumn: string | null;
  /** Single-column AUCs of the features, strongest first. */
  signals: ColumnSignal[];
  /** Columns flagged as likely leaks (single-column AUC ≥ 0.98). */
  leaky: string[];
  warnings: TabularWarning[];
}

const DROP_REASON: Partial<Record<ColumnProfile['type'], { code: TabularWarning['code']; why: string }>> = {
  empty: { code: 'empty-column', why: 'has no values' },
  constant: { code: 'constant-column', why: 'has the same value on every row' },
  id: { code: 'id-column', why: 'is an id (a different value on every row)' },
  text: { code: 'text-column', why: 'is free text' },
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Infers the columns of a training table, drops the ones a model cannot learn from (empty,
 * constant, ids, free text) with a warning naming each, fits the encoder and encodes the rows with
 * a target. Refuses a table with at least as many features as rows, and flags (or drops) columns
 * that predict the target almost perfectly on their own.
 */
export function prepareTraining(table: Table, target: TargetEncoding, options: PrepareOptions = {}): PreparedTraining {
  const targetValues = table.values[table.columns.indexOf(target.column)];
  if (!targetValues) throw new TabularInputError(`--target ${target.column}: no such column (the file has: ${table.columns.join(', ')})`);
  const sensitive = options.sensitive ?? [];
  const absent = sensitive.filter((s) => !table.columns.includes(s));
  if (absent.length) throw new TabularInputError(`--sensitive: no column ${absent.join(', ')} (the file has: ${table.columns.join(', ')})`);
  const excludeSensitive = options.excludeSensitive ?? true;
  const warnings: TabularWarning[] = [];

  const { y, rows, missing } = encodeTarget(target, targetValues);
  if (missing) warnings.push({ code: 'missing-target', column: target.column, message: `${plural(missing, 'row')} without a ${target.column} value left out` });
  const kept = rows.length === table.rows ? table : { ...table, values: table.values.map((col) => rows.map((r) => col[r] ?? null)), rows: rows.length };
  const balance = classBalance(y);
  if (balance.positives === 0 || balance.negatives === 0) {
    throw new TabularInputError(`target ${target.column} has one class (${balance.positives ? target.positive : target.negative}) in the ${plural(balance.rows, 'training row')}: a classifier needs both outcomes`);
  }

  const columns: ColumnReport[] = [];
  let idColumn: string | null = null;
  for (let c = 0; c < kept.columns.length; c++) {
    const name = kept.columns[c]!;
    const profile = inferColumn(name, kept.values[c]!);
    let role: ColumnRole = 'feature';
    if (name === target.column) role = 'target';
    else if (sensitive.includes(name) && excludeSensitive) role = 'sensitive';
    else if (profile.type === 'id') role = 'id';
    else if (!ENCODABLE.has(profile.type)) role = 'dropped';
    const drop = DROP_REASON[profile.type];
    if (drop && role !== 'target' && role !== 'sensitive') {
      warnings.push({ code: drop.code, column: name, message: `${name} ${drop.why}: dropped` });
    }
    if (role === 'id' && idColumn === null) idColumn = name;
    if (role === 'feature' && profile.type === 'number' && profile.missing > 0) {
      const text = profile.nonNumeric ?? 0;
      const blank = profile.missing - text;
      const parts = [blank ? `${plural(blank, 'blank value')}` : '', text ? `${plural(text, 'non-numeric value')}` : ''].filter(Boolean);
      warnings.push({
        code: text ? 'text-in-number-column' : 'missing-values',
        column: name,
        message: `${name} is a number column with ${parts.join(' and ')} of ${kept.rows}: read as missing`,
      });
    }
    columns.push({ ...profile, role, features: 0 });
  }

  const fitOn = (cols: readonly ColumnReport[]): Encoder => fitEncoder(kept, cols.filter((c) => c.role === 'feature'), options);
  let encoder = fitOn(columns);
  if (encoder.names.length === 0) throw new TabularInputError(`no column of the file can be a feature (${describeRoles(columns)})`);
  let x = encodeTable(encoder, kept).x;
  const signals = columnSignals(encoder, x, y);
  const leaky = signals.filter((s) => s.auc >= LEAKY_AUC).map((s) => s.column);
  for (const s of signals.filter((s) => s.auc >= LEAKY_AUC)) {
    warnings.push({
      code: 'leaky-column',
      column: s.column,
      message: `${s.column} alone predicts ${target.column} with ROC AUC ${s.auc.toFixed(3)} on the training rows: probably known only after the outcome (a leak)${options.dropLeaky ? '; dropped' : '; drop it, or pass --drop-leaky'}`,
    });
  }
  if (options.dropLeaky && leaky.length) {
    for (const c of columns) if (leaky.includes(c.name)) c.role = 'dropped';
    encoder = fitOn(columns);
    if (encoder.names.length === 0) throw new TabularInputError(`every feature column looks leaky (${leaky.join(', ')}): nothing left to train on`);
    x = encodeTable(encoder, kept).x;
  }
  const sources = featureSources(encoder);
  for (const c of columns) c.features = sources.filter((s) => s.column === c.name).length;

  const features = encoder.names.length;
  if (features >= kept.rows) {
    throw new TabularInputError(
      `${plural(kept.rows, 'training row')} but ${plural(features, 'feature')} after encoding: a model would memorise the rows; give more rows, fewer columns, or fewer levels`,
    );
  }
  if (features * 10 > kept.rows) {
    warnings.push({ code: 'many-features', message: `${plural(features, 'feature')} for ${plural(kept.rows, 'training row')}: fewer than ten rows per feature, expect overfitting` });
  }
  return { dataset: { x, y, names: encoder.names }, encoder, rows, balance, columns, idColumn, signals, leaky, warnings };
}

function describeRoles(columns: readonly ColumnReport[]): string {
  return columns.map((c) => `${c.name}: ${c.role === 'dropped' ? c.type : c.role}`).join(', ');
}

/**
 * Checks that a test file has exactly the training file's columns (order aside): a file with
 * other columns is another export, and a model scored on it would be garbage.
 */
export function checkSameColumns(train: readonly string[], test: readonly string[], what = 'the test file'): void {
  const missing = train.filter((c) => !test.includes(c));
  const extra = test.filter((c) => !train.includes(c));
  if (!missing.length && !extra.length) return;
  const parts = [missing.length ? `lacks ${missing.join(', ')}` : '', extra.length ? `has columns the training file does not: ${extra.join(', ')}` : ''];
  throw new TabularInputError(`${what} ${parts.filter(Boolean).join(' and ')}`);
}

/** Warnings for values the encoder could not place: unseen categorical levels, unparsable numbers. */
export function encodingWarnings(unseen: Record<string, number>, unparsed: Record<string, number>, rows: number, what: string): TabularWarning[] {
  return [
    ...Object.entries(unseen).map(([column, n]): TabularWarning => ({
      code: 'unseen-levels',
      column,
      message: `${column}: ${plural(n, 'value')} of ${rows} in ${what} never seen in training (encoded as no level)`,
    })),
    ...Object.entries(unparsed).map(([column, n]): TabularWarning => ({
      code: 'unparsed-values',
      column,
      message: `${column}: ${plural(n, 'value')} of ${rows} in ${what} could not be read as the column's type (read as missing)`,
    })),
  ];
}

/** Encodes held-out rows (a test split or a test file) the way the training rows were. */
export function prepareHeldOut(table: Table, encoder: Encoder, target: TargetEncoding, what = 'the test rows'): { dataset: Dataset; rows: number[]; warnings: TabularWarning[] } {
  const targetValues = table.values[table.columns.indexOf(target.column)];
  if (!targetValues) throw new TabularInputError(`${what} lack the target column ${target.column}`);
  const { y, rows, missing } = encodeTarget(target, targetValues);
  const oneAgainstRest = target.chosenBy === 'user' && target.negative === `not ${target.positive}`;
  if (!oneAgainstRest) {
    const strange = new Set(rows.map((r) => cleanValue(targetValues[r])!).filter((v) => v !== target.positive && v !== target.negative));
    if (strange.size) throw new TabularInputError(`${what}: target ${target.column} has values training did not: ${[...strange].slice(0, 5).join(', ')} (training had ${target.positive} and ${target.negative})`);
  }
  const kept = rows.length === table.rows ? table : { ...table, values: table.values.map((col) => rows.map((r) => col[r] ?? null)), rows: rows.length };
  const { x, unseen, unparsed } = encodeTable(encoder, kept);
  const warnings = encodingWarnings(unseen, unparsed, kept.rows, what);
  if (missing) warnings.unshift({ code: 'missing-target', column: target.column, message: `${plural(missing, 'row')} of ${what} without a ${target.column} value left out` });
  return { dataset: { x, y, names: encoder.names }, rows, warnings };
}
