import { gaussian, mulberry32, type Random } from '../prng.js';
import { checkColumns, checkTrainingSet } from './check.js';
import { marginLogLoss } from './logistic.js';
import { fitInputScaling, infiniteInput, scaleRow } from './scaling.js';
import { stratifiedSplit, takeRows } from './split.js';
import type { Dataset, FitReport, Matrix } from './types.js';

/**
 * A small multilayer perceptron for binary targets: one or two ReLU hidden layers, a linear output
 * that is the margin (log-odds), log loss with L2 on the weights, trained by Adam on shuffled
 * mini-batches, with early stopping on validation log loss (the best epoch's weights are kept).
 * Inputs are standardised and missing values filled with the training mean, as for the logistic
 * model. Seeded: the same data, options and seed give the same model.
 */

/** Options of {@link fitMlp}; the defaults follow scikit-learn's MLPClassifier where it has one. */
export interface MlpOptions {
  /** Units of the hidden layers: one or two sizes. Default [32]. */
  hidden?: number[];
  /** Adam's step size. Default 1e-3. */
  learningRate?: number;
  /** L2 penalty on the weights (not the biases), added to the mean batch loss as l2/2 · ‖W‖². Default 1e-4. */
  l2?: number;
  /** Rows per mini-batch. Default 200 (fewer when the set is smaller). */
  batchSize?: number;
  /** Passes over the training rows at most. Default 200. */
  maxEpochs?: number;
  /** Epochs without an improvement of more than `tolerance` in validation loss before stopping. Default 10. */
  patience?: number;
  /** Improvement in validation log loss that counts. Default 1e-4. */
  tolerance?: number;
  /** Share of the training rows held out for early stopping when no validation set is given. Default 0.1. */
  validationFraction?: number;
  /** Rows for early stopping; when absent a stratified share of the training rows is held out. */
  valid?: Dataset;
  /** Seed for the initial weights, the hold-out and the shuffles. Default 0. */
  seed?: number;
}

/** One dense layer: outputs × inputs weights, row-major by output unit. */
export interface MlpLayer {
  inputs: number;
  outputs: number;
  weights: number[];
  biases: number[];
}

/** A fitted perceptron: ReLU after every layer but the last, whose single output is the margin. */
export interface MlpModel {
  kind: 'mlp';
  names: string[];
  /** Training means (a missing value is replaced by its column's mean). */
  means: number[];
  /** Training standard deviations; 1 for a column that was constant or all missing. */
  scales: number[];
  /** 1 for a column that carried no information (constant or all missing): its input is always 0. */
  unused: number[];
  layers: MlpLayer[];
  params: { hidden: number[]; learningRate: number; l2: number; batchSize: number; maxEpochs: number; patience: number; tolerance: number; seed: number };
}

/** The network's parameters in one flat array (layer by layer: weights, then biases), with views. */
class Network {
  readonly sizes: number[];
  readonly params: Float64Array;
  readonly weights: Float64Array[] = [];
  readonly biases: Float64Array[] = [];
  /** Activations per layer (input first), batch × size, and the deltas of each layer's outputs. */
  readonly activations: Float64Array[] = [];
  readonly deltas: Float64Array[] = [];
  readonly batch: number;

  constructor(sizes: number[], batch: number, params?: Float64Array) {
    this.sizes = sizes;
    this.batch = batch;
    let total = 0;
    for (let l = 0; l + 1 < sizes.length; l++) total += sizes[l]! * sizes[l + 1]! + sizes[l + 1]!;
    this.params = params ?? new Float64Array(total);
    let at = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const w = sizes[l]! * sizes[l + 1]!;
      this.weights.push(this.params.subarray(at, at + w));
      at += w;
      this.biases.push(this.params.subarray(at, at + sizes[l + 1]!));
      at += sizes[l + 1]!;
    }
    for (const size of sizes) {
      this.activations.push(new Float64Array(batch * size));
      this.deltas.push(new Float64Array(batch * size));
    }
  }

  /** Forward pass of `rows` rows already in activations[0]; returns the output layer (the margins). */
  forward(rows: number): Float64Array {
    const { sizes, weights, biases, activations } = this;
    const last = sizes.length - 2;
    for (let l = 0; l <= last; l++) {
      const input = activations[l]!;
      const output = activations[l + 1]!;
      const w = weights[l]!;
      const bias = biases[l]!;
      const inputs = sizes[l]!;
      const outputs = sizes[l + 1]!;
      const relu = l < last;
      for (let r = 0; r < rows; r++) {
        const a = r * inputs;
        for (let o = 0; o < outputs; o++) {
          let s = bias[o]!;
          const wo = o * inputs;
          for (let i = 0; i < inputs; i++) s += w[wo + i]! * input[a + i]!;
          output[r * outputs + o] = relu && s < 0 ? 0 : s;
        }
      }
    }
    return activations[last + 1]!;
  }

  /**
   * Backward pass after {@link forward}, with the output deltas (∂loss/∂margin per row) in the
   * last deltas array: accumulates the mean gradient over `rows` into `grad` (same layout as params).
   */
  backward(rows: number, grad: Float64Array, gradWeights: Float64Array[], gradBiases: Float64Array[]): void {
    const { sizes, weights, activations, deltas } = this;
    grad.fill(0);
    for (let l = sizes.length - 2; l >= 0; l--) {
      const inputs = sizes[l]!;
      const outputs = sizes[l + 1]!;
      const input = activations[l]!;
      const delta = deltas[l + 1]!;
      const gw = gradWeights[l]!;
      const gb = gradBiases[l]!;
      for (let r = 0; r < rows; r++) {
        const a = r * inputs;
        for (let o = 0; o < outputs; o++) {
          const d = delta[r * outputs + o]!;
          if (d === 0) continue; // a ReLU that was off
          gb[o]! += d;
          const wo = o * inputs;
          for (let i = 0; i < inputs; i++) gw[wo + i]! += d * input[a + i]!;
        }
      }
      if (l === 0) break;
      // Deltas of the layer below: Wᵀ·delta through the ReLU (on where the activation is > 0).
      const below = deltas[l]!;
      const w = weights[l]!;
      for (let r = 0; r < rows; r++) {
        const a = r * inputs;
        for (let i = 0; i < inputs; i++) below[a + i] = 0;
        for (let o = 0; o < outputs; o++) {
          const d = delta[r * outputs + o]!;
          if (d === 0) continue;
          const wo = o * inputs;
          for (let i = 0; i < inputs; i++) below[a + i]! += d * w[wo + i]!;
        }
        for (let i = 0; i < inputs; i++) if (!(input[a + i]! > 0)) below[a + i] = 0;
      }
    }
    const scale = 1 / rows;
    for (let k = 0; k < grad.length; k++) grad[k]! *= scale;
  }
}

function layerViews(sizes: number[], flat: Float64Array): { weights: Float64Array[]; biases: Float64Array[] } {
  const weights: Float64Array[] = [];
  const biases: Float64Array[] = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const w = sizes[l]! * sizes[l + 1]!;
    weights.push(flat.subarray(at, at + w));
    at += w;
    biases.push(flat.subarray(at, at + sizes[l + 1]!));
    at += sizes[l + 1]!;
  }
  return { weights, biases };
}

/** He initialisation for the ReLU layers, Glorot for the output; the output bias starts at the prior log-odds. */
function initialise(net: Network, random: Random, priorLogOdds: number): void {
  const last = net.sizes.length - 2;
  for (let l = 0; l <= last; l++) {
    const fanIn = net.sizes[l]!;
    const fanOut = net.sizes[l + 1]!;
    const sd = l < last ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut));
    const w = net.weights[l]!;
    for (let k = 0; k < w.length; k++) w[k] = gaussian(random) * sd;
  }
  net.biases[last]![0] = priorLogOdds;
}

/** Standardised rows of x (by index) into the network's input activations. */
function loadRows(net: Network, x: Matrix, rows: ArrayLike<number>, from: number, count: number, scaling: Scaling): void {
  const input = net.activations[0]!;
  const cols = x.cols;
  for (let r = 0; r < count; r++) {
    scaleRow(x.data, rows[from + r]!, cols, scaling.means, scaling.scales, scaling.unused, input, r * cols);
  }
}

interface Scaling {
  means: Float64Array;
  scales: Float64Array;
  unused: Uint8Array;
}

/** Margins of every row of x, a batch at a time; false when a row held an infinite value. */
function marginsOf(net: Network, x: Matrix, scaling: Scaling, out: Float64Array): boolean {
  const input = net.activations[0]!;
  const cols = x.cols;
  let finite = true;
  for (let start = 0; start < x.rows; start += net.batch) {
    const count = Math.min(net.batch, x.rows - start);
    for (let r = 0; r < count; r++) {
      if (!scaleRow(x.data, start + r, cols, scaling.means, scaling.scales, scaling.unused, input, r * cols)) finite = false;
    }
    const margins = net.forward(count);
    for (let r = 0; r < count; r++) out[start + r] = margins[r]!;
  }
  return finite;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number of at least 1, got ${String(value)}`);
  return value;
}

/** The training and early-stopping rows: the given validation set, or a stratified hold-out. */
function earlyStoppingRows(train: Dataset, options: MlpOptions, seed: number): { fit: Dataset; valid: Dataset | undefined; warning?: string } {
  if (options.valid !== undefined) return { fit: train, valid: options.valid };
  const fraction = options.validationFraction ?? 0.1;
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`validationFraction must lie strictly between 0 and 1, got ${String(fraction)}`);
  try {
    const split = stratifiedSplit(train.y, fraction, seed);
    const fit = takeRows(train, split.train);
    let positives = 0;
    for (let i = 0; i < fit.y.length; i++) positives += fit.y[i]!;
    if (positives > 0 && positives < fit.y.length) return { fit, valid: takeRows(train, split.test) };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  return { fit: train, valid: undefined, warning: `too few rows (${String(train.y.length)}) to hold out a validation share: stopped on the training loss instead` };
}

/**
 * Fits the perceptron.
 *
 * Measured here: see mlp.test.ts for the small sets; per epoch the cost is about 3 · n · (p·h₁ +
 * h₁·h₂ + h₂) multiply-adds.
 *
 * @throws RangeError on an empty set, labels of one class, an infinite value or bad options.
 */
export function fitMlp(train: Dataset, options: MlpOptions = {}): { model: MlpModel; report: FitReport } {
  checkTrainingSet(train, 'the perceptron');
  const p = train.x.cols;
  const hidden = options.hidden ?? [32];
  if (hidden.length < 1 || hidden.length > 2) throw new RangeError(`the perceptron takes one or two hidden layers, got ${String(hidden.length)}`);
  hidden.forEach((h, i) => positiveInteger(h, `hidden layer ${String(i + 1)}'s size`));
  const learningRate = options.learningRate ?? 1e-3;
  const l2 = options.l2 ?? 1e-4;
  if (!(learningRate > 0)) throw new RangeError(`learningRate must be positive, got ${String(learningRate)}`);
  if (!(l2 >= 0)) throw new RangeError(`l2 must be 0 or more, got ${String(l2)}`);
  const maxEpochs = positiveInteger(options.maxEpochs ?? 200, 'maxEpochs');
  const patience = positiveInteger(options.patience ?? 10, 'patience');
  const tolerance = options.tolerance ?? 1e-4;
  const seed = options.seed ?? 0;
  const scalingFit = fitInputScaling(train.x, train.names);
  const scaling: Scaling = scalingFit;
  const warnings = [...scalingFit.warnings];
  if (p >= train.x.rows) {
    warnings.push(`more feature columns (${String(p)}) than rows (${String(train.x.rows)}): expect the perceptron to overfit; prefer the logistic model`);
  }
  const { fit, valid, warning } = earlyStoppingRows(train, options, seed);
  if (warning !== undefined) warnings.push(warning);
  if (valid !== undefined) checkColumns(valid.x, p, 'validation set');
  const n = fit.y.length;
  const batchSize = Math.min(positiveInteger(options.batchSize ?? 200, 'batchSize'), n);

  const sizes = [p, ...hidden, 1];
  const net = new Network(sizes, batchSize);
  const random = mulberry32(seed ^ 0x9e3779b9);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += fit.y[i]!;
  initialise(net, random, Math.log(positives / (n - positives)));

  const grad = new Float64Array(net.params.length);
  const { weights: gradWeights, biases: gradBiases } = layerViews(sizes, grad);
  const isWeight = new Uint8Array(net.params.length);
  markWeights(sizes, isWeight);
  const m1 = new Float64Array(net.params.length);
  const m2 = new Float64Array(net.params.length);
  const best = net.params.slice();
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const validMargins = new Float64Array(valid?.y.length ?? 0);
  const trainMargins = new Float64Array(n);
  const outputDelta = net.deltas[sizes.length - 1]!;

  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;
  let bestLoss = Infinity;
  let bestEpoch = 0;
  let sinceBest = 0;
  let stop = 'max-iterations';
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    for (let start = 0; start < n; start += batchSize) {
      const count = Math.min(batchSize, n - start);
      loadRows(net, fit.x, order, start, count, scaling);
      const margins = net.forward(count);
      for (let r = 0; r < count; r++) {
        const m = margins[r]!;
        const prob = m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m));
        outputDelta[r] = prob - fit.y[order[start + r]!]!;
      }
      net.backward(count, grad, gradWeights, gradBiases);
      step++;
      const c1 = 1 - beta1 ** step;
      const c2 = 1 - beta2 ** step;
      const params = net.params;
      for (let k = 0; k < params.length; k++) {
        const g = grad[k]! + (isWeight[k] === 1 ? l2 * params[k]! : 0);
        const a = beta1 * m1[k]! + (1 - beta1) * g;
        const b = beta2 * m2[k]! + (1 - beta2) * g * g;
        m1[k] = a;
        m2[k] = b;
        params[k]! -= (learningRate * (a / c1)) / (Math.sqrt(b / c2) + 1e-8);
      }
    }
    // The epoch's score: validation log loss, or the training loss when there is no hold-out.
    let loss: number;
    if (valid !== undefined) {
      marginsOf(net, valid.x, scaling, validMargins);
      loss = marginLogLoss(valid.y, validMargins);
    } else {
      marginsOf(net, fit.x, scaling, trainMargins);
      loss = marginLogLoss(fit.y, trainMargins);
    }
    if (!Number.isFinite(loss)) {
      warnings.push(`training diverged at epoch ${String(epoch)}: lower learningRate`);
      stop = 'diverged';
      break;
    }
    if (loss < bestLoss - tolerance) {
      bestLoss = loss;
      bestEpoch = epoch;
      sinceBest = 0;
      best.set(net.params);
    } else {
      if (loss < bestLoss) {
        bestLoss = loss;
        bestEpoch = epoch;
        best.set(net.params);
      }
      sinceBest++;
      if (sinceBest >= patience) {
        stop = 'early-stopping';
        break;
      }
    }
  }
  if (stop === 'max-iterations') warnings.push(`the perceptron was still improving after ${String(maxEpochs)} epochs: raise maxEpochs or learningRate`);
  if (bestEpoch > 0) net.params.set(best);

  const { weights, biases } = layerViews(sizes, net.params);
  const model: MlpModel = {
    kind: 'mlp',
    names: [...train.names],
    means: Array.from(scalingFit.means),
    scales: Array.from(scalingFit.scales),
    unused: Array.from(scalingFit.unused),
    layers: weights.map((w, l) => ({ inputs: sizes[l]!, outputs: sizes[l + 1]!, weights: Array.from(w), biases: Array.from(biases[l]!) })),
    params: { hidden: [...hidden], learningRate, l2, batchSize, maxEpochs, patience, tolerance, seed },
  };
  marginsOf(net, fit.x, scaling, trainMargins);
  const report: FitReport = { iterations: bestEpoch, stop, trainLoss: marginLogLoss(fit.y, trainMargins), warnings };
  if (valid !== undefined) report.validLoss = bestLoss;
  return { model, report };
}

function markWeights(sizes: number[], isWeight: Uint8Array): void {
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const w = sizes[l]! * sizes[l + 1]!;
    isWeight.fill(1, at, at + w);
    at += w + sizes[l + 1]!;
  }
}

/**
 * Margins (log-odds) of the rows of x.
 *
 * @throws RangeError when x has other columns than the model, or holds an infinite value.
 */
export function mlpMargins(model: MlpModel, x: Matrix): Float64Array {
  const p = model.names.length;
  checkColumns(x, p, 'perceptron scoring');
  const sizes = [p, ...model.layers.map((layer) => layer.outputs)];
  const flat: number[] = [];
  model.layers.forEach((layer, l) => {
    if (layer.inputs !== sizes[l] || layer.weights.length !== layer.inputs * layer.outputs || layer.biases.length !== layer.outputs) {
      throw new RangeError(`perceptron layer ${String(l + 1)} does not fit its neighbours: the model file is damaged`);
    }
    for (const w of layer.weights) flat.push(w);
    for (const b of layer.biases) flat.push(b);
  });
  if (sizes[sizes.length - 1] !== 1) throw new RangeError('the perceptron must end in one output: the model file is damaged');
  const net = new Network(sizes, Math.min(256, Math.max(1, x.rows)), Float64Array.from(flat));
  const scaling: Scaling = { means: Float64Array.from(model.means), scales: Float64Array.from(model.scales), unused: Uint8Array.from(model.unused) };
  const out = new Float64Array(x.rows);
  if (!marginsOf(net, x, scaling, out)) throw infiniteInput(x, model.names);
  return out;
}
