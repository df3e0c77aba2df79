import type { Store } from '../../store/index.js';
import {
  classificationReport,
  fitCalibrator,
  fitClassifier,
  globalImportance,
  predictMargins,
  rocAuc,
  type CalibrationMethod,
  type Calibrator,
  type ClassificationReport,
  type ClassifierKind,
  type Dataset,
  type FitReport,
} from '../classify/index.js';
import { numericReference, textReference, type DriftReference } from '../drift/index.js';
import { CUSTOMER_FEATURES } from './customer-features.js';
import { encodeSnapshot, fitCustomerEncoding, type CustomerEncoding } from './customer-encoding.js';
import { artifactOf, CUSTOMER_MODEL_FORMAT, scoreSnapshot, type Classifier } from './customer-scorer.js';
import { DEFAULT_HORIZON_DAYS, describeTarget, ModelInputError, targetName, type CustomerTarget } from './customer-target.js';
import { registerModel, type ModelReference, type ModelStatus } from './registry.js';
import { classBalance, customerSnapshot, dataRange, DEFAULT_TRAIN_DAYS, splitWindows, stackSnapshots, type ClassBalance, type CustomerSnapshot, type SplitWindows } from './training-set.js';

export interface TrainStoreOptions {
  /** Default churn. */
  target?: CustomerTarget;
  /** Outcome window in days (default 90 for churn, 30 otherwise). */
  horizonDays?: number;
  /** The test set's as-of day (default: the latest whose outcome window has closed). */
  asOf?: string;
  /** Training as-of days stacked, one horizon apart (default 3, fewer when history is short). */
  trainDays?: number;
  /** Default gbdt. */
  kind?: ClassifierKind;
  seed?: number;
  /**
   * Calibrate probabilities on the validation set (Platt or isotonic), which early stopping also
   * reads; default none: the model's own probabilities.
   */
  calibrate?: CalibrationMethod | 'none';
  /** Hyper-parameters passed to the classifier (see PARAMETERS in models/classify). */
  params?: Record<string, number>;
  /** Register the model (default true). */
  write?: boolean;
  onProgress?: (step: string) => void;
}

/** What `cairn model train` reports. */
export interface TrainStoreResult {
  model: string;
  /** Null when not registered (write: false). */
  version: string | null;
  status: ModelStatus | null;
  kind: ClassifierKind;
  target: string;
  /** The label in words: "no order in the next 90 days". */
  label: string;
  horizonDays: number;
  windows: SplitWindows;
  balance: { train: ClassBalance; valid: ClassBalance; test: ClassBalance };
  features: { inputs: number; columns: number };
  fit: FitReport;
  calibration: CalibrationMethod | 'none';
  valid: { rocAuc: number };
  test: ClassificationReport;
  importance: { feature: string; importance: number }[];
  seconds: number;
}

/** A trained model with its held-out snapshot, for a retrain to compare a champion on. */
export interface TrainedCustomerModel {
  result: TrainStoreResult;
  encoding: CustomerEncoding;
  classifier: Classifier;
  calibrator?: Calibrator | undefined;
  testSnapshot: CustomerSnapshot;
  testProbability: Float64Array;
}

/** Fewest customers a set needs, and fewest of each class. */
const MIN_ROWS = 20;
const MIN_CLASS = 3;

/**
 * `cairn model train` on the store: customers' features as of three days one horizon apart
 * (train, validation, test; see {@link splitWindows}) with labels from each one's next horizon,
 * the classifier fitted on the training set with early stopping on validation, judged on test,
 * and registered with its data window, features, parameters, metrics, artifact and the training
 * rows' distributions (for drift).
 */
export async function trainOnStore(store: Store, options: TrainStoreOptions = {}): Promise<TrainedCustomerModel> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => undefined);
  const target = options.target ?? { kind: 'churn' };
  const horizonDays = options.horizonDays ?? DEFAULT_HORIZON_DAYS[target.kind];
  const kind = options.kind ?? 'gbdt';
  const seed = options.seed ?? 42;
  const range = await dataRange(store);
  if (!range) throw new ModelInputError('the store has no orders or events: import some first (cairn import … --source …)');
  const windows = splitWindows(range, horizonDays, options.asOf, options.trainDays);
  const snapshot = async (set: string, asOf: string) => {
    progress(`${set} set: features as of ${asOf}, labels from the ${horizonDays} days after it`);
    return customerSnapshot(store, { asOf, target, horizonDays, labels: true });
  };
  const trainDays: CustomerSnapshot[] = [];
  for (const day of windows.trainDays) trainDays.push(await snapshot('training', day));
  const train = stackSnapshots(trainDays);
  const valid = await snapshot('validation', windows.valid);
  const test = await snapshot('test', windows.test);
  checkSet('training', train, target, horizonDays);
  checkSet('validation', valid, target, horizonDays);
  checkSet('test', test, target, horizonDays);

  const encoding = fitCustomerEncoding(train, CUSTOMER_FEATURES);
  const dataset = (s: CustomerSnapshot): Dataset => ({ x: encodeSnapshot(s, encoding), y: s.labels!, names: encoding.names });
  const trainSet = dataset(train);
  progress(`fitting ${kind} on ${trainSet.x.rows} customers × ${trainSet.x.cols} columns`);
  const validSet = dataset(valid);
  const { model: classifier, report: fit } = fitClassifier(kind, trainSet, { valid: validSet, seed, ...(options.params ? { params: options.params } : {}) });
  const calibrator = options.calibrate && options.calibrate !== 'none' ? fitCalibrator(predictMargins(classifier, validSet.x), validSet.y, options.calibrate) : undefined;
  const scorer = { classifier, encoding, calibrator };
  const validAuc = rocAuc(valid.labels!, scoreSnapshot(scorer, valid));
  const testProbability = scoreSnapshot(scorer, test);
  const report = classificationReport(test.labels!, testProbability);
  const importance = globalImportance(classifier, trainSet, seed).slice(0, 15).map((i) => ({ feature: i.name, importance: i.importance }));
  const result: TrainStoreResult = {
    model: targetName(target),
    version: null,
    status: null,
    kind,
    target: targetName(target),
    label: describeTarget(target, horizonDays),
    horizonDays,
    windows,
    balance: { train: classBalance(train), valid: classBalance(valid), test: classBalance(test) },
    features: { inputs: encoding.features.length, columns: encoding.names.length },
    fit,
    calibration: options.calibrate ?? 'none',
    valid: { rocAuc: validAuc },
    test: report,
    importance,
    seconds: 0,
  };
  if (options.write !== false) {
    progress('registering the model');
    const registered = await registerModel(store, {
      model: result.model,
      kind,
      params: {
        target: result.target, horizonDays, trainDays: options.trainDays ?? DEFAULT_TRAIN_DAYS, window: windows, features: encoding.names,
        classifier: options.params ?? {}, calibrate: options.calibrate ?? 'none', seed,
      },
      metrics: { test: report, valid: result.valid, balance: result.balance, fit, importance },
      format: CUSTOMER_MODEL_FORMAT,
      artifact: artifactOf(encoding, classifier, calibrator),
      reference: reference(train, scoreSnapshot(scorer, train)),
    });
    result.version = registered.version;
    result.status = registered.status;
  }
  result.seconds = (performance.now() - started) / 1000;
  return { result, encoding, classifier, calibrator, testSnapshot: test, testProbability };
}

function checkSet(set: string, s: CustomerSnapshot, target: CustomerTarget, horizonDays: number): void {
  const b = classBalance(s);
  const who = target.kind === 'churn' ? 'customers who had ordered' : 'customers active';
  if (b.customers < MIN_ROWS) {
    throw new ModelInputError(`the ${set} set (as of ${s.asOf.replaceAll(',', ', ')}) has only ${b.customers} ${who} before it: a model needs at least ${MIN_ROWS}; use a shorter --horizon or a store with more history`);
  }
  if (b.positives < MIN_CLASS || b.customers - b.positives < MIN_CLASS) {
    throw new ModelInputError(
      `the ${set} set (as of ${s.asOf.replaceAll(',', ', ')}) has ${b.positives} of ${b.customers} customers with ${describeTarget(target, horizonDays)}: ` +
        `both outcomes need at least ${MIN_CLASS} customers; try another --horizon or --target`,
    );
  }
}

/** Distributions of the training rows' features and scores (every training day), for the population stability index. */
function reference(train: CustomerSnapshot, scores: Float64Array): ModelReference {
  const features: Record<string, DriftReference> = {};
  for (const f of CUSTOMER_FEATURES) {
    const column = train.columns[f.name]!;
    features[f.name] = f.kind === 'text' ? textReference(column as (string | null)[]) : numericReference(column as Float64Array);
  }
  return { asOf: train.asOf.split(',')[0]!, features, score: numericReference(scores) };
}
