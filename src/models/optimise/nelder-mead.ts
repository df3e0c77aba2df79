/** What a minimisation returned: the best point always, and whether it met the tolerance. */
export interface Minimum {
  x: number[];
  value: number;
  iterations: number;
  converged: boolean;
  /**
   * Why it stopped: the tolerance was met; the best value stopped improving while the points still
   * drift (a flat ridge, e.g. a likelihood whose maximum lies at infinity); or the iteration cap.
   */
  stop: 'tolerance' | 'stalled' | 'max-iterations';
}

/**
 * Nelder–Mead simplex minimisation (adaptive coefficients of Gao & Han 2012 for dimension n),
 * the derivative-free method lifetimes' fitters fall back on. Stops when the simplex's values
 * and points both lie within `tolerance`, or after `maxIterations` (then `converged` is false and
 * the best point found is returned).
 */
export function nelderMead(f: (x: number[]) => number, start: readonly number[], options: { step?: number; tolerance?: number; maxIterations?: number; stallIterations?: number } = {}): Minimum {
  const n = start.length;
  const tol = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 20000;
  const alpha = 1;
  const beta = 1 + 2 / n;
  const gamma = 0.75 - 1 / (2 * n);
  const delta = 1 - 1 / n;
  const safe = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex: { x: number[]; v: number }[] = [{ x: [...start], v: safe([...start]) }];
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i] = x[i]! + (options.step ?? 0.5);
    simplex.push({ x, v: safe(x) });
  }
  let iterations = 0;
  let stop: Minimum['stop'] = 'max-iterations';
  // A BG/NBD fit on data with no visible heterogeneity in dropout walks a ridge to a, b → ∞ for
  // all 20,000 iterations (148 s on the demo shop); stopping once the best value has not moved in
  // `stall` iterations returns the same likelihood in a few hundred.
  const stall = options.stallIterations ?? 500;
  const history: number[] = [];
  while (iterations < maxIterations) {
    iterations++;
    simplex.sort((p, q) => p.v - q.v);
    const best = simplex[0]!;
    history.push(best.v);
    if (history.length > stall && history[history.length - 1 - stall]! - best.v <= tol * (1 + Math.abs(best.v))) {
      stop = 'stalled';
      break;
    }
    const worst = simplex[n]!;
    const spreadV = Math.abs(worst.v - best.v);
    let spreadX = 0;
    for (const p of simplex) for (let j = 0; j < n; j++) spreadX = Math.max(spreadX, Math.abs(p.x[j]! - best.x[j]!));
    if (spreadV <= tol * (1 + Math.abs(best.v)) && spreadX <= Math.sqrt(tol)) {
      stop = 'tolerance';
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]!.x[j]! / n;
    const along = (t: number) => centroid.map((c, j) => c + t * (worst.x[j]! - c));
    const reflected = along(-alpha);
    const vr = safe(reflected);
    if (vr < best.v) {
      const expanded = along(-alpha * beta);
      const ve = safe(expanded);
      simplex[n] = ve < vr ? { x: expanded, v: ve } : { x: reflected, v: vr };
    } else if (vr < simplex[n - 1]!.v) {
      simplex[n] = { x: reflected, v: vr };
    } else {
      const outside = vr < worst.v;
      const contracted = along(outside ? -alpha * gamma : gamma);
      const vc = safe(contracted);
      if (vc < Math.min(vr, worst.v)) simplex[n] = { x: contracted, v: vc };
      else {
        simplex = simplex.map((p, i) => {
          if (i === 0) return p;
          const x = p.x.map((xj, j) => best.x[j]! + delta * (xj - best.x[j]!));
          return { x, v: safe(x) };
        });
      }
    }
  }
  simplex.sort((p, q) => p.v - q.v);
  return { x: simplex[0]!.x, value: simplex[0]!.v, iterations, converged: stop === 'tolerance', stop };
}
