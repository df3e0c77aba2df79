/**
 * Limited-memory BFGS (Nocedal & Wright, algorithm 7.4) with a backtracking Armijo line search,
 * for smooth convex objectives with too many parameters for a Newton step (logistic regression on
 * more than a few hundred columns).
 */

/** Writes the gradient at x into g and returns the objective. */
export type ObjectiveWithGradient = (x: Float64Array, g: Float64Array) => number;

export interface LbfgsOptions {
  /** Correction pairs kept. Default 10. */
  memory?: number;
  /** Iteration cap. Default 1000. */
  maxIterations?: number;
  /** Stop when every |gradient| entry is below this. Default 1e-8. */
  gradientTolerance?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  stop: 'converged' | 'max-iterations' | 'line-search-failed';
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

/** Minimises `fg` from `start` (not modified). */
export function lbfgs(fg: ObjectiveWithGradient, start: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const n = start.length;
  const memory = options.memory ?? 10;
  const maxIterations = options.maxIterations ?? 1000;
  const gtol = options.gradientTolerance ?? 1e-8;
  const s = Array.from({ length: memory }, () => new Float64Array(n));
  const yv = Array.from({ length: memory }, () => new Float64Array(n));
  const rho = new Float64Array(memory);
  const alpha = new Float64Array(memory);
  let x = start.slice();
  let g = new Float64Array(n);
  let xNext = new Float64Array(n);
  let gNext = new Float64Array(n);
  const d = new Float64Array(n);
  let f = fg(x, g);
  let stored = 0;
  let newest = -1;
  let stop: LbfgsResult['stop'] = 'max-iterations';
  let iterations = 0;
  let flat = 0;
  while (iterations < maxIterations) {
    if (maxAbs(g) < gtol) {
      stop = 'converged';
      break;
    }
    // Two-loop recursion: d = −H·g with H the implicit inverse Hessian.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    for (let k = 0; k < stored; k++) {
      const at = (newest - k + memory) % memory;
      const a = rho[at]! * dot(s[at]!, d);
      alpha[at] = a;
      const ya = yv[at]!;
      for (let i = 0; i < n; i++) d[i]! -= a * ya[i]!;
    }
    if (stored > 0) {
      const at = newest;
      const gamma = dot(s[at]!, yv[at]!) / dot(yv[at]!, yv[at]!);
      for (let i = 0; i < n; i++) d[i]! *= gamma;
    } else {
      // First step: a unit move along the steepest descent direction, at most.
      const scale = 1 / Math.max(1, Math.sqrt(dot(g, g)));
      for (let i = 0; i < n; i++) d[i]! *= scale;
    }
    for (let k = stored - 1; k >= 0; k--) {
      const at = (newest - k + memory) % memory;
      const b = rho[at]! * dot(yv[at]!, d);
      const sa = s[at]!;
      const a = alpha[at]!;
      for (let i = 0; i < n; i++) d[i]! += (a - b) * sa[i]!;
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (rounding): restart from steepest descent.
      stored = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      slope = -dot(g, g);
    }
    let t = 1;
    let fNext = Infinity;
    const slack = 1e-13 * Math.max(1, Math.abs(f));
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNext[i] = x[i]! + t * d[i]!;
      fNext = fg(xNext, gNext);
      if (fNext <= f + 1e-4 * t * slope + slack) break;
      t *= 0.5;
    }
    if (!(fNext <= f + 1e-4 * t * slope + slack)) {
      stop = 'line-search-failed';
      break;
    }
    iterations++;
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      const ds = xNext[i]! - x[i]!;
      const dg = gNext[i]! - g[i]!;
      sy += ds * dg;
      yy += dg * dg;
    }
    // Keep a pair only with positive curvature, so the implicit Hessian stays positive definite.
    if (sy > 1e-16 * yy && yy > 0) {
      newest = (newest + 1) % memory;
      const sn = s[newest]!;
      const yn = yv[newest]!;
      for (let i = 0; i < n; i++) {
        sn[i] = xNext[i]! - x[i]!;
        yn[i] = gNext[i]! - g[i]!;
      }
      rho[newest] = 1 / sy;
      stored = Math.min(stored + 1, memory);
    }
    // A run of steps that no longer lower the objective: as good as floating point allows.
    flat = f - fNext <= 1e-15 * Math.max(1, Math.abs(f)) ? flat + 1 : 0;
    [x, xNext] = [xNext, x];
    [g, gNext] = [gNext, g];
    f = fNext;
    if (flat >= 5) {
      stop = 'converged';
      break;
    }
  }
  return { x, value: f, iterations, stop };
}
