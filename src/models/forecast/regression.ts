import { weekday } from './calendar.js';
import type { HolidayCalendar } from './holidays.js';
import { choleskySolve } from './linear-algebra.js';

/**
 * A Prophet-style additive model, y = trend + yearly + weekday + holidays + noise, fitted by
 * ridge-regularised least squares (the MAP estimate under Gaussian priors on the effects):
 * piecewise-linear trend with changepoints spread over the first 80% of the history, Fourier
 * terms for the yearly shape, one effect per weekday, one per holiday key seen in the history.
 */
export interface RegressionOptions {
  /** Day number of the first value. */
  firstDay: number;
  /** Holidays laid over a span that starts at `firstDay` and covers the days to forecast. */
  holidays?: HolidayCalendar;
  /** Fourier terms of the year (order 10, as Prophet) — worth it with a year of history or more. */
  yearly: boolean;
  yearlyOrder?: number;
}

/**
 * Prior standard deviations of the effects, in units of the series' standard deviation. The
 * changepoint prior is tight (Prophet's default 0.05 on a 0–1 scaled series is about this), so
 * the trend bends only where the data insist; the others are weak.
 */
const PRIOR = { changepoint: 0.15, weekday: 2, yearly: 0.5, holiday: 3 } as const;

interface Layout {
  changepoints: Float64Array;
  yearlyOrder: number;
  holidayKeys: number[];
  size: number;
  prior: Float64Array;
}

export interface RegressionFit {
  options: RegressionOptions;
  layout: Layout;
  /** Training length (time is scaled so the history spans 0…1). */
  length: number;
  coefficients: Float64Array;
  mean: number;
  sd: number;
  /** Residual standard deviation in the series' units. */
  sigma: number;
  holidayEffects: Record<string, number>;
}

const YEAR = 365.25;

function layout(length: number, options: RegressionOptions): Layout {
  // One potential changepoint per four weeks of the first 80%, at most 25 (Prophet's default).
  const count = Math.min(25, Math.floor((0.8 * length) / 28));
  const changepoints = Float64Array.from({ length: count }, (_, j) => (0.8 * (j + 1)) / (count + 1));
  const yearlyOrder = options.yearly ? (options.yearlyOrder ?? 10) : 0;
  const seen = new Set<number>();
  for (let t = 0; t < length; t++) for (const k of options.holidays?.onDay[t] ?? []) seen.add(k);
  const holidayKeys = [...seen].sort((a, b) => a - b);
  const size = 2 + count + 7 + 2 * yearlyOrder + holidayKeys.length;
  const prior = new Float64Array(size);
  let c = 0;
  prior[c++] = Infinity;
  prior[c++] = Infinity;
  for (let j = 0; j < count; j++) prior[c++] = PRIOR.changepoint;
  for (let j = 0; j < 7; j++) prior[c++] = PRIOR.weekday;
  for (let j = 0; j < 2 * yearlyOrder; j++) prior[c++] = PRIOR.yearly;
  for (let j = 0; j < holidayKeys.length; j++) prior[c++] = PRIOR.holiday;
  return { changepoints, yearlyOrder, holidayKeys, size, prior };
}

/** Fills `row` with the regressors of day index `t` (0 = the first day of the history). */
function fillRow(row: Float64Array, t: number, length: number, l: Layout, options: RegressionOptions): void {
  row.fill(0);
  const time = length > 1 ? t / (length - 1) : 0;
  let c = 0;
  row[c++] = 1;
  row[c++] = time;
  for (const s of l.changepoints) row[c++] = time > s ? time - s : 0;
  const day = options.firstDay + t;
  row[c + weekday(day)] = 1;
  c += 7;
  for (let k = 1; k <= l.yearlyOrder; k++) {
    const angle = (2 * Math.PI * k * day) / YEAR;
    row[c++] = Math.sin(angle);
    row[c++] = Math.cos(angle);
  }
  const today = options.holidays?.onDay[t];
  if (today) for (let j = 0; j < l.holidayKeys.length; j++) if (today.includes(l.holidayKeys[j]!)) row[c + j] = 1;
}

function solve(y: Float64Array, usable: Uint8Array, l: Layout, options: RegressionOptions, sigma2: number): Float64Array | null {
  const p = l.size;
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  const row = new Float64Array(p);
  for (let t = 0; t < y.length; t++) {
    if (!usable[t]) continue;
    fillRow(row, t, y.length, l, options);
    const v = y[t]!;
    for (let i = 0; i < p; i++) {
      const ri = row[i]!;
      if (ri === 0) continue;
      b[i]! += ri * v;
      for (let j = 0; j <= i; j++) a[i * p + j]! += ri * row[j]!;
    }
  }
  // Tiny ridge on the free terms keeps the system solvable when the history is short.
  for (let i = 0; i < p; i++) a[i * p + i]! += Number.isFinite(l.prior[i]!) ? sigma2 / l.prior[i]! ** 2 : 1e-8;
  return choleskySolve(a, b, p) ? b : null;
}

/** Fits the additive model to `y` (NaN = no data that day). */
export function fitRegression(y: Float64Array, options: RegressionOptions): RegressionFit {
  const usable = new Uint8Array(y.length);
  let n = 0;
  let sum = 0;
  for (let t = 0; t < y.length; t++) {
    if (Number.isFinite(y[t]!)) {
      usable[t] = 1;
      n++;
      sum += y[t]!;
    }
  }
  if (n < 14) throw new RangeError(`the additive model needs at least 14 days with values, got ${n}`);
  const mean = sum / n;
  let ss = 0;
  for (let t = 0; t < y.length; t++) if (usable[t]) ss += (y[t]! - mean) ** 2;
  const sd = Math.sqrt(ss / n) || 1;
  const z = y.map((v) => (v - mean) / sd);
  const l = layout(y.length, options);
  // Two passes: the priors' weight depends on the noise level, estimated by the first.
  let sigma2 = 0.25;
  let coefficients: Float64Array = new Float64Array(l.size);
  for (let pass = 0; pass < 2; pass++) {
    const solved = solve(z, usable, l, options, sigma2);
    if (!solved) break;
    coefficients = solved;
    const fitted = predictStandardised(coefficients, l, options, y.length, 0, y.length);
    let rss = 0;
    for (let t = 0; t < y.length; t++) if (usable[t]) rss += (z[t]! - fitted[t]!) ** 2;
    sigma2 = Math.max(1e-6, rss / Math.max(1, n - 9));
  }
  const holidayEffects: Record<string, number> = {};
  const base = l.size - l.holidayKeys.length;
  l.holidayKeys.forEach((k, j) => {
    holidayEffects[options.holidays!.keys[k]!] = coefficients[base + j]! * sd;
  });
  return { options, layout: l, length: y.length, coefficients, mean, sd, sigma: Math.sqrt(sigma2) * sd, holidayEffects };
}

function predictStandardised(coefficients: Float64Array, l: Layout, options: RegressionOptions, length: number, from: number, count: number): Float64Array {
  const out = new Float64Array(count);
  const row = new Float64Array(l.size);
  for (let i = 0; i < count; i++) {
    fillRow(row, from + i, length, l, options);
    let s = 0;
    for (let j = 0; j < l.size; j++) s += row[j]! * coefficients[j]!;
    out[i] = s;
  }
  return out;
}

/** Predictions for `count` days from day index `from` (the history's first day is 0). */
export function predictRegression(fit: RegressionFit, from: number, count: number): Float64Array {
  const z = predictStandardised(fit.coefficients, fit.layout, fit.options, fit.length, from, count);
  return z.map((v) => fit.mean + fit.sd * v);
}
