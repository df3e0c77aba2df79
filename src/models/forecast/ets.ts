import { nelderMead } from '../optimise/nelder-mead.js';

/** Which trend an exponential-smoothing model carries; the season is always additive. */
export type EtsTrend = 'none' | 'additive' | 'damped';

export interface EtsOptions {
  trend: EtsTrend;
  /** Season length in days (7: the week). */
  period?: number;
  /**
   * Days whose value does not update the state (1): holidays, whose spikes would otherwise be
   * taken for a new level or weekday pattern, and gaps (NaN values are skipped anyway).
   */
  skip?: Uint8Array;
  maxIterations?: number;
}

/** Smoothing parameters of the ETS(A, N/A/Ad, A) state-space model (Hyndman et al. 2008). */
export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

export interface EtsFit {
  trend: EtsTrend;
  period: number;
  params: EtsParams;
  /** State after the last day: level, trend and the season ring (slot = day index mod period). */
  level: number;
  slope: number;
  season: Float64Array;
  /** Days fitted (the length of the series). */
  length: number;
  /** Variance of the one-step errors (sum of squares over the days used, less the parameters). */
  sigma2: number;
  sse: number;
  /** One-step errors on the skipped days (NaN elsewhere): what a holiday added to a normal day. */
  skippedErrors: Float64Array;
  converged: boolean;
  iterations: number;
}

const logistic = (u: number) => 1 / (1 + Math.exp(-u));
const logit = (p: number) => Math.log(p / (1 - p));
const PHI_MIN = 0.8;
const PHI_RANGE = 0.18;

/** Maps unconstrained optimiser coordinates to parameters inside 0<α<1, 0<β<α, 0<γ<1−α, 0.8≤φ≤0.98. */
function toParams(u: readonly number[], trend: EtsTrend): EtsParams {
  const alpha = logistic(u[0]!);
  const gamma = (1 - alpha) * logistic(u[1]!);
  const beta = trend === 'none' ? 0 : alpha * logistic(u[2]!);
  const phi = trend === 'damped' ? PHI_MIN + PHI_RANGE * logistic(u[3]!) : 1;
  return { alpha, beta, gamma, phi };
}

interface Initial {
  level: number;
  slope: number;
  season: Float64Array;
}

/**
 * Starting states from the first weeks (up to four): level and slope from the weekly means,
 * the season from each weekday's average departure from its week's mean. Needs two weeks.
 */
function initialStates(y: Float64Array, period: number, skip: Uint8Array | undefined, trend: EtsTrend): Initial {
  const weeks = Math.max(1, Math.min(4, Math.floor(y.length / period)));
  const usable = (t: number) => Number.isFinite(y[t]!) && !skip?.[t];
  const means: number[] = [];
  for (let w = 0; w < weeks; w++) {
    let sum = 0;
    let count = 0;
    for (let j = 0; j < period; j++) {
      const t = w * period + j;
      if (usable(t)) {
        sum += y[t]!;
        count++;
      }
    }
    means.push(count ? sum / count : Number.NaN);
  }
  const known = means.map((m, w) => [w, m] as const).filter(([, m]) => Number.isFinite(m));
  const first = known[0]?.[1] ?? 0;
  const last = known.at(-1);
  const slope = trend !== 'none' && last && last[0] > known[0]![0] ? (last[1] - first) / ((last[0] - known[0]![0]) * period) : 0;
  const season = new Float64Array(period);
  const counts = new Float64Array(period);
  for (let w = 0; w < weeks; w++) {
    if (!Number.isFinite(means[w]!)) continue;
    for (let j = 0; j < period; j++) {
      const t = w * period + j;
      if (!usable(t)) continue;
      season[j]! += y[t]! - means[w]! - (j - (period - 1) / 2) * slope;
      counts[j]!++;
    }
  }
  let total = 0;
  for (let j = 0; j < period; j++) {
    season[j] = counts[j] ? season[j]! / counts[j]! : 0;
    total += season[j]!;
  }
  for (let j = 0; j < period; j++) season[j]! -= total / period;
  // The level before day 0: the first week's mean sits at its middle day.
  return { level: first - ((period - 1) / 2 + 1) * slope, slope, season };
}

interface Pass {
  sse: number;
  used: number;
  level: number;
  slope: number;
  season: Float64Array;
}

/** Runs the error-correction equations over the series; with `errors`, keeps skipped days' errors. */
function filter(y: Float64Array, p: EtsParams, init: Initial, period: number, skip: Uint8Array | undefined, errors?: Float64Array): Pass {
  let level = init.level;
  let slope = init.slope;
  const season = Float64Array.from(init.season);
  let sse = 0;
  let used = 0;
  const { alpha, beta, gamma, phi } = p;
  for (let t = 0; t < y.length; t++) {
    const slot = t % period;
    const forecast = level + phi * slope + season[slot]!;
    const value = y[t]!;
    if (!Number.isFinite(value) || skip?.[t]) {
      if (errors) errors[t] = Number.isFinite(value) ? value - forecast : Number.NaN;
      level += phi * slope;
      slope *= phi;
      continue;
    }
    const e = value - forecast;
    sse += e * e;
    used++;
    level += phi * slope + alpha * e;
    slope = phi * slope + beta * e;
    season[slot]! += gamma * e;
  }
  return { sse, used, level, slope, season };
}

/**
 * Fits additive Holt-Winters as the ETS state-space model by least squares of the one-step
 * errors (the Gaussian likelihood with σ² concentrated out), with Nelder–Mead over the smoothing
 * parameters mapped into their admissible box. Needs at least two full seasons of values.
 */
export function fitEts(y: Float64Array, options: EtsOptions): EtsFit {
  const period = options.period ?? 7;
  if (y.length < 2 * period) throw new RangeError(`ETS needs at least ${2 * period} days, got ${y.length}`);
  const init = initialStates(y, period, options.skip, options.trend);
  const dims = options.trend === 'none' ? 2 : options.trend === 'additive' ? 3 : 4;
  const start = [logit(0.2), logit(0.1), logit(0.1), logit((0.9 - PHI_MIN) / PHI_RANGE)].slice(0, dims);
  const objective = (u: number[]) => filter(y, toParams(u, options.trend), init, period, options.skip).sse;
  const best = nelderMead(objective, start, { step: 1, tolerance: 1e-9, maxIterations: options.maxIterations ?? 3000 });
  const params = toParams(best.x, options.trend);
  const skippedErrors = new Float64Array(y.length).fill(Number.NaN);
  const pass = filter(y, params, init, period, options.skip, skippedErrors);
  return {
    trend: options.trend,
    period,
    params,
    level: pass.level,
    slope: pass.slope,
    season: pass.season,
    length: y.length,
    sigma2: pass.sse / Math.max(1, pass.used - dims),
    sse: pass.sse,
    skippedErrors,
    converged: best.converged,
    iterations: best.iterations,
  };
}

/**
 * Point forecasts and their variances for days 1…h after the series, from the state-space form:
 * var_h = σ²(1 + Σ_{j<h} c_j²), c_j = α + β·φ_j + γ·[j ≡ 0 mod m], φ_j = φ + … + φ^j
 * (Hyndman et al. 2008, table 6.1, class 1 models).
 */
export function forecastEts(fit: EtsFit, horizon: number): { mean: Float64Array; variance: Float64Array } {
  const { alpha, beta, gamma, phi } = fit.params;
  const mean = new Float64Array(horizon);
  const variance = new Float64Array(horizon);
  let dampSum = 0;
  let cSquares = 0;
  for (let h = 1; h <= horizon; h++) {
    dampSum += Math.pow(phi, h);
    mean[h - 1] = fit.level + dampSum * fit.slope + fit.season[(fit.length - 1 + h) % fit.period]!;
    variance[h - 1] = fit.sigma2 * (1 + cSquares);
    const c = alpha + beta * dampSum + (h % fit.period === 0 ? gamma : 0);
    cSquares += c * c;
  }
  return { mean, variance };
}
