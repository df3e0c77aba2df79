import { describe, expect, it } from 'vitest';
import type { Matrix } from '../classify/types.js';
import { gaussian, mulberry32, type Random } from '../prng.js';
import { fitGbdt, gbdtMargins, type GbdtModel, type GbdtTree, treeShap } from './index.js';

/** A random tree over `cols` features (features may repeat on a path), covers adding up. */
function randomTree(random: Random, cols: number, maxDepth: number): GbdtTree {
  const tree: GbdtTree = { feature: [], threshold: [], missingGoesLeft: [], left: [], right: [], value: [], cover: [], gain: [] };
  const grow = (depth: number): number => {
    const node = tree.feature.length;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.missingGoesLeft.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
    tree.cover.push(0);
    tree.gain.push(0);
    if (depth === maxDepth || (depth > 0 && random() < 0.25)) {
      tree.value[node] = gaussian(random);
      tree.cover[node] = 1 + Math.floor(random() * 30);
      return node;
    }
    tree.feature[node] = Math.floor(random() * cols);
    tree.threshold[node] = gaussian(random) * 0.7;
    tree.missingGoesLeft[node] = random() < 0.5 ? 1 : 0;
    tree.gain[node] = random();
    const left = grow(depth + 1);
    const right = grow(depth + 1);
    tree.left[node] = left;
    tree.right[node] = right;
    tree.cover[node] = tree.cover[left]! + tree.cover[right]!;
    return node;
  };
  grow(0);
  return tree;
}

/** E[tree(x) | x_S]: features in S follow x, the others average the children by cover. */
function conditional(tree: GbdtTree, node: number, x: ArrayLike<number>, inS: (f: number) => boolean): number {
  const f = tree.feature[node]!;
  if (f < 0) return tree.value[node]!;
  const left = tree.left[node]!;
  const right = tree.right[node]!;
  if (inS(f)) {
    const v = x[f]!;
    const goLeft = Number.isNaN(v) ? tree.missingGoesLeft[node] === 1 : v <= tree.threshold[node]!;
    return conditional(tree, goLeft ? left : right, x, inS);
  }
  return (tree.cover[left]! * conditional(tree, left, x, inS) + tree.cover[right]! * conditional(tree, right, x, inS)) / tree.cover[node]!;
}

/** Shapley values by enumerating every subset of the other features. */
function bruteForce(model: GbdtModel, x: ArrayLike<number>, cols: number): number[] {
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const value = (mask: number): number => model.trees.reduce((sum, t) => sum + conditional(t, 0, x, (f) => ((mask >> f) & 1) === 1), 0);
  const phi = new Array<number>(cols).fill(0);
  for (let i = 0; i < cols; i++) {
    for (let mask = 0; mask < 1 << cols; mask++) {
      if ((mask >> i) & 1) continue;
      let size = 0;
      for (let f = 0; f < cols; f++) size += (mask >> f) & 1;
      const weight = (factorial(size) * factorial(cols - size - 1)) / factorial(cols);
      phi[i]! += weight * (value(mask | (1 << i)) - value(mask));
    }
  }
  return phi;
}

function randomRows(random: Random, rows: number, cols: number): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = random() < 0.1 ? NaN : gaussian(random);
  return { data, rows, cols };
}

function rowSums(values: Float64Array, rows: number, width: number): number[] {
  return Array.from({ length: rows }, (_, r) => values.subarray(r * width, (r + 1) * width).reduce((a, b) => a + b, 0));
}

describe('treeShap', () => {
  it('equals brute-force Shapley values on small random trees', () => {
    const random = mulberry32(42);
    for (const cols of [4, 5]) {
      for (let trial = 0; trial < 6; trial++) {
        const trees = Array.from({ length: 3 }, () => randomTree(random, cols, 2 + Math.floor(random() * 4)));
        const model: GbdtModel = { kind: 'gbdt', names: Array.from({ length: cols }, (_, j) => `f${j}`), baseScore: 0.3, trees, params: {} as GbdtModel['params'] };
        const x = randomRows(random, 4, cols);
        const shap = treeShap(model, x);
        const margins = gbdtMargins(model, x);
        for (let r = 0; r < x.rows; r++) {
          const row = x.data.subarray(r * cols, (r + 1) * cols);
          const expected = bruteForce(model, row, cols);
          for (let f = 0; f < cols; f++) expect(shap.values[r * (cols + 1) + f]).toBeCloseTo(expected[f]!, 10);
          const bias = shap.values[r * (cols + 1) + cols]!;
          expect(bias).toBeCloseTo(0.3 + trees.reduce((s, t) => s + conditional(t, 0, row, () => false), 0), 10);
          expect(Math.abs(rowSums(shap.values, x.rows, cols + 1)[r]! - margins[r]!)).toBeLessThan(1e-9);
        }
      }
    }
  });

  it('adds up to the margin of every row of a fitted model and gives unused features nothing', () => {
    const random = mulberry32(7);
    const n = 3000;
    const cols = 6;
    const data = new Float64Array(n * cols);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < cols; j++) data[i * cols + j] = random() < 0.05 ? NaN : gaussian(random);
      data[i * cols + 5] = 1; // constant: never split on
      const a = data[i * cols]!;
      const b = data[i * cols + 1]!;
      const logit = (Number.isNaN(a) ? 1 : 2 * a) * (Number.isNaN(b) ? -1 : b) + (data[i * cols + 2]! > 0 ? 1 : -1);
      y[i] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    }
    const names = ['a', 'b', 'c', 'd', 'e', 'constant'];
    const { model } = fitGbdt({ x: { data, rows: n, cols }, y, names }, { seed: 1, maxIter: 40 });
    const x = { data: data.subarray(0, 500 * cols), rows: 500, cols };
    const shap = treeShap(model, x);
    const margins = gbdtMargins(model, x);
    const sums = rowSums(shap.values, 500, cols + 1);
    for (let r = 0; r < 500; r++) {
      expect(Math.abs(sums[r]! - margins[r]!)).toBeLessThan(1e-9);
      expect(shap.values[r * (cols + 1) + 5]).toBe(0);
    }
    expect(shap.cols).toBe(cols);
  });

  it('gives a model without trees its base score as the bias', () => {
    const model: GbdtModel = { kind: 'gbdt', names: ['a'], baseScore: -1.2, trees: [], params: {} as GbdtModel['params'] };
    const shap = treeShap(model, { data: Float64Array.from([3, NaN]), rows: 2, cols: 1 });
    expect(Array.from(shap.values)).toEqual([0, -1.2, 0, -1.2]);
  });
});
