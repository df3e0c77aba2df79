import { describe, expect, it } from 'vitest';
import { fitLogistic, logisticContributions, logisticMargins } from './logistic.js';
import type { Dataset } from './types.js';

/** 80 rows × 4 columns from a formula, so the same set is rebuilt in Python for the reference. */
function formulaSet(): Dataset {
  const n = 80;
  const p = 4;
  const data = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) data[i * p + j] = Math.sin(i * 1.3 + j * 0.7) * (j + 1) + j * 10;
    const at = i * p;
    y[i] = 2 * data[at]! - 0.5 * (data[at + 2]! - 20) + Math.sin(i * 0.37) + 0.3 * data[at + 3]! - 9 > 0 ? 1 : 0;
  }
  return { x: { data, rows: n, cols: p }, y, names: ['a', 'b', 'c', 'd'] };
}

/*
 * Reference: X = [[sin(i*1.3 + j*0.7)*(j+1) + j*10 …]], Z = StandardScaler().fit_transform(X),
 * LogisticRegression(C, tol=1e-14, max_iter=100000).fit(Z, y) with sklearn 1.2.1 (lbfgs), checked
 * against a plain numpy Newton iteration (agreeing to 1e-8).
 */
const SKLEARN = {
  1: { weights: [0.9131388923114208, 0.36962520320707615, -0.3475277122103104, -0.898717386949252], intercept: 0.08589207859617846 },
  0.1: { weights: [0.609775749576591, 0.24729759362396048, -0.23135599024652734, -0.5995192293495668], intercept: 0.06652940123815708 },
};

describe('fitLogistic', () => {
  for (const solver of ['newton', 'lbfgs'] as const) {
    for (const C of [1, 0.1] as const) {
      it(`matches sklearn's LogisticRegression(C=${String(C)}) on standardised data (${solver})`, () => {
        const { model, report } = fitLogistic(formulaSet(), { C, solver });
        const expected = SKLEARN[C];
        model.weights.forEach((w, j) => expect(Math.abs(w - expected.weights[j]!)).toBeLessThan(1e-7));
        expect(Math.abs(model.intercept - expected.intercept)).toBeLessThan(1e-7);
        expect(report.stop).toBe('converged');
        expect(report.warnings).toEqual([]);
      });
    }
  }

  it('fills missing values with the training mean and names the column', () => {
    const set = formulaSet();
    const data = set.x.data.slice();
    data[5 * 4 + 1] = NaN;
    data[9 * 4 + 1] = NaN;
    const { model, report } = fitLogistic({ ...set, x: { ...set.x, data } });
    expect(report.warnings).toEqual([`column 'b' has 2 missing values (2.5%): filled with the training mean`]);
    const margins = logisticMargins(model, { data, rows: 80, cols: 4 });
    expect(margins.every(Number.isFinite)).toBe(true);
    // A missing value scores as the mean: its contribution is 0.
    expect(Math.abs(logisticContributions(model, { data, rows: 80, cols: 4 }).values[5 * 5 + 1]!)).toBe(0);
  });

  it('gives a constant or all-missing column weight 0 and says so', () => {
    const set = formulaSet();
    const n = set.x.rows;
    const data = new Float64Array(n * 6);
    for (let i = 0; i < n; i++) {
      data.set(set.x.data.subarray(i * 4, i * 4 + 4), i * 6);
      data[i * 6 + 4] = 7;
      data[i * 6 + 5] = NaN;
    }
    const { model, report } = fitLogistic({ x: { data, rows: n, cols: 6 }, y: set.y, names: ['a', 'b', 'c', 'd', 'flat', 'empty'] });
    expect(model.weights[4]).toBe(0);
    expect(model.weights[5]).toBe(0);
    expect(report.warnings).toEqual([`column 'flat' is constant: it gets weight 0`, `column 'empty' is all missing: it gets weight 0`]);
    // The other columns fit as without them.
    expect(Math.abs(model.weights[0]! - SKLEARN[1].weights[0]!)).toBeLessThan(1e-7);
  });

  it('warns about more columns than rows and still fits', () => {
    const set = formulaSet();
    const rows = 3;
    const small: Dataset = { x: { data: set.x.data.slice(0, rows * 4), rows, cols: 4 }, y: Uint8Array.from([1, 0, 1]), names: set.names };
    const { report } = fitLogistic(small);
    expect(report.warnings.some((w) => w.startsWith('more feature columns (4) than rows (3)'))).toBe(true);
  });

  it('refuses one class, an empty set, infinity and bad C', () => {
    const set = formulaSet();
    expect(() => fitLogistic({ ...set, y: new Uint8Array(80).fill(1) })).toThrow('the target has only class 1; logistic regression needs both');
    expect(() => fitLogistic({ x: { data: new Float64Array(0), rows: 0, cols: 4 }, y: new Uint8Array(0), names: set.names })).toThrow(RangeError);
    const data = set.x.data.slice();
    data[7] = Infinity;
    expect(() => fitLogistic({ ...set, x: { ...set.x, data } })).toThrow(`column 'd' is infinite in row 1`);
    expect(() => fitLogistic(set, { C: 0 })).toThrow(/C must be/);
  });
});

describe('logisticMargins and logisticContributions', () => {
  it('contributions sum to the margin on every row', () => {
    const set = formulaSet();
    const { model } = fitLogistic(set);
    const margins = logisticMargins(model, set.x);
    const c = logisticContributions(model, set.x);
    for (let i = 0; i < set.x.rows; i++) {
      let sum = 0;
      for (let j = 0; j <= 4; j++) sum += c.values[i * 5 + j]!;
      expect(sum).toBeCloseTo(margins[i]!, 12);
    }
    expect(c.values[4]).toBe(model.intercept);
  });
  it('scores a model loaded from JSON the same and checks the columns', () => {
    const set = formulaSet();
    const { model } = fitLogistic(set);
    const loaded = JSON.parse(JSON.stringify(model)) as typeof model;
    expect(logisticMargins(loaded, set.x)).toEqual(logisticMargins(model, set.x));
    expect(() => logisticMargins(model, { data: new Float64Array(3), rows: 1, cols: 3 })).toThrow(/trained on 4 columns but got 3/);
  });
});
