import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../prng.js';
import { fitCalibrator } from './calibrate.js';
import { rocAuc } from './metrics.js';
import { parseModel, serialiseModel, type ClassifierModel } from './serialise.js';
import { explain, fitClassifier, globalImportance, predictMargins, predictProbabilities } from './train.js';
import { sigmoid, type ClassifierKind, type Dataset, type FitReport } from './types.js';

/** 600 rows: a strong column, a weak one, noise, and a few missing values. */
function set(n: number, seed: number): Dataset {
  const random = mulberry32(seed);
  const p = 3;
  const data = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const strong = random() * 4 - 2;
    const weak = random() * 4 - 2;
    data[i * p] = strong;
    data[i * p + 1] = i % 37 === 0 ? NaN : weak;
    data[i * p + 2] = random();
    y[i] = random() < sigmoid(2 * strong + 0.5 * weak) ? 1 : 0;
  }
  return { x: { data, rows: n, cols: p }, y, names: ['strong', 'weak', 'noise'] };
}

const KINDS: ClassifierKind[] = ['logistic', 'gbdt', 'mlp'];

describe.each(KINDS)('%s through the dispatcher', (kind) => {
  const train = set(600, 1);
  const test = set(300, 2);
  const params: Record<string, number> = kind === 'gbdt' ? { maxIter: 30 } : kind === 'mlp' ? { hidden: 8 } : {};
  // Fitted before the tests rather than at collection, so one broken kind fails only its own tests.
  let model: ClassifierModel;
  let report: FitReport;
  beforeAll(() => {
    ({ model, report } = fitClassifier(kind, train, { seed: 1, params, valid: test }));
  });

  it('fits a model that ranks the test rows', () => {
    expect(model.kind).toBe(kind);
    expect(rocAuc(test.y, predictMargins(model, test.x))).toBeGreaterThan(0.8);
    expect(Number.isFinite(report.trainLoss)).toBe(true);
    expect(report.validLoss).toBeDefined();
  });

  it('round-trips through JSON with the same scores', () => {
    const text = serialiseModel(model);
    const loaded = parseModel(text);
    expect(Array.from(predictMargins(loaded, test.x))).toEqual(Array.from(predictMargins(model, test.x)));
    expect(serialiseModel(loaded)).toBe(text);
  });

  it('explains exactly where it can, and ranks the strong column first', () => {
    const contributions = explain(model, test.x);
    if (kind === 'mlp') {
      expect(contributions).toBeUndefined();
    } else {
      const margins = predictMargins(model, test.x);
      expect(contributions).toBeDefined();
      for (let i = 0; i < test.x.rows; i++) {
        let sum = 0;
        for (let j = 0; j <= 3; j++) sum += contributions!.values[i * 4 + j]!;
        expect(sum).toBeCloseTo(margins[i]!, 9);
      }
    }
    const ranked = globalImportance(model, test.x, 3);
    expect(ranked.map((r) => r.name)[0]).toBe('strong');
    expect(ranked).toHaveLength(3);
    expect(ranked[0]!.importance).toBeGreaterThan(ranked[2]!.importance);
  });

  it('gives probabilities, raw or calibrated, in [0, 1]', () => {
    const raw = predictProbabilities(model, test.x);
    const margins = predictMargins(model, test.x);
    expect(raw[0]).toBeCloseTo(sigmoid(margins[0]!), 15);
    const calibrated = predictProbabilities(model, test.x, fitCalibrator(margins, test.y, 'isotonic'));
    expect(calibrated.every((p) => p >= 0 && p <= 1)).toBe(true);
  });
});

describe('fitClassifier input checks', () => {
  it('names unknown and non-finite parameters', () => {
    expect(() => fitClassifier('logistic', set(50, 1), { params: { depth: 3 } })).toThrow("logistic has no parameter 'depth': use one of C, maxIterations");
    expect(() => fitClassifier('mlp', set(50, 1), { params: { l2: NaN } })).toThrow(/finite number/);
  });
  it('says when the target has one class, whatever the kind', () => {
    for (const kind of KINDS) {
      const one = { ...set(50, 1), y: new Uint8Array(50).fill(1) };
      expect(() => fitClassifier(kind, one)).toThrow('the target has only class 1; a classifier needs both');
    }
  });
  it('refuses other columns when scoring and damaged model text', () => {
    const { model } = fitClassifier('logistic', set(100, 1));
    expect(() => predictMargins(model, { data: new Float64Array(2), rows: 1, cols: 2 })).toThrow(/trained on 3 columns but got 2/);
    expect(() => parseModel('{"kind":"logistic"}')).toThrow(/not a logistic, gbdt or mlp model at names/);
    expect(() => parseModel('not json')).toThrow(/not valid JSON/);
    const damaged = JSON.parse(serialiseModel(model)) as { weights: number[] };
    damaged.weights.pop();
    expect(() => parseModel(JSON.stringify(damaged))).toThrow('the logistic model is damaged: means, scales and weights need one entry per name');
  });
});
