import { describe, expect, it } from 'vitest';
import type { Dataset } from '../classify/types.js';
import { gaussian, mulberry32 } from '../prng.js';
import { fitGbdt, gbdtImportance, gbdtMargins, type GbdtModel } from './index.js';
import { logLoss } from './boost.js';

/** Rows of `cols` features from `feature(random, row, col)` and labels from `label(row values)`. */
function dataset(n: number, cols: number, seed: number, feature: (random: () => number) => number, label: (x: Float64Array, random: () => number) => number): Dataset {
  const random = mulberry32(seed);
  const data = new Float64Array(n * cols);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const row = data.subarray(i * cols, (i + 1) * cols);
    for (let j = 0; j < cols; j++) row[j] = feature(random);
    y[i] = label(row, random);
  }
  return { x: { data, rows: n, cols }, y, names: Array.from({ length: cols }, (_, j) => `x${j}`) };
}

const xor = (n: number, seed: number): Dataset =>
  dataset(n, 3, seed, (r) => r() * 2 - 1, (x) => ((x[0]! > 0) !== (x[1]! > 0) ? 1 : 0));

function accuracy(model: GbdtModel, data: Dataset): number {
  const margins = gbdtMargins(model, data.x);
  let right = 0;
  for (let i = 0; i < margins.length; i++) if ((margins[i]! > 0 ? 1 : 0) === data.y[i]) right++;
  return right / margins.length;
}

describe('fitGbdt', () => {
  it('learns an interaction no single feature shows (XOR)', () => {
    const { model, report } = fitGbdt(xor(2000, 1), { seed: 1 });
    expect(report.stop).toBe('max-iterations');
    expect(report.iterations).toBe(100);
    expect(accuracy(model, xor(1000, 2))).toBeGreaterThan(0.95);
    const importance = gbdtImportance(model);
    expect(importance.map((f) => f.name)).toEqual(['x0', 'x1', 'x2']);
    expect(importance[0]!.gain + importance[1]!.gain).toBeGreaterThan(10 * importance[2]!.gain);
  });

  it('routes missing values the way that lowers the loss', () => {
    // x0 is missing for a third of the rows, and those are mostly positive; otherwise x1 decides.
    const make = (n: number, seed: number): Dataset => {
      const random = mulberry32(seed);
      const data = new Float64Array(n * 2);
      const y = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const missing = random() < 1 / 3;
        data[2 * i] = missing ? NaN : random();
        data[2 * i + 1] = random() * 2 - 1;
        y[i] = missing ? (random() < 0.9 ? 1 : 0) : data[2 * i + 1]! > 0.5 ? 1 : 0;
      }
      return { x: { data, rows: n, cols: 2 }, y, names: ['visits', 'spend'] };
    };
    const { model } = fitGbdt(make(3000, 3), { seed: 1, maxIter: 30 });
    const probe = { data: Float64Array.from([NaN, -0.9, 0.5, -0.9, NaN, 0.9]), rows: 3, cols: 2 };
    const [missingLow, presentLow, missingHigh] = gbdtMargins(model, probe);
    expect(missingLow!).toBeGreaterThan(1);
    expect(presentLow!).toBeLessThan(-1);
    expect(missingHigh!).toBeGreaterThan(1);
  });

  it('sends missing values to the larger child on features that had none', () => {
    const { model } = fitGbdt(xor(1000, 4), { seed: 1, maxIter: 5 });
    for (const tree of model.trees) {
      tree.feature.forEach((f, node) => {
        if (f < 0) return;
        const larger = tree.cover[tree.left[node]!]! >= tree.cover[tree.right[node]!]! ? 1 : 0;
        expect(tree.missingGoesLeft[node]).toBe(larger);
      });
    }
    const margins = gbdtMargins(model, { data: Float64Array.from([NaN, NaN, NaN]), rows: 1, cols: 3 });
    expect(Number.isFinite(margins[0]!)).toBe(true);
  });

  it('stops early on noise and keeps only the trees up to the best validation round', () => {
    const noise = dataset(12_000, 4, 5, (r) => gaussian(r), (_x, r) => (r() < 0.3 ? 1 : 0));
    const { model, report } = fitGbdt(noise, { seed: 2 });
    expect(report.stop).toBe('early-stopping');
    expect(report.iterations).toBeLessThan(30);
    expect(model.trees.length).toBe(report.iterations);
    expect(report.validLoss).toBeDefined();
    expect(report.warnings.some((w) => w.includes('held out 1200 of 12000'))).toBe(true);
  });

  it('stops early on a given validation set', () => {
    const train = xor(1500, 6);
    const { report } = fitGbdt(train, { seed: 1, valid: dataset(500, 3, 7, (r) => r(), (_x, r) => (r() < 0.5 ? 1 : 0)) });
    expect(report.stop).toBe('early-stopping');
    expect(report.validLoss).toBeGreaterThan(0.6);
  });

  it('is deterministic for a seed and survives a JSON round trip', () => {
    const data = dataset(12_000, 5, 8, (r) => (r() < 0.05 ? NaN : gaussian(r)), (x, r) => (r() < 1 / (1 + Math.exp(-(x[0]! * x[1]! + (x[2]! > 0.5 ? 1 : 0)))) ? 1 : 0));
    const a = fitGbdt(data, { seed: 3, maxIter: 20 });
    const b = fitGbdt(data, { seed: 3, maxIter: 20 });
    expect(JSON.stringify(b.model)).toBe(JSON.stringify(a.model));
    expect(b.report).toEqual(a.report);
    const loaded = JSON.parse(JSON.stringify(a.model)) as GbdtModel;
    expect(gbdtMargins(loaded, data.x)).toEqual(gbdtMargins(a.model, data.x));
  });

  it('predicts from raw values what it learnt from bins', () => {
    const data = dataset(800, 3, 9, (r) => (r() < 0.1 ? NaN : Math.round(r() * 20) / 4), (x, r) => (r() < ((x[0]! > 2) !== Number.isNaN(x[1]!) ? 0.8 : 0.2) ? 1 : 0));
    const { model, report } = fitGbdt(data, { seed: 1, maxIter: 15 });
    expect(logLoss(gbdtMargins(model, data.x), data.y)).toBeCloseTo(report.trainLoss, 12);
  });

  it('counts in each node the training rows that reach it', () => {
    const data = dataset(5000, 4, 12, (r) => (r() < 0.1 ? NaN : gaussian(r)), (x, r) => (r() < (x[0]! * x[1]! > 0 ? 0.8 : 0.3) ? 1 : 0));
    const { model } = fitGbdt(data, { seed: 1, maxIter: 5, earlyStopping: false });
    for (const tree of model.trees) {
      const reached = new Array<number>(tree.feature.length).fill(0);
      for (let i = 0; i < data.x.rows; i++) {
        let node = 0;
        reached[0]!++;
        while (tree.feature[node]! >= 0) {
          const v = data.x.data[i * 4 + tree.feature[node]!]!;
          node = (Number.isNaN(v) ? tree.missingGoesLeft[node] === 1 : v <= tree.threshold[node]!) ? tree.left[node]! : tree.right[node]!;
          reached[node]!++;
        }
      }
      expect(reached).toEqual(tree.cover);
    }
  });

  it('respects the leaf, depth and leaf-size limits', () => {
    const data = xor(3000, 10);
    const { model } = fitGbdt(data, { seed: 1, maxIter: 10, maxLeafNodes: 6, maxDepth: 3, minSamplesLeaf: 50 });
    for (const tree of model.trees) {
      const leaves = tree.feature.filter((f) => f < 0).length;
      expect(leaves).toBeLessThanOrEqual(6);
      tree.feature.forEach((f, node) => {
        if (f < 0) expect(tree.cover[node]).toBeGreaterThanOrEqual(50);
      });
      const depth = (node: number): number => (tree.feature[node]! < 0 ? 0 : 1 + Math.max(depth(tree.left[node]!), depth(tree.right[node]!)));
      expect(depth(0)).toBeLessThanOrEqual(3);
    }
  });
});

describe('fitGbdt on bad input', () => {
  const good = xor(200, 11);
  it('refuses no rows, one class, labels other than 0/1 and mismatched names', () => {
    expect(() => fitGbdt({ x: { data: new Float64Array(0), rows: 0, cols: 3 }, y: new Uint8Array(0), names: ['a', 'b', 'c'] })).toThrow(/no rows/);
    expect(() => fitGbdt({ ...good, y: new Uint8Array(200) })).toThrow(/only one class/);
    const y = good.y.slice();
    y[7] = 2;
    expect(() => fitGbdt({ ...good, y })).toThrow(/label 7 .* is 2/);
    expect(() => fitGbdt({ ...good, names: ['a'] })).toThrow(/3 columns but 1 names/);
    expect(() => fitGbdt(good, { valid: { x: { data: new Float64Array(100), rows: 50, cols: 2 }, y: new Uint8Array(50), names: ['a', 'b'] } })).toThrow(/validation set has 2 columns/);
    expect(() => fitGbdt(good, { maxBins: 300 })).toThrow(/maxBins/);
  });

  it('names constant and empty columns in a warning, and refuses when nothing varies', () => {
    const data = good.x.data.slice();
    for (let i = 0; i < 200; i++) data[i * 3 + 2] = 7;
    const { report } = fitGbdt({ ...good, x: { ...good.x, data }, names: ['tenure', 'charges', 'country'] }, { maxIter: 2 });
    expect(report.warnings).toContain("column 'country' is constant in the training rows; the model ignores it");
    const flat = new Float64Array(400).fill(NaN);
    for (let i = 0; i < 200; i++) flat[2 * i] = 1;
    expect(() => fitGbdt({ x: { data: flat, rows: 200, cols: 2 }, y: good.y, names: ['plan', 'notes'] })).toThrow(/every column is constant or missing \(plan, notes\)/);
  });

  it('refuses infinite values, naming the column', () => {
    const data = good.x.data.slice();
    data[3 * 5 + 1] = Infinity;
    expect(() => fitGbdt({ ...good, x: { ...good.x, data } })).toThrow(/column 'x1' holds an infinite value/);
  });
});
