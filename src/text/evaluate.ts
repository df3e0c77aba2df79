import { mulberry32 } from '../models/index.js';
import { classOfSentiment } from './classes.js';
import { lexiconSentiment } from './lexicon.js';
import { predictClasses, trainSentimentModel, type TrainOptions } from './trained.js';

/** Accuracy and macro-F1 of predictions against the truth. */
export interface Scores {
  accuracy: number;
  /** Mean F1 over the classes of the truth (a predicted class the truth never has, e.g. the lexicon's neutral, only lowers recall). */
  macroF1: number;
}

/** Accuracy and macro-F1 over the truth's classes. */
export function scorePredictions(truth: readonly string[], predicted: readonly (string | null)[]): Scores {
  const classes = [...new Set(truth)];
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) correct++;
  const f1s = classes.map((c) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      const t = truth[i] === c;
      const p = predicted[i] === c;
      if (t && p) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return { accuracy: truth.length ? correct / truth.length : 0, macroF1: f1s.length ? f1s.reduce((s, v) => s + v, 0) / f1s.length : 0 };
}

/**
 * Stratified k-fold assignment: each class's rows are shuffled (seeded) and dealt round-robin to
 * the folds, so every fold has each class in proportion. Returns the fold (0..k−1) of each row.
 */
export function stratifiedFolds(labels: readonly string[], k: number, seed = 42): Int32Array {
  const folds = new Int32Array(labels.length);
  const random = mulberry32(seed);
  const byClass = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const rows = byClass.get(l) ?? [];
    rows.push(i);
    byClass.set(l, rows);
  });
  let next = 0;
  for (const cls of [...byClass.keys()].sort()) {
    const rows = byClass.get(cls)!;
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    // Continue the round-robin across classes so fold sizes differ by at most one.
    for (const r of rows) folds[r] = next++ % k;
  }
  return folds;
}

/** Evaluation of both models on one labelled set. */
export interface Evaluation {
  texts: number;
  classes: string[];
  folds: number;
  lexicon: Scores & { neutralShare: number; notScored: number; textsPerSecond: number };
  trained: Scores & { perFold: Scores[]; trainSeconds: number; textsPerSecond: number };
}

/**
 * Evaluates the lexicon model on every text, and the trained model by stratified k-fold
 * cross-validation (each fold's texts predicted by a model trained on the other folds).
 * `folds` may be given to use a fixed assignment (e.g. one shared with a peer library).
 */
export function evaluateSentiment(texts: readonly string[], labels: readonly string[], options: { folds?: number; assignment?: Int32Array; seed?: number; train?: TrainOptions } = {}): Evaluation {
  const classes = [...new Set(labels)].sort();
  const k = options.folds ?? 10;
  const assignment = options.assignment ?? stratifiedFolds(labels, k, options.seed);
  let start = performance.now();
  const sentiments = texts.map((t) => lexiconSentiment(t));
  const lexiconSeconds = (performance.now() - start) / 1000;
  const lexiconPredicted = sentiments.map((s) => (s.label ? classOfSentiment(s.label, classes) : null));
  const lexicon = {
    ...scorePredictions(labels, lexiconPredicted),
    neutralShare: sentiments.filter((s) => s.label === 'neutral').length / Math.max(1, texts.length),
    notScored: sentiments.filter((s) => s.notScored).length,
    textsPerSecond: texts.length / Math.max(lexiconSeconds, 1e-9),
  };
  const predicted: string[] = new Array<string>(texts.length);
  const perFold: Scores[] = [];
  let trainSeconds = 0;
  let predictSeconds = 0;
  for (let f = 0; f < k; f++) {
    const trainRows: number[] = [];
    const testRows: number[] = [];
    assignment.forEach((a, i) => (a === f ? testRows : trainRows).push(i));
    if (!testRows.length) continue;
    start = performance.now();
    const model = trainSentimentModel(trainRows.map((i) => texts[i]!), trainRows.map((i) => labels[i]!), options.train);
    trainSeconds += (performance.now() - start) / 1000;
    start = performance.now();
    const out = predictClasses(model, testRows.map((i) => texts[i]!));
    predictSeconds += (performance.now() - start) / 1000;
    testRows.forEach((i, j) => (predicted[i] = out[j]!));
    perFold.push(scorePredictions(testRows.map((i) => labels[i]!), out));
  }
  const trained = { ...scorePredictions(labels, predicted), perFold, trainSeconds, textsPerSecond: texts.length / Math.max(predictSeconds, 1e-9) };
  return { texts: texts.length, classes, folds: k, lexicon, trained };
}
