import { readFile, writeFile } from 'node:fs/promises';
import type { ClassifierKind } from '../classify/index.js';
import { TabularInputError, type Encoder, type TargetEncoding } from '../tabular/index.js';

/**
 * A model trained on a CSV, with everything needed to score another CSV the same way: the
 * encoder, the target's classes, the threshold and the calibrator. Plain JSON.
 */
export interface CsvModelArtifact {
  format: 'cairn.csv-model';
  version: 1;
  kind: ClassifierKind;
  /** When it was trained (ISO 8601). */
  trainedAt: string;
  /** The training file's columns, in order. */
  columns: string[];
  target: TargetEncoding;
  encoder: Encoder;
  /** Column that names each row (customerID), echoed in predictions; null when none. */
  idColumn: string | null;
  /** Probability at or above which a row is labelled positive. */
  threshold: number;
  /** The classifier, as `serialiseModel` writes it. */
  model: unknown;
  /** The calibrator fitted on held-out rows, or null when probabilities are the model's own. */
  calibrator: unknown;
  /** Sensitive columns named at training (kept out of the features unless asked). */
  sensitive: string[];
  /** Test metrics at training time, for `model show`. */
  metrics: { rocAuc: number; prAuc: number; logLoss: number; brier: number; accuracy: number };
}

/** Writes the artifact as JSON. */
export async function saveArtifact(file: string, artifact: CsvModelArtifact): Promise<void> {
  await writeFile(file, `${JSON.stringify(artifact)}\n`);
}

/** Reads an artifact written by {@link saveArtifact}, checking that it is one. */
export async function loadArtifact(file: string): Promise<CsvModelArtifact> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new TabularInputError(`${file} is not a model file: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  const a = parsed as Partial<CsvModelArtifact> | null;
  if (!a || a.format !== 'cairn.csv-model' || a.version !== 1 || !a.encoder || !a.target || a.model === undefined) {
    throw new TabularInputError(`${file} is not a Cairn CSV model (format cairn.csv-model, version 1)`);
  }
  return a as CsvModelArtifact;
}
