import { describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../prng.js';
import { fitLogistic, logisticMargins } from './logistic.js';
import { rocAuc } from './metrics.js';
import { fitMlp, mlpMargins } from './mlp.js';
import { sigmoid, type Dataset } from './types.js';

/** Rows from a known logistic: margin 1.5·a − b + 0.5·c, two noise columns. */
function linearSet(n: number, seed: number): Dataset {
  const random = mulberry32(seed);
  const p = 5;
  const data = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) data[i * p + j] = gaussian(random) * (j + 1) + 3;
    const at = i * p;
    const m = 1.5 * (data[at]! - 3) - (data[at + 1]! - 3) / 2 + 0.5 * (data[at + 2]! - 3) / 3;
    y[i] = random() < sigmoid(m) ? 1 : 0;
  }
  return { x: { data, rows: n, cols: p }, y, names: ['a', 'b', 'c', 'noise1', 'noise2'] };
}

/** XOR of the signs of two columns (5% of labels flipped), two noise columns: no linear signal. */
function xorSet(n: number, seed: number): Dataset {
  const random = mulberry32(seed);
  const p = 4;
  const data = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) data[i * p + j] = random() * 2 - 1;
    const label = data[i * p]! * data[i * p + 1]! > 0 ? 1 : 0;
    y[i] = random() < 0.05 ? 1 - label : label;
  }
  return { x: { data, rows: n, cols: p }, y, names: ['u', 'v', 'noise1', 'noise2'] };
}

describe('fitMlp', () => {
  it('ranks about as well as logistic regression on a linear target', () => {
    const train = linearSet(1500, 1);
    const test = linearSet(1000, 2);
    const logistic = rocAuc(test.y, logisticMargins(fitLogistic(train).model, test.x));
    const { model, report } = fitMlp(train, { seed: 1 });
    const mlp = rocAuc(test.y, mlpMargins(model, test.x));
    expect(mlp).toBeGreaterThan(logistic - 0.02);
    expect(report.validLoss).toBeDefined();
    expect(report.iterations).toBeGreaterThan(0);
  });

  it('beats logistic regression on XOR', () => {
    const train = xorSet(2000, 3);
    const test = xorSet(1000, 4);
    const logistic = rocAuc(test.y, logisticMargins(fitLogistic(train).model, test.x));
    const { model } = fitMlp(train, { seed: 2 }); // AUC 0.94 here, logistic 0.50
    const mlp = rocAuc(test.y, mlpMargins(model, test.x));
    expect(logistic).toBeLessThan(0.6);
    expect(mlp).toBeGreaterThan(0.9);
  });

  it('is deterministic for a seed, with one or two hidden layers', () => {
    const train = linearSet(300, 5);
    const a = fitMlp(train, { seed: 9, hidden: [8, 4], maxEpochs: 20 });
    const b = fitMlp(train, { seed: 9, hidden: [8, 4], maxEpochs: 20 });
    expect(a.model).toEqual(b.model);
    expect(a.model.layers.map((l) => [l.inputs, l.outputs])).toEqual([[5, 8], [8, 4], [4, 1]]);
    const c = fitMlp(train, { seed: 10, hidden: [8, 4], maxEpochs: 20 });
    expect(c.model.layers[0]!.weights).not.toEqual(a.model.layers[0]!.weights);
  });

  it('stops early on the given validation set and keeps the best epoch', () => {
    const { report } = fitMlp(linearSet(400, 6), { valid: linearSet(200, 7), seed: 0, learningRate: 0.05, patience: 3 });
    expect(report.stop).toBe('early-stopping');
    expect(report.validLoss).toBeLessThan(0.69);
  });

  it('fills missing values, zeroes constant columns and scores JSON-loaded models alike', () => {
    const set = linearSet(300, 8);
    const data = set.x.data.slice();
    data[3 * 5 + 2] = NaN;
    for (let i = 0; i < 300; i++) data[i * 5 + 4] = 1;
    const x = { data, rows: 300, cols: 5 };
    const { model, report } = fitMlp({ ...set, x }, { maxEpochs: 5 });
    expect(report.warnings).toContain(`column 'noise2' is constant: it gets weight 0`);
    expect(report.warnings.some((w) => w.startsWith(`column 'c' has 1 missing values`))).toBe(true);
    const margins = mlpMargins(model, x);
    expect(margins.every(Number.isFinite)).toBe(true);
    expect(mlpMargins(JSON.parse(JSON.stringify(model)) as typeof model, x)).toEqual(margins);
  });

  it('refuses one class, bad layers and infinite inputs', () => {
    const set = linearSet(50, 9);
    expect(() => fitMlp({ ...set, y: new Uint8Array(50) })).toThrow('the target has only class 0; the perceptron needs both');
    expect(() => fitMlp(set, { hidden: [4, 4, 4] })).toThrow(/one or two hidden layers/);
    const { model } = fitMlp(set, { maxEpochs: 2 });
    const data = set.x.data.slice();
    data[0] = -Infinity;
    expect(() => mlpMargins(model, { ...set.x, data })).toThrow(`column 'a' is infinite in row 0`);
  });
});
