import { fitGbdt, gbdtMargins, treeShap, type GbdtOptions } from '../gbdt/index.js';
import { mulberry32 } from '../prng.js';
import { calibratedProbabilities, type Calibrator } from './calibrate.js';
import { checkColumns, checkTrainingSet } from './check.js';
import { fitLogistic, logisticContributions, logisticImportance, logisticMargins } from './logistic.js';
import { fitMlp, mlpMargins, type MlpOptions } from './mlp.js';
import type { ClassifierModel } from './serialise.js';
import { takeMatrixRows } from './split.js';
import { sigmoid, type ClassifierKind, type Contributions, type Dataset, type FitReport, type Matrix } from './types.js';

/**
 * The one door to the classifiers: fit any kind, score, calibrate, explain and rank features,
 * without the caller switching on the kind.
 */

/** Options of {@link fitClassifier}. */
export interface FitOptions {
  /** Rows for early stopping (gbdt, mlp) and the validation loss in the report. */
  valid?: Dataset;
  /** Seed for everything random (hold-outs, shuffles, initial weights, bin sampling). Default 0. */
  seed?: number;
  /** Numeric parameters of the kind, by name; see {@link PARAMETERS}. */
  params?: Record<string, number>;
}

/**
 * The parameters each kind takes through {@link FitOptions.params}. For mlp, `hidden` and
 * `hidden2` are the sizes of the hidden layers (hidden2 0 = one layer); for gbdt, `earlyStopping`
 * is 1 (on), 0 (off) or absent ('auto'), and `maxDepth` 0 means no limit.
 */
export const PARAMETERS: Readonly<Record<ClassifierKind, readonly string[]>> = {
  logistic: ['C', 'maxIterations'],
  gbdt: ['learningRate', 'maxIter', 'maxLeafNodes', 'maxDepth', 'minSamplesLeaf', 'minHessianLeaf', 'l2Regularization', 'maxBins', 'binSubsample', 'earlyStopping', 'validationFraction', 'nIterNoChange', 'tolerance'],
  mlp: ['hidden', 'hidden2', 'learningRate', 'l2', 'batchSize', 'maxEpochs', 'patience', 'tolerance', 'validationFraction'],
};

function checkParams(kind: ClassifierKind, params: Record<string, number>): void {
  const known = PARAMETERS[kind];
  for (const [name, value] of Object.entries(params)) {
    if (!known.includes(name)) throw new RangeError(`${kind} has no parameter '${name}': use one of ${known.join(', ')}`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`parameter '${name}' must be a finite number, got ${String(value)}`);
  }
}

function gbdtOptions(params: Record<string, number>): GbdtOptions {
  const options: GbdtOptions = {};
  const { earlyStopping, maxDepth, ...rest } = params;
  Object.assign(options, rest);
  if (earlyStopping !== undefined) options.earlyStopping = earlyStopping !== 0;
  if (maxDepth !== undefined && maxDepth > 0) options.maxDepth = maxDepth;
  return options;
}

function mlpOptions(params: Record<string, number>): MlpOptions {
  const { hidden, hidden2, ...rest } = params;
  const options: MlpOptions = { ...rest };
  if (hidden !== undefined || hidden2 !== undefined) {
    const sizes = [hidden ?? 32];
    if (hidden2 !== undefined && hidden2 > 0) sizes.push(hidden2);
    options.hidden = sizes;
  }
  return options;
}

/**
 * Fits a classifier of the given kind.
 *
 * @throws RangeError on bad input (no rows, one class, an infinite value, other columns in the
 *   validation set) or an unknown parameter.
 */
export function fitClassifier(kind: ClassifierKind, train: Dataset, options: FitOptions = {}): { model: ClassifierModel; report: FitReport } {
  const params = options.params ?? {};
  if (!(kind in PARAMETERS)) throw new RangeError(`unknown classifier '${String(kind)}': use logistic, gbdt or mlp`);
  checkParams(kind, params);
  // Checked here too so every kind words a bad training set the same way.
  checkTrainingSet(train, 'a classifier');
  const seed = options.seed ?? 0;
  const valid = options.valid;
  switch (kind) {
    case 'logistic': {
      const { C, maxIterations } = params;
      return fitLogistic(train, { ...(C !== undefined ? { C } : {}), ...(maxIterations !== undefined ? { maxIterations } : {}), ...(valid ? { valid } : {}) });
    }
    case 'gbdt':
      return fitGbdt(train, { ...gbdtOptions(params), seed, ...(valid ? { valid } : {}) });
    case 'mlp':
      return fitMlp(train, { ...mlpOptions(params), seed, ...(valid ? { valid } : {}) });
    default:
      throw new RangeError(`unknown classifier '${String(kind)}': use logistic, gbdt or mlp`);
  }
}

/** Margins (log-odds) of the rows of x. */
export function predictMargins(model: ClassifierModel, x: Matrix): Float64Array {
  checkColumns(x, model.names.length, `${model.kind} scoring`);
  const margins = model.kind === 'logistic' ? logisticMargins(model, x) : model.kind === 'gbdt' ? gbdtMargins(model, x) : mlpMargins(model, x);
  for (let i = 0; i < margins.length; i++) {
    if (Number.isNaN(margins[i])) throw new RangeError(`the ${model.kind} model gave no score for row ${String(i)}: the model file may be damaged`);
  }
  return margins;
}

/** Probabilities of the positive class: the logistic of the margin, or the calibrator's output. */
export function predictProbabilities(model: ClassifierModel, x: Matrix, calibrator?: Calibrator): Float64Array {
  const margins = predictMargins(model, x);
  if (calibrator !== undefined) return calibratedProbabilities(calibrator, margins);
  for (let i = 0; i < margins.length; i++) margins[i] = sigmoid(margins[i]!);
  return margins;
}

/**
 * Additive explanation of each row's margin: exact weight × standardised value for the logistic
 * model, exact TreeSHAP for the trees. Undefined for the perceptron: a ReLU network has no exact
 * additive split of its margin that is cheap to compute (exact Shapley values cost 2^p passes, and
 * sampled ones would break the contract that a row's entries sum to its margin exactly).
 */
export function explain(model: ClassifierModel, x: Matrix): Contributions | undefined {
  checkColumns(x, model.names.length, `${model.kind} explanation`);
  if (model.kind === 'logistic') return logisticContributions(model, x);
  if (model.kind === 'gbdt') return treeShap(model, x);
  return undefined;
}

/** Rows scored for importance at most: TreeSHAP and permutations cost a pass per row. */
const IMPORTANCE_ROWS = 5000;

/** A seeded sample of at most `limit` rows of x (all rows when there are fewer). */
function sampleMatrix(x: Matrix, limit: number, seed: number): Matrix {
  if (x.rows <= limit) return x;
  const random = mulberry32(seed);
  const rows = new Int32Array(limit);
  let needed = limit;
  for (let i = 0, k = 0; i < x.rows && needed > 0; i++) {
    if (random() * (x.rows - i) < needed) {
      rows[k++] = i;
      needed--;
    }
  }
  return takeMatrixRows(x, rows);
}

/**
 * Features ranked by importance on the rows of x, most important first: the mean |contribution|
 * to the margin (logistic, gbdt), or for the perceptron the mean |change of margin| when the
 * column's values are shuffled among the rows (permutation importance without labels, seeded).
 * Above 5,000 rows a seeded sample of 5,000 is used. Given a dataset, its features are used.
 */
export function globalImportance(model: ClassifierModel, input: Matrix | Dataset, seed = 0): { name: string; importance: number }[] {
  const x = 'x' in input ? input.x : input;
  checkColumns(x, model.names.length, `${model.kind} importance`);
  const p = model.names.length;
  const rows = model.kind === 'logistic' ? x : sampleMatrix(x, IMPORTANCE_ROWS, seed);
  const totals = new Float64Array(p);
  if (model.kind === 'logistic') {
    totals.set(logisticImportance(model, x));
    for (let j = 0; j < p; j++) totals[j]! *= x.rows; // the ranking below divides by the rows
  } else if (model.kind === 'gbdt') {
    const contributions = treeShap(model, rows);
    for (let i = 0; i < contributions.rows; i++) {
      const at = i * (p + 1);
      for (let j = 0; j < p; j++) totals[j]! += Math.abs(contributions.values[at + j]!);
    }
  } else {
    const base = predictMargins(model, rows);
    const shuffled = { data: rows.data.slice(), rows: rows.rows, cols: p };
    const random = mulberry32(seed ^ 0x5bd1e995);
    const order = new Int32Array(rows.rows);
    for (let j = 0; j < p; j++) {
      for (let i = 0; i < rows.rows; i++) order[i] = i;
      for (let i = rows.rows - 1; i > 0; i--) {
        const k = Math.floor(random() * (i + 1));
        const t = order[i]!;
        order[i] = order[k]!;
        order[k] = t;
      }
      for (let i = 0; i < rows.rows; i++) shuffled.data[i * p + j] = rows.data[order[i]! * p + j]!;
      const moved = predictMargins(model, shuffled);
      for (let i = 0; i < rows.rows; i++) totals[j]! += Math.abs(moved[i]! - base[i]!);
      for (let i = 0; i < rows.rows; i++) shuffled.data[i * p + j] = rows.data[i * p + j]!;
    }
  }
  const ranked = model.names.map((name, j) => ({ name, importance: rows.rows > 0 ? totals[j]! / rows.rows : 0 }));
  return ranked.map((r, j) => ({ ...r, j })).sort((a, b) => b.importance - a.importance || a.j - b.j).map(({ name, importance }) => ({ name, importance }));
}
