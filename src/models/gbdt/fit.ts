import type { Dataset, FitReport, Matrix } from '../classify/types.js';
import { mulberry32, type Random } from '../prng.js';
import { applyBinner, type Binner, fitBinner, MISSING_BIN } from './binning.js';
import { type BinnedTree, TreeGrower } from './grow.js';
import { type TrainingRows, trainingRows } from './histogram.js';
import { resolveOptions } from './options.js';
import type { GbdtModel, GbdtOptions, GbdtTree } from './types.js';

/** Threshold of a split that sends every value left and only missing values right (JSON has no Infinity). */
export const ALL_VALUES = Number.MAX_VALUE;

/**
 * Fits gradient-boosted trees for binary log loss, as scikit-learn's
 * HistGradientBoostingClassifier: features in ≤255 quantile bins plus one for missing values,
 * leaf-wise trees on gradient histograms (the smaller child built, the larger by subtraction),
 * early stopping on validation log loss. The model keeps the trees up to the best validation
 * round. Deterministic for a seed.
 *
 * @throws RangeError on no rows, labels other than 0/1, a single class, mismatched names or
 *   validation columns, an infinite value, or when every column is constant.
 */
export function fitGbdt(train: Dataset, options: GbdtOptions & { valid?: Dataset; seed?: number } = {}): { model: GbdtModel; report: FitReport } {
  const params = resolveOptions(options);
  checkDataset(train, 'training');
  const { valid } = options;
  if (valid !== undefined) {
    checkDataset(valid, 'validation');
    if (valid.x.cols !== train.x.cols) throw new RangeError(`the validation set has ${valid.x.cols} columns, the training set ${train.x.cols}`);
  }
  const random = mulberry32(params.seed);
  const n = train.x.rows;
  const stopEarly = params.earlyStopping === true || (params.earlyStopping === 'auto' && (valid !== undefined || n > 10_000));
  let fitRows: Uint32Array;
  let heldOut: Uint32Array | null = null;
  if (stopEarly && valid === undefined) [fitRows, heldOut] = stratifiedSplit(train.y, params.validationFraction, random);
  else fitRows = identity(n);
  const y = pick(train.y, fitRows);
  const positives = countPositives(y);
  if (positives === 0 || positives === y.length) {
    throw new RangeError(`the target has only one class (every training label is ${positives === 0 ? 0 : 1}); a classifier needs both`);
  }

  const binner = fitBinner(train.x, fitRows, params.maxBins, params.binSubsample, random, train.names);
  const warnings: string[] = [];
  const baseScore = Math.log(positives / (y.length - positives));
  const rows = binTrainingRows(binner, train, fitRows, y, baseScore, warnings);
  const validX: Matrix | null = valid?.x ?? (heldOut === null ? null : train.x);
  const validY = valid?.y ?? (heldOut === null ? null : pick(train.y, heldOut));
  const validBins = validX === null ? null : applyBinner(binner, validX, valid === undefined ? heldOut : null, train.names).bins;

  const binCounts = Int32Array.from(binner.edges, (e) => e.length + 1);
  const grower = new TreeGrower(rows, {
    maxLeafNodes: params.maxLeafNodes,
    maxDepth: params.maxDepth ?? Infinity,
    learningRate: params.learningRate,
    minSamplesLeaf: params.minSamplesLeaf,
    minHessianLeaf: params.minHessianLeaf,
    l2: params.l2Regularization,
    binCounts,
    slotFeature: rows.slotFeature,
  });

  const validMargins = validY === null ? null : new Float64Array(validY.length).fill(baseScore);
  const trees: BinnedTree[] = [];
  const scores: number[] = [];
  let best = 0;
  // The training margins (and labels, in the grower's current order) at the best round so far.
  let bestTrain: { margins: Float64Array; y: Uint8Array } = { margins: new Float64Array(y.length).fill(baseScore), y };
  if (validMargins !== null) scores.push(logLoss(validMargins, validY!));
  let stop = 'max-iterations';
  for (let iteration = 0; iteration < params.maxIter; iteration++) {
    grower.setLogLossGradients();
    const tree = grower.grow();
    if (tree.feature.length === 1) {
      stop = 'no-split';
      break;
    }
    grower.addLeafValues(tree);
    trees.push(tree);
    if (validMargins === null) continue;
    addTree(tree, validBins!, validMargins);
    const loss = logLoss(validMargins, validY!);
    scores.push(loss);
    if (loss < scores[best]!) {
      best = scores.length - 1;
      bestTrain = grower.margins(bestTrain.y === y ? undefined : bestTrain);
    }
    if (shouldStop(scores, params.nIterNoChange, params.tolerance)) {
      stop = 'early-stopping';
      break;
    }
  }
  const kept = validMargins === null ? trees.length : best;
  const final = validMargins === null ? grower.margins() : bestTrain;
  const model: GbdtModel = { kind: 'gbdt', names: [...train.names], baseScore, trees: trees.slice(0, kept).map((t) => rawTree(t, binner, binCounts)), params };
  const report: FitReport = { iterations: kept, stop, trainLoss: logLoss(final.margins, final.y), warnings };
  if (validMargins !== null) report.validLoss = scores[best]!;
  if (heldOut !== null) warnings.push(`early stopping held out ${heldOut.length} of ${n} training rows (stratified ${params.validationFraction})`);
  return { model, report };
}

/** The training rows binned straight into the grower's records; warnings name unusable columns. */
function binTrainingRows(binner: Binner, train: Dataset, fitRows: Uint32Array, y: Uint8Array, baseScore: number, warnings: string[]): TrainingRows {
  const { cols } = train.x;
  const rows = trainingRows(fitRows.length, cols, y, baseScore);
  const layout = { bytes: rows.bytes, stride: rows.size * 4, offsets: Int32Array.from({ length: cols }, (_, f) => f) };
  const binned = applyBinner(binner, train.x, fitRows.length === train.x.rows ? null : fitRows, train.names, layout);
  const usable = usableFeatures(binner, binned.hasMissing, binned.hasValue, train.names, warnings);
  for (let f = 0; f < cols; f++) if (!usable[f]) rows.slotFeature[f] = -1;
  return rows;
}

/** scikit-learn's rule: stop when none of the last k losses beat the one before them by more than tol. */
function shouldStop(losses: readonly number[], k: number, tolerance: number): boolean {
  if (losses.length < k + 1) return false;
  const reference = losses[losses.length - k - 1]! - tolerance;
  for (let i = losses.length - k; i < losses.length; i++) if (losses[i]! < reference) return false;
  return true;
}

/** Mean log loss of margins: softplus(m) − y·m, stable for large |m|. */
export function logLoss(margins: Float64Array, y: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < margins.length; i++) {
    const m = margins[i]!;
    total += (m > 0 ? m : 0) + Math.log1p(Math.exp(-Math.abs(m))) - y[i]! * m;
  }
  return total / margins.length;
}

/** Adds a tree's output to the margins of binned (column-major) rows. */
function addTree(tree: BinnedTree, bins: Uint8Array, margins: Float64Array): void {
  const n = margins.length;
  const { feature, bin, missingGoesLeft, left, right, value } = tree;
  for (let i = 0; i < n; i++) {
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      const b = bins[f * n + i]!;
      const goLeft = b === MISSING_BIN ? missingGoesLeft[node] === 1 : b <= bin[node]!;
      node = goLeft ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    margins[i]! += value[node]!;
  }
}

/** The model's tree: bin thresholds turned into raw values (bin b holds values ≤ edges[b]). */
function rawTree(tree: BinnedTree, binner: Binner, binCounts: Int32Array): GbdtTree {
  const threshold = tree.feature.map((f, node) => {
    if (f < 0) return 0;
    const b = tree.bin[node]!;
    return b >= binCounts[f]! - 1 ? ALL_VALUES : binner.edges[f]![b]!;
  });
  return { feature: tree.feature, threshold, missingGoesLeft: tree.missingGoesLeft, left: tree.left, right: tree.right, value: tree.value, cover: tree.cover, gain: tree.gain };
}

/** Columns with two or more distinct bins in the training rows; a warning names the others. */
function usableFeatures(binner: Binner, hasMissing: Uint8Array, hasValue: Uint8Array, names: readonly string[], warnings: string[]): boolean[] {
  const usable = binner.edges.map((edges, f) => edges.length > 0 || (hasMissing[f] === 1 && hasValue[f] === 1));
  const unusable = names.filter((_, f) => !usable[f]);
  for (const [f, name] of names.entries()) {
    if (usable[f]) continue;
    warnings.push(hasValue[f] === 1 ? `column '${name}' is constant in the training rows; the model ignores it` : `column '${name}' is missing in every training row; the model ignores it`);
  }
  if (unusable.length === names.length) throw new RangeError(`every column is constant or missing (${unusable.join(', ')}); there is nothing to learn from`);
  return usable;
}

function checkDataset(data: Dataset, what: string): void {
  const { x, y, names } = data;
  if (x.rows === 0) throw new RangeError(`the ${what} set has no rows`);
  if (x.cols === 0) throw new RangeError(`the ${what} set has no columns`);
  if (x.data.length !== x.rows * x.cols) throw new RangeError(`the ${what} matrix needs ${x.rows * x.cols} values, got ${x.data.length}`);
  if (y.length !== x.rows) throw new RangeError(`the ${what} set has ${x.rows} rows but ${y.length} labels`);
  if (names.length !== x.cols) throw new RangeError(`the ${what} set has ${x.cols} columns but ${names.length} names`);
  for (let i = 0; i < y.length; i++) {
    const label = y[i]!;
    if (label !== 0 && label !== 1) throw new RangeError(`label ${i} of the ${what} set is ${label}; labels must be 0 or 1`);
  }
}

/** Holds out `fraction` of each class (shuffled with the seed), as scikit-learn's stratified split. */
function stratifiedSplit(y: Uint8Array, fraction: number, random: Random): [Uint32Array, Uint32Array] {
  const held = new Uint8Array(y.length);
  const positives = countPositives(y);
  for (const label of [0, 1]) {
    const rows = new Uint32Array(label === 1 ? positives : y.length - positives);
    for (let i = 0, k = 0; i < y.length; i++) if (y[i] === label) rows[k++] = i;
    const take = Math.round(rows.length * fraction);
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(random() * (rows.length - i));
      const t = rows[i]!;
      rows[i] = rows[j]!;
      rows[j] = t;
      held[rows[i]!] = 1;
    }
  }
  let count = 0;
  for (let i = 0; i < held.length; i++) count += held[i]!;
  const fit = new Uint32Array(y.length - count);
  const out = new Uint32Array(count);
  for (let i = 0, a = 0, b = 0; i < y.length; i++) {
    if (held[i] === 1) out[b++] = i;
    else fit[a++] = i;
  }
  return [fit, out];
}

function identity(n: number): Uint32Array {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

function pick(y: Uint8Array, rows: Uint32Array): Uint8Array {
  if (rows.length === y.length) return y;
  const out = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = y[rows[i]!]!;
  return out;
}

function countPositives(y: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < y.length; i++) count += y[i]!;
  return count;
}
