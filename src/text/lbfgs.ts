/** The objective: returns f(x) and writes its gradient into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

/** Options of minimiseLbfgs. */
export interface LbfgsOptions {
  maxIterations?: number;
  /** Stop when the gradient's largest component falls below this. */
  gradientTolerance?: number;
  /** Pairs of corrections kept. */
  memory?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/**
 * Limited-memory BFGS (Nocedal & Wright, algorithm 7.5) with a backtracking Armijo line search:
 * enough for a smooth convex objective such as L2-regularised logistic loss.
 */
export function minimiseLbfgs(f: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.gradientTolerance ?? 1e-5;
  const m = options.memory ?? 10;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let value = f(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  for (let it = 0; it < maxIterations; it++) {
    if (maxAbs(g) < tolerance) return { x, value, iterations: it, converged: true };
    // Two-loop recursion: d = −H·g.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    for (let j = s.length - 1; j >= 0; j--) {
      alpha[j] = rho[j]! * dot(s[j]!, d);
      const yj = y[j]!;
      for (let i = 0; i < n; i++) d[i] = d[i]! - alpha[j]! * yj[i]!;
    }
    const gamma = s.length ? dot(s[s.length - 1]!, y[y.length - 1]!) / dot(y[y.length - 1]!, y[y.length - 1]!) : 1 / Math.max(1, maxAbs(g));
    for (let i = 0; i < n; i++) d[i] = d[i]! * gamma;
    for (let j = 0; j < s.length; j++) {
      const beta = rho[j]! * dot(y[j]!, d);
      const sj = s[j]!;
      for (let i = 0; i < n; i++) d[i] = d[i]! + (alpha[j]! - beta) * sj[i]!;
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = 0; y.length = 0; rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      slope = dot(g, d);
    }
    let step = 1;
    let newValue = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * d[i]!;
      newValue = f(xNew, gNew);
      if (newValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(newValue < value)) return { x, value, iterations: it, converged: maxAbs(g) < tolerance * 10 };
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = xNew[i]! - x[i]!;
      yk[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      if (s.length === m) { s.shift(); y.shift(); rho.shift(); }
      s.push(sk); y.push(yk); rho.push(1 / sy);
    }
    const relativeDecrease = (value - newValue) / Math.max(Math.abs(value), Math.abs(newValue), 1);
    x.set(xNew);
    g.set(gNew);
    value = newValue;
    if (relativeDecrease < 1e-10) return { x, value, iterations: it + 1, converged: true };
  }
  return { x, value, iterations: maxIterations, converged: maxAbs(g) < tolerance };
}
