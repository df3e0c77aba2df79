import { lbfgs } from '../models/index.js';
import { rowDot, type Csr } from './sparse.js';

/** Options of fitSparseLogistic. */
export interface SparseLogisticOptions {
  /** Inverse regularisation strength, as scikit-learn's C: loss summed over rows + ½‖w‖²/C. */
  c?: number;
  maxIterations?: number;
}

/** A binary logistic regression on sparse rows: margin = w·x + bias. */
export interface BinaryLogistic {
  weights: Float64Array;
  bias: number;
  iterations: number;
  converged: boolean;
}

function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * L2-regularised logistic regression on CSR rows by L-BFGS; the same objective as
 * scikit-learn's LogisticRegression(C) with lbfgs (the intercept is not penalised). `y` is 1 for
 * the positive class, 0 otherwise. The objective is divided by the row count so the tolerances
 * do not depend on the data's size.
 */
export function fitSparseLogistic(x: Csr, y: Uint8Array, options: SparseLogisticOptions = {}): BinaryLogistic {
  const c = options.c ?? 1;
  const n = x.rows;
  const d = x.cols;
  const margins = new Float64Array(n);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    const bias = theta[d]!;
    let loss = 0;
    for (let r = 0; r < n; r++) {
      const z = rowDot(x, r, theta) + bias;
      margins[r] = z;
      // loss of label t: log(1 + e^z) − t·z; its derivative in z: sigmoid(z) − t.
      const t = y[r]!;
      loss += log1pExp(z) - t * z;
      const residual = 1 / (1 + Math.exp(-z)) - t;
      for (let k = x.indptr[r]!, end = x.indptr[r + 1]!; k < end; k++) grad[x.indices[k]!] = grad[x.indices[k]!]! + residual * x.values[k]!;
      grad[d] = grad[d]! + residual;
    }
    let penalty = 0;
    for (let j = 0; j < d; j++) {
      penalty += theta[j]! * theta[j]!;
      grad[j] = (grad[j]! + theta[j]! / c) / n;
    }
    grad[d] = grad[d]! / n;
    return (loss + penalty / (2 * c)) / n;
  };
  // The same L-BFGS as the dense logistic regression (models/classify).
  const result = lbfgs(objective, new Float64Array(d + 1), { maxIterations: options.maxIterations ?? 500, gradientTolerance: 1e-6 });
  return { weights: result.x.subarray(0, d), bias: result.x[d]!, iterations: result.iterations, converged: result.stop === 'converged' };
}

/** Margins w·x + b of every row. */
export function sparseMargins(model: { weights: Float64Array; bias: number }, x: Csr): Float64Array {
  const out = new Float64Array(x.rows);
  for (let r = 0; r < x.rows; r++) out[r] = rowDot(x, r, model.weights) + model.bias;
  return out;
}
