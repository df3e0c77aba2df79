import { fitEts, forecastEts, type EtsTrend } from './ets.js';
import type { HolidayCalendar } from './holidays.js';
import { normalQuantile } from './normal.js';
import { fitRegression, predictRegression } from './regression.js';

/** The models Cairn tries on a series; the back-test picks one (or the ensemble of two). */
export type CandidateName =
  | 'seasonal-naive'
  | 'ets-additive'
  | 'ets-damped'
  | 'ets-damped-log'
  | 'additive'
  | 'additive-log'
  | 'additive-yearly';

export interface CandidateSpec {
  name: CandidateName;
  kind: 'naive' | 'ets' | 'regression';
  trend?: EtsTrend;
  log?: boolean;
  yearly?: boolean;
}

export const CANDIDATES: readonly CandidateSpec[] = [
  { name: 'seasonal-naive', kind: 'naive' },
  { name: 'ets-additive', kind: 'ets', trend: 'additive' },
  { name: 'ets-damped', kind: 'ets', trend: 'damped' },
  { name: 'ets-damped-log', kind: 'ets', trend: 'damped', log: true },
  { name: 'additive', kind: 'regression' },
  { name: 'additive-log', kind: 'regression', log: true },
  { name: 'additive-yearly', kind: 'regression', yearly: true },
];

/** What every candidate is given besides its training values. */
export interface CandidateContext {
  firstDay: number;
  /** Holidays over the history and the days to forecast, from `firstDay`. */
  holidays: HolidayCalendar;
  /** Offset of the log transform, log(y + offset), so zero days stay finite. */
  logOffset: number;
  levels: readonly number[];
  /** Sales cannot be negative: clip forecasts and lower bounds at zero. */
  nonNegative: boolean;
}

export interface CandidateForecast {
  mean: Float64Array;
  /** The model's own intervals (ETS state-space variance, seasonal naive's), per level. */
  intervals?: { level: number; lower: Float64Array; upper: Float64Array }[];
  converged: boolean;
  params: Record<string, unknown>;
  holidayEffects?: HolidayEffect[];
}

/** What a holiday does to a day's value: units added, or a percentage for a log-scale model. */
export interface HolidayEffect {
  holiday: string;
  model: CandidateName;
  change: number;
  unit: 'per day' | 'percent';
}

/** One forecast of `horizon` days after `y` (the history from `context.firstDay`). */
export function runCandidate(spec: CandidateSpec, y: Float64Array, horizon: number, context: CandidateContext): CandidateForecast {
  const forward = spec.log ? (v: number) => Math.log(Math.max(0, v) + context.logOffset) : (v: number) => v;
  const back = spec.log ? (v: number) => Math.exp(v) - context.logOffset : (v: number) => v;
  const z = spec.log ? y.map(forward) : y;
  const raw = spec.kind === 'naive' ? seasonalNaive(z, horizon, context.levels) : spec.kind === 'ets' ? ets(spec, z, horizon, context) : regression(spec, z, horizon, context);
  const holidayEffects: HolidayEffect[] = Object.entries(raw.effects ?? {}).map(([holiday, v]) =>
    spec.log ? { holiday, model: spec.name, change: 100 * (Math.exp(v) - 1), unit: 'percent' } : { holiday, model: spec.name, change: v, unit: 'per day' },
  );
  const floor = context.nonNegative ? 0 : -Infinity;
  // Back-transforming a log-scale mean gives the median; intervals map exactly (monotone).
  const out = (v: number) => Math.max(floor, back(v));
  return {
    mean: raw.mean.map(out),
    converged: raw.converged,
    params: raw.params,
    holidayEffects,
    ...(raw.intervals && { intervals: raw.intervals.map((i) => ({ level: i.level, lower: i.lower.map(out), upper: i.upper.map(out) })) }),
  };
}

/** A model's output on the (possibly log) scale it was fitted on; `effects` per holiday key. */
interface RawForecast extends Omit<CandidateForecast, 'holidayEffects'> {
  effects?: Record<string, number>;
}

function normalIntervals(mean: Float64Array, variance: Float64Array, levels: readonly number[]): CandidateForecast['intervals'] {
  return levels.map((level) => {
    const z = normalQuantile((1 + level) / 2);
    return {
      level,
      lower: mean.map((m, i) => m - z * Math.sqrt(variance[i]!)),
      upper: mean.map((m, i) => m + z * Math.sqrt(variance[i]!)),
    };
  });
}

/** Same weekday last week, with σ_h = σ·√(weeks ahead) (Hyndman & Athanasopoulos, FPP3 §5.5). */
function seasonalNaive(y: Float64Array, horizon: number, levels: readonly number[]): RawForecast {
  const n = y.length;
  const mean = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    let t = n - 7 + (h % 7);
    while (t >= 0 && !Number.isFinite(y[t]!)) t -= 7;
    mean[h] = t >= 0 ? y[t]! : 0;
  }
  let ss = 0;
  let count = 0;
  for (let t = 7; t < n; t++) {
    const e = y[t]! - y[t - 7]!;
    if (Number.isFinite(e)) {
      ss += e * e;
      count++;
    }
  }
  const sigma2 = count ? ss / count : 0;
  const variance = mean.map((_, h) => sigma2 * (Math.floor(h / 7) + 1));
  return { mean, intervals: normalIntervals(mean, variance, levels), converged: true, params: {} };
}

/**
 * ETS with holidays: holiday days do not update the state, and each holiday key's effect is the
 * average one-step error on its past days, added back on its future days.
 */
function ets(spec: CandidateSpec, y: Float64Array, horizon: number, context: CandidateContext): RawForecast {
  const n = y.length;
  const skip = new Uint8Array(n);
  for (let t = 0; t < n; t++) if (context.holidays.onDay[t]?.length) skip[t] = 1;
  const fit = fitEts(y, { trend: spec.trend!, skip });
  const { mean, variance } = forecastEts(fit, horizon);
  const sums = new Float64Array(context.holidays.keys.length);
  const counts = new Float64Array(context.holidays.keys.length);
  for (let t = 0; t < n; t++) {
    const e = fit.skippedErrors[t]!;
    if (!Number.isFinite(e)) continue;
    for (const k of context.holidays.onDay[t] ?? []) {
      sums[k]! += e;
      counts[k]!++;
    }
  }
  const holidayEffects: Record<string, number> = {};
  counts.forEach((c, k) => {
    if (c) holidayEffects[context.holidays.keys[k]!] = sums[k]! / c;
  });
  for (let h = 0; h < horizon; h++) {
    for (const k of context.holidays.onDay[n + h] ?? []) if (counts[k]) mean[h]! += sums[k]! / counts[k]!;
  }
  return {
    mean,
    intervals: normalIntervals(mean, variance, context.levels),
    converged: fit.converged,
    params: { ...fit.params, sigma: Math.sqrt(fit.sigma2), iterations: fit.iterations },
    effects: holidayEffects,
  };
}

function regression(spec: CandidateSpec, y: Float64Array, horizon: number, context: CandidateContext): RawForecast {
  const fit = fitRegression(y, { firstDay: context.firstDay, holidays: context.holidays, yearly: spec.yearly ?? false });
  const mean = predictRegression(fit, y.length, horizon);
  return {
    mean,
    converged: true,
    params: { changepoints: fit.layout.changepoints.length, yearlyOrder: fit.layout.yearlyOrder, sigma: fit.sigma },
    effects: fit.holidayEffects,
  };
}
