import type { Dataset, FitReport } from '../classify/types.js';
import { mulberry32 } from '../prng.js';
import { applyBinner, type Binner, fitBinner } from './binning.js';
import { boost, type Validation } from './boost.js';
import { type BinnedTree, TreeGrower } from './grow.js';
import { type TrainingRows, trainingRows } from './histogram.js';
import { checkDataset, countPositives, identity, pick, stratifiedSplit } from './input.js';
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

  const boosted = boost(grower, validationSet(binner, train, valid, heldOut, baseScore), params);
  const model: GbdtModel = { kind: 'gbdt', names: [...train.names], baseScore, trees: boosted.trees.map((t) => rawTree(t, binner, binCounts)), params };
  const report: FitReport = { iterations: boosted.trees.length, stop: boosted.stop, trainLoss: boosted.trainLoss, warnings };
  if (boosted.validLoss !== undefined) report.validLoss = boosted.validLoss;
  if (heldOut !== null) warnings.push(`early stopping held out ${heldOut.length} of ${n} training rows (stratified ${params.validationFraction})`);
  return { model, report };
}

/** The given validation set or the held-out training rows, binned; null without early stopping. */
function validationSet(binner: Binner, train: Dataset, valid: Dataset | undefined, heldOut: Uint32Array | null, baseScore: number): Validation | null {
  if (valid === undefined && heldOut === null) return null;
  const y = valid?.y ?? pick(train.y, heldOut!);
  const bins = applyBinner(binner, valid?.x ?? train.x, valid === undefined ? heldOut : null, train.names).bins;
  return { bins, y, margins: new Float64Array(y.length).fill(baseScore) };
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
