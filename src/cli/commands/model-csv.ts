import { writeFile } from 'node:fs/promises';
import type { ClassifierKind } from '../../models/classify/index.js';
import { loadArtifact as loadCsvModel, saveArtifact as saveCsvModel } from '../../models/run/csv-artifact.js';
import { predictFromCsv, type PredictCsvResult } from '../../models/run/predict-csv.js';
import { trainFromCsv, type TrainCsvReport } from '../../models/run/train-csv.js';
import { TabularInputError } from '../../models/tabular/index.js';
import { UsageError } from '../errors.js';
import { formatTable, printResult, say, type GlobalOptions } from '../output.js';
import { CLASSIFIERS, wholeFlag } from './model-flags.js';

/** The flags `cairn model train` takes for a CSV file. */
export interface CsvTrainFlags {
  csv?: string;
  testCsv?: string;
  positive?: string;
  sensitive?: string;
  save?: string;
  calibrate?: string;
  tune?: boolean;
}

/** The flags `cairn model predict` takes for a CSV file. */
export interface CsvPredictFlags {
  csv?: string;
  modelFile?: string;
  out?: string;
}

async function tabular<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TabularInputError) throw new UsageError(err.message);
    throw err;
  }
}

/** `cairn model train --csv FILE --target COLUMN …`: the tabular path, no store needed. */
export async function trainCsv(flags: GlobalOptions & CsvTrainFlags & { target?: string; model?: string; seed?: string; horizon?: string; asOf?: string; trainDays?: string }): Promise<void> {
  if (flags.horizon !== undefined || flags.asOf !== undefined || flags.trainDays !== undefined) throw new UsageError('--horizon, --as-of and --train-days work on the store only, not with --csv');
  if (flags.target === undefined) throw new UsageError('--csv needs --target COLUMN (the label column, e.g. --target Churn)');
  const kind = flags.model ?? 'gbdt';
  if (kind !== 'all' && !(CLASSIFIERS as readonly string[]).includes(kind)) throw new UsageError(`--model ${kind} is not known: use ${CLASSIFIERS.join(', ')} or all`);
  const seed = wholeFlag('--seed', flags.seed);
  const sensitive = flags.sensitive?.split(',').map((s) => s.trim()).filter(Boolean);
  const calibrate = flags.calibrate ?? 'none';
  if (calibrate !== 'none' && calibrate !== 'platt' && calibrate !== 'isotonic') throw new UsageError(`--calibrate ${calibrate} is not known: use platt, isotonic or none`);
  const started = Date.now();
  const { report, artifact } = await tabular(() => trainFromCsv({
    csv: flags.csv!,
    target: flags.target!,
    model: kind as ClassifierKind | 'all',
    ...(flags.testCsv === undefined ? {} : { testCsv: flags.testCsv }),
    ...(flags.positive === undefined ? {} : { positive: flags.positive }),
    ...(sensitive === undefined ? {} : { sensitive }),
    ...(seed === undefined ? {} : { seed }),
    calibrate,
    ...(flags.tune ? { tune: true } : {}),
    onProgress: (phase) => say(`model train: ${phase} (${((Date.now() - started) / 1000).toFixed(1)} s)`),
  }));
  if (flags.save !== undefined) await saveCsvModel(flags.save, artifact);
  const result = { ...report, saved: flags.save ?? null };
  printResult(flags, result, () => describeCsvTraining(report, flags.save));
}

/** `cairn model predict --csv FILE --model-file FILE [--out FILE]`. */
export async function predictCsv(flags: GlobalOptions & CsvPredictFlags & { reasons?: string }): Promise<void> {
  if (flags.csv === undefined || flags.modelFile === undefined) throw new UsageError('scoring a file needs both --csv FILE and --model-file FILE (written by cairn model train --csv … --save FILE)');
  const reasons = wholeFlag('--reasons', flags.reasons);
  const result = await tabular(async () => predictFromCsv({ artifact: await loadCsvModel(flags.modelFile!), csv: flags.csv!, ...(reasons === undefined ? {} : { reasons }) }));
  if (flags.out !== undefined) await writeFile(flags.out, scoredCsv(result));
  printResult(flags, flags.out === undefined ? result : { ...result, rows: result.rows.slice(0, 10), written: { file: flags.out, rows: result.rows.length } }, () => describeCsvPrediction(result, flags.out));
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

function scoredCsv(r: PredictCsvResult): string {
  const lines = ['id,probability,label,reasons'];
  for (const row of r.rows) lines.push([row.id, row.probability.toFixed(6), row.label, row.reasons.map((x) => x.text).join('; ')].map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

function describeCsvTraining(r: TrainCsvReport, saved: string | undefined): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `${r.file}: ${r.rows.train.toLocaleString('en-US')} training rows, ${r.rows.test.toLocaleString('en-US')} test rows (${r.split.kind === 'stratified' ? `stratified ${pct(r.split.testFraction)} split, seed ${r.split.seed}` : r.testFile ?? 'test file'}); ${r.features} feature columns`,
    ...r.warnings.map((w) => `  warning: ${w.message}`),
    ...(r.leaky.length ? [`  leaky (near-perfect alone): ${r.leaky.join(', ')}`] : []),
    formatTable(['model', 'ROC AUC', 'PR AUC', 'log loss', 'Brier', 'accuracy', 'top-decile lift', 'seconds'], r.models.map((m) => ({
      model: m.kind + (m.kind === r.chosen ? ' *' : ''),
      'ROC AUC': m.test.rocAuc.toFixed(4),
      'PR AUC': m.test.prAuc.toFixed(4),
      'log loss': m.test.logLoss.toFixed(4),
      Brier: m.test.brier.toFixed(4),
      accuracy: pct(m.test.accuracy),
      'top-decile lift': m.test.topDecile.lift.toFixed(2),
      seconds: m.trainSeconds.toFixed(2),
    }))).split('\n').slice(0, -1).join('\n'),
  ];
  const chosen = r.models.find((m) => m.kind === r.chosen);
  if (chosen) lines.push(`Most important (${chosen.kind}): ${chosen.importance.slice(0, 8).map((i) => i.feature).join(', ')}`);
  for (const a of chosen?.fairness ?? []) {
    const rate = (x: number | null) => (x === null ? '–' : x.toFixed(3));
    lines.push(
      `Fairness of ${chosen!.kind} by ${a.attribute}: selection rate ${a.groups.map((g) => `${g.group} ${pct(g.selectionRate)}`).join(', ')}; ` +
        `parity difference ${rate(a.demographicParityDifference)}, equal-opportunity difference ${rate(a.equalOpportunityDifference)}, ` +
        `disparate impact ${rate(a.disparateImpactRatio)}${a.failsFourFifths ? ' — FAILS the four-fifths rule' : ' (passes four-fifths)'}`,
    );
  }
  lines.push(saved ? `Saved the ${r.chosen} model to ${saved}.` : 'Not saved (add --save FILE to score other files with it).');
  return lines.join('\n');
}

function describeCsvPrediction(r: PredictCsvResult, out: string | undefined): string {
  const lines = [`Scored ${r.rows.length.toLocaleString('en-US')} rows of ${r.file} (${r.kind}, target ${r.target}, threshold ${r.threshold})`];
  for (const w of r.warnings) lines.push(`  warning: ${w.message}`);
  for (const row of [...r.rows].sort((a, b) => b.probability - a.probability).slice(0, 10)) {
    lines.push(`  ${row.id}  ${(100 * row.probability).toFixed(1).padStart(5)}%  ${row.label}  ${row.reasons.map((x) => x.text).join('; ')}`);
  }
  if (out) lines.push(`Wrote every row to ${out}.`);
  return lines.join('\n');
}
