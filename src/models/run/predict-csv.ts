import { explain, parseModel, predictProbabilities, type Calibrator } from '../classify/index.js';
import { encodeTable, encodingWarnings, reasonsInWords, TabularInputError, type Reason, type TabularWarning } from '../tabular/index.js';
import type { CsvModelArtifact } from './csv-artifact.js';
import { readCsvTable } from './csv-table.js';

/** Options of {@link predictFromCsv}. */
export interface PredictCsvOptions {
  artifact: CsvModelArtifact;
  /** The CSV to score: the training file's feature columns (the target may be absent). */
  csv: string;
  /** Probability at or above which a row is labelled positive (default: the artifact's). */
  threshold?: number;
  /** Reasons per row (default 3; 0 skips the explanations). */
  reasons?: number;
}

/** One scored row. */
export interface PredictedRow {
  /** The row's id column value (customerID), or its 1-based row number when there is no id column. */
  id: string;
  probability: number;
  /** The predicted class, as the target's value (e.g. "Yes"). */
  label: string;
  /** The largest contributions, in words: "Contract = Month-to-month raises risk". */
  reasons: Reason[];
}

export interface PredictCsvResult {
  file: string;
  kind: CsvModelArtifact['kind'];
  target: string;
  threshold: number;
  rows: PredictedRow[];
  /** Unseen categorical levels, unparsable values, columns the model ignores. */
  warnings: (TabularWarning | { code: 'ignored-columns' | 'no-reasons'; message: string })[];
}

/**
 * `cairn model predict --csv`: scores every row of a CSV with a model trained by `trainFromCsv`,
 * encoding it as the training file was, with each row's top reasons in words.
 */
export async function predictFromCsv(options: PredictCsvOptions): Promise<PredictCsvResult> {
  const { artifact } = options;
  const threshold = options.threshold ?? artifact.threshold;
  if (!(threshold > 0 && threshold < 1)) throw new TabularInputError(`--threshold must lie between 0 and 1, got ${String(threshold)}`);
  const table = await readCsvTable(options.csv);
  const { x, unseen, unparsed } = encodeTable(artifact.encoder, table);
  const warnings: PredictCsvResult['warnings'] = encodingWarnings(unseen, unparsed, table.rows, options.csv);
  const known = new Set(artifact.columns);
  const ignored = table.columns.filter((c) => !known.has(c));
  if (ignored.length) warnings.push({ code: 'ignored-columns', message: `columns the model was not trained on, ignored: ${ignored.join(', ')}` });
  const model = parseModel(JSON.stringify(artifact.model));
  const probs = predictProbabilities(model, x, (artifact.calibrator as Calibrator | null) ?? undefined);
  const top = options.reasons ?? 3;
  const contributions = top > 0 ? explain(model, x) : undefined;
  if (top > 0 && !contributions) warnings.push({ code: 'no-reasons', message: `the ${model.kind} model has no exact explanation, so rows come without reasons: train gbdt or logistic for reasons` });
  const reasons = contributions ? reasonsInWords(contributions, artifact.encoder, table, { top }) : [];
  const ids = artifact.idColumn !== null ? table.values[table.columns.indexOf(artifact.idColumn)] : undefined;
  const rows: PredictedRow[] = [];
  for (let r = 0; r < table.rows; r++) {
    const p = probs[r]!;
    rows.push({ id: ids?.[r] ?? String(r + 1), probability: p, label: p >= threshold ? artifact.target.positive : artifact.target.negative, reasons: reasons[r] ?? [] });
  }
  return { file: options.csv, kind: artifact.kind, target: artifact.target.column, threshold, rows, warnings };
}
