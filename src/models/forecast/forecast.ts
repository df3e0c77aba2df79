import { dayNumber, isoDay } from './calendar.js';
import { CANDIDATES, runCandidate, type CandidateContext, type CandidateForecast, type CandidateName, type CandidateSpec, type HolidayEffect } from './candidates.js';
import { describeModel } from './describe.js';
import { planBacktest, type BacktestOptions, type BacktestPlan } from './backtest.js';
import { holidayCalendar, type Holiday } from './holidays.js';
import { errorQuantiles, intervalAt, leaveOneOriginOutCoverage, type ScaledErrors } from './intervals.js';
import { accuracy, addErrors, emptySums, seasonalNaiveScale, type Accuracy } from './metrics.js';
import { normalQuantile } from './normal.js';

export interface ForecastOptions {
  /** ISO date of the first value. */
  start: string;
  /** Days to forecast after the last value (default 28). */
  horizon?: number;
  holidays?: readonly Holiday[];
  /** Coverage of the prediction intervals (default 0.8 and 0.95). */
  levels?: readonly number[];
  backtest?: BacktestOptions;
  /** Only try these models (default: all that the history is long enough for). */
  candidates?: readonly CandidateName[];
  /** Also try the average of the best ETS and the best regression (default true). */
  ensemble?: boolean;
}

export interface ForecastInterval {
  level: number;
  lower: number[];
  upper: number[];
}

export interface ModelScore extends Accuracy {
  model: string;
  /** Seconds spent fitting this model over all origins. */
  seconds: number;
}

export interface BacktestSummary {
  /** First forecast day of each origin. */
  origins: string[];
  horizon: number;
  scores: ModelScore[];
  /** Share of back-test actuals inside the intervals, per level (leave-one-origin-out). */
  coverage: { level: number; share: number; points: number }[];
  /**
   * The model choice scored without hindsight (null when the history holds too few origins): at
   * each later origin the model best on the earlier, closed origins forecasts; seasonal naive on
   * the same origins beside it.
   */
  selected: { origins: number; mape: number | null; smape: number; mase: number | null; seasonalNaive: { mape: number | null; smape: number; mase: number | null } } | null;
}

/**
 * How a forecast was made, and its result. `fallback` is set when the history was too short or
 * empty for a model: `mean` (fewer than 14 days: the daily mean, flat) or `all-zero`.
 */
export interface ForecastResult {
  model: string;
  description: string;
  history: { start: string; end: string; days: number; daysWithValues: number };
  horizon: number;
  dates: string[];
  yhat: number[];
  intervals: ForecastInterval[];
  intervalMethod: 'backtest-errors' | 'model' | 'fallback';
  backtest: BacktestSummary | null;
  fallback: 'mean' | 'all-zero' | null;
  /** False when the chosen model's optimiser stopped before meeting its tolerance (best point used). */
  converged: boolean;
  notes: string[];
  params: Record<string, unknown>;
  /** Each holiday's effect as the chosen model (each model of an ensemble) learnt it. */
  holidayEffects: HolidayEffect[];
  seconds: number;
}

/** A series shorter than this gets the mean fallback: two weeks are needed to see the weekly pattern. */
export const MIN_DAYS = 14;
/** Fewer origins than this and a model's own intervals are used instead of the back-test errors. */
const MIN_ORIGINS_FOR_EMPIRICAL = 4;

/** Forecast accuracy input errors: an empty series, a bad horizon or level. */
export class ForecastInputError extends RangeError {
  override name = 'ForecastInputError';
}

interface Run {
  name: string;
  perOrigin: CandidateForecast[];
  seconds: number;
}

/**
 * Forecasts a daily series (NaN = no data that day; a day with no sales is 0): tries seasonal
 * naive, ETS and the Prophet-style regression in a rolling-origin back-test, keeps the one with
 * the lowest MASE (or the average of the best ETS and regression when that is lower), refits it on
 * the whole history and forecasts `horizon` days with intervals from the back-test's errors.
 */
export function forecastSeries(values: Float64Array, options: ForecastOptions): ForecastResult {
  const started = performance.now();
  const horizon = options.horizon ?? 28;
  const levels = options.levels ?? [0.8, 0.95];
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 3660) throw new ForecastInputError(`the horizon must be a whole number of days from 1 to 3660, got ${horizon}`);
  for (const l of levels) if (!(l > 0 && l < 1)) throw new ForecastInputError(`an interval level is a share between 0 and 1 (0.8 for 80%), got ${l}`);
  const n = values.length;
  const firstDay = dayNumber(options.start);
  let known = 0;
  let nonZero = 0;
  let negative = false;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    known++;
    if (v !== 0) nonZero++;
    if (v < 0) negative = true;
  }
  if (!known) throw new ForecastInputError(`the series has no values (${n} days, all missing): nothing to forecast from`);
  const history = { start: isoDay(firstDay), end: isoDay(firstDay + n - 1), days: n, daysWithValues: known };
  const dates = Array.from({ length: horizon }, (_, h) => isoDay(firstDay + n + h));
  const base = { history, horizon, dates, notes: [] as string[], params: {}, holidayEffects: [] as HolidayEffect[], backtest: null, converged: true };
  const seconds = () => (performance.now() - started) / 1000;

  if (!nonZero) {
    return {
      ...base,
      model: 'zero',
      description: 'all zero: every day of the history is zero, so the forecast is zero',
      yhat: dates.map(() => 0),
      intervals: levels.map((level) => ({ level, lower: dates.map(() => 0), upper: dates.map(() => 0) })),
      intervalMethod: 'fallback',
      fallback: 'all-zero',
      notes: ['every day of the history is zero: the forecast is zero until sales start'],
      seconds: seconds(),
    };
  }
  if (known < MIN_DAYS) return meanFallback(values, known, levels, { ...base, seconds: 0 }, negative, started);

  const holidays = holidayCalendar(options.holidays ?? [], firstDay, n + horizon);
  const positive = [...values].filter((v) => v > 0);
  const context: CandidateContext = {
    firstDay,
    holidays,
    // Small against a typical day, so the log acts on the level, yet zero days stay finite.
    logOffset: Math.max(1, 0.01 * positive.reduce((s, v) => s + v, 0) / Math.max(1, positive.length)),
    levels,
    nonNegative: !negative,
  };
  const plan = planBacktest(n, horizon, options.backtest);
  const notes: string[] = [];
  if (!plan) notes.push(`only ${n} days of history: too short to back-test (needs ${(options.backtest?.minTrain ?? 28) + 7}), so ETS with a flattening trend is used untested`);
  else if (plan.horizon < horizon) notes.push(`the back-test checks ${plan.horizon}-day forecasts, not ${horizon}: the history is short`);

  const wanted = options.candidates ?? CANDIDATES.map((c) => c.name);
  const specs = CANDIDATES.filter((c) => wanted.includes(c.name) && (!c.yearly || (plan ? plan.origins[0]! >= 365 : n >= 365)));
  const runs: Run[] = [];
  if (plan) {
    for (const spec of specs) {
      const run = backtestCandidate(spec, values, plan, context);
      if (typeof run === 'string') notes.push(`${spec.name} left out: ${run}`);
      else runs.push(run);
    }
  }
  const scored = plan ? scoreRuns(runs, values, plan, options.ensemble ?? true) : [];
  const chosen = scored[0]?.model ?? (wanted.includes('ets-damped') ? 'ets-damped' : (specs.find((s) => s.kind !== 'naive')?.name ?? 'seasonal-naive'));
  const parts = (chosen.startsWith('ensemble(') ? chosen.slice(9, -1).split(' + ') : [chosen]) as CandidateName[];

  const finals = parts.map((name) => runCandidate(CANDIDATES.find((c) => c.name === name)!, values, horizon, context));
  const yhat = new Float64Array(horizon);
  for (const f of finals) for (let h = 0; h < horizon; h++) yhat[h]! += f.mean[h]! / finals.length;
  const converged = finals.every((f) => f.converged);
  if (!converged) notes.push('the optimiser stopped before converging: the best parameters it found are used');
  const backtestRuns = plan ? chosenRuns(runs, parts) : [];
  const nonConverged = backtestRuns.filter((f) => !f.converged).length;
  if (nonConverged) notes.push(`${nonConverged} back-test fit(s) of the chosen model did not converge (best point used)`);

  let intervals: ForecastInterval[];
  let intervalMethod: ForecastResult['intervalMethod'];
  let coverage: BacktestSummary['coverage'] = [];
  const ownIntervals = finals.length === 1 ? finals[0]!.intervals : undefined;
  const floor = context.nonNegative ? 0 : -Infinity;
  if (plan && (plan.origins.length >= MIN_ORIGINS_FOR_EMPIRICAL || !ownIntervals)) {
    if (plan.origins.length < MIN_ORIGINS_FOR_EMPIRICAL) notes.push(`intervals from only ${plan.origins.length} back-test origin(s): rough`);
    const errors = scaledErrors(backtestRuns, values, plan);
    const scaleNow = recentLevel(values, n);
    intervals = levels.map((level) => {
      const lower: number[] = [];
      const upper: number[] = [];
      for (let h = 0; h < horizon; h++) {
        const [lo, hi] = intervalAt(yhat[h]!, scaleNow, errorQuantiles(errors, h, level), floor);
        lower.push(lo);
        upper.push(hi);
      }
      return { level, lower, upper };
    });
    coverage = levels.map((level) => ({ level, ...leaveOneOriginOutCoverage(errors, level) }));
    intervalMethod = 'backtest-errors';
  } else {
    intervals = ownIntervals!.map((i) => ({ level: i.level, lower: [...i.lower], upper: [...i.upper] }));
    intervalMethod = 'model';
    if (plan) coverage = levels.map((level) => ({ level, ...modelCoverage(backtestRuns, values, plan, level) }));
  }
  const backtest: BacktestSummary | null = plan
    ? { origins: plan.origins.map((o) => isoDay(firstDay + o)), horizon: plan.horizon, scores: scored, coverage, selected: plan.origins.length > 2 && runs.some((r) => r.name === 'seasonal-naive') ? selectionScore(runs, values, plan, options.ensemble ?? true) : null }
    : null;
  return {
    ...base,
    model: chosen,
    description: describeModel(chosen),
    yhat: [...yhat],
    intervals,
    intervalMethod,
    backtest,
    fallback: null,
    converged,
    notes,
    params: finals.length === 1 ? finals[0]!.params : Object.fromEntries(parts.map((p, i) => [p, finals[i]!.params])),
    holidayEffects: finals.flatMap((f) => f.holidayEffects ?? []),
    seconds: seconds(),
  };
}

function backtestCandidate(spec: CandidateSpec, values: Float64Array, plan: BacktestPlan, context: CandidateContext): Run | string {
  const t0 = performance.now();
  const perOrigin: CandidateForecast[] = [];
  for (const o of plan.origins) {
    try {
      perOrigin.push(runCandidate(spec, values.subarray(0, o), Math.min(plan.horizon, values.length - o), context));
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }
  return { name: spec.name, perOrigin, seconds: (performance.now() - t0) / 1000 };
}

/** Scores forecasts (one per origin) over the origins listed in `at` (indexes into plan.origins). */
function score(name: string, forecasts: readonly Float64Array[], values: Float64Array, plan: BacktestPlan, seconds: number, at?: readonly number[]): ModelScore {
  const sums = emptySums();
  for (const i of at ?? plan.origins.map((_, k) => k)) {
    const o = plan.origins[i]!;
    const f = forecasts[i]!;
    addErrors(sums, values.subarray(o, o + f.length), f, seasonalNaiveScale(values.subarray(0, o)));
  }
  return { model: name, ...accuracy(sums), seconds };
}

const rank = (s: ModelScore) => s.mase ?? s.mae;

/** Scores every run (and the ensemble of the best ETS and best regression) on origins `at`, best first. */
function scoreRuns(runs: readonly Run[], values: Float64Array, plan: BacktestPlan, ensemble: boolean, at?: readonly number[]): ModelScore[] {
  const scores = runs.map((r) => score(r.name, r.perOrigin.map((f) => f.mean), values, plan, r.seconds, at));
  const best = (kind: 'ets' | 'regression') =>
    scores.filter((s) => CANDIDATES.find((c) => c.name === s.model)?.kind === kind).sort((a, b) => rank(a) - rank(b))[0];
  const e = best('ets');
  const r = best('regression');
  if (ensemble && e && r) {
    const re = runs.find((x) => x.name === e.model)!;
    const rr = runs.find((x) => x.name === r.model)!;
    scores.push(score(`ensemble(${e.model} + ${r.model})`, ensembleMeans(re, rr), values, plan, re.seconds + rr.seconds, at));
  }
  // Stable sort: on a tie the simpler model listed first wins.
  return scores.sort((a, b) => rank(a) - rank(b));
}

function ensembleMeans(a: Run, b: Run): Float64Array[] {
  return a.perOrigin.map((f, i) => f.mean.map((v, h) => (v + b.perOrigin[i]!.mean[h]!) / 2));
}

/**
 * The back-test score of the choosing itself, free of the optimism of picking the best of several
 * on the same days: at each origin, the model that did best on the origins whose forecast windows
 * had closed by then (at least two) makes the forecast. Seasonal naive on the same origins beside it.
 */
function selectionScore(runs: readonly Run[], values: Float64Array, plan: BacktestPlan, ensemble: boolean): BacktestSummary['selected'] {
  const forecastsOf = (model: string): Float64Array[] | undefined => {
    if (!model.startsWith('ensemble(')) return runs.find((r) => r.name === model)?.perOrigin.map((f) => f.mean);
    const [a, b] = model.slice(9, -1).split(' + ').map((p) => runs.find((r) => r.name === p));
    return a && b ? ensembleMeans(a, b) : undefined;
  };
  const picked: Float64Array[] = [];
  const at: number[] = [];
  plan.origins.forEach((o, i) => {
    const closed = plan.origins.map((_, j) => j).filter((j) => plan.origins[j]! + plan.horizon <= o);
    if (closed.length < 2) return;
    const best = scoreRuns(runs, values, plan, ensemble, closed)[0];
    const f = best && forecastsOf(best.model)?.[i];
    if (!f) return;
    picked[i] = f;
    at.push(i);
  });
  const naive = forecastsOf('seasonal-naive');
  if (!at.length || !naive) return null;
  const chosen = score('selected', picked, values, plan, 0, at);
  const baseline = score('seasonal-naive', naive, values, plan, 0, at);
  return { origins: at.length, mape: chosen.mape, smape: chosen.smape, mase: chosen.mase, seasonalNaive: { mape: baseline.mape, smape: baseline.smape, mase: baseline.mase } };
}

/** The back-test forecasts of the chosen model (averaged for an ensemble), one per origin. */
function chosenRuns(runs: readonly Run[], parts: readonly CandidateName[]): CandidateForecast[] {
  const found = parts.map((p) => runs.find((r) => r.name === p));
  if (found.some((r) => !r)) return [];
  const byPart = found.map((r) => r!.perOrigin);
  return byPart[0]!.map((first, i) => ({
    ...first,
    mean: first.mean.map((_, h) => byPart.reduce((s, r) => s + r[i]!.mean[h]!, 0) / byPart.length),
    converged: byPart.every((r) => r[i]!.converged),
  }));
}

/** Mean absolute value of the last four weeks before `end`: the scale errors are measured in. */
function recentLevel(values: Float64Array, end: number): number {
  let sum = 0;
  let count = 0;
  for (let t = Math.max(0, end - 28); t < end; t++) {
    if (Number.isFinite(values[t]!)) {
      sum += Math.abs(values[t]!);
      count++;
    }
  }
  return count && sum > 0 ? sum / count : 1;
}

function scaledErrors(runs: readonly CandidateForecast[], values: Float64Array, plan: BacktestPlan): ScaledErrors {
  return plan.origins.map((o, i) => {
    const f = runs[i]!.mean;
    const scale = recentLevel(values, o);
    return f.map((v, h) => (values[o + h]! - v) / scale);
  });
}

function modelCoverage(runs: readonly CandidateForecast[], values: Float64Array, plan: BacktestPlan, level: number): { share: number; points: number } {
  let inside = 0;
  let points = 0;
  plan.origins.forEach((o, i) => {
    const interval = runs[i]?.intervals?.find((x) => x.level === level);
    if (!interval) return;
    for (let h = 0; h < interval.lower.length; h++) {
      const y = values[o + h]!;
      if (!Number.isFinite(y)) continue;
      points++;
      if (y >= interval.lower[h]! && y <= interval.upper[h]!) inside++;
    }
  });
  return { share: points ? inside / points : 0, points };
}

/**
 * Fewer than 14 days: too few to see a weekly pattern, so the forecast is the daily mean, flat,
 * with normal intervals from the days' spread (√(1 + 1/n) for the mean's own uncertainty).
 */
function meanFallback(values: Float64Array, known: number, levels: readonly number[], base: Omit<ForecastResult, 'model' | 'description' | 'yhat' | 'intervals' | 'intervalMethod' | 'fallback'>, negative: boolean, started: number): ForecastResult {
  let sum = 0;
  for (const v of values) if (Number.isFinite(v)) sum += v;
  const mean = sum / known;
  let ss = 0;
  for (const v of values) if (Number.isFinite(v)) ss += (v - mean) ** 2;
  const sd = known > 1 ? Math.sqrt(ss / (known - 1)) : Math.abs(mean);
  const floor = negative ? -Infinity : 0;
  return {
    ...base,
    model: 'mean',
    description: `the daily mean of the ${known} days so far (too few for a model)`,
    yhat: base.dates.map(() => mean),
    intervals: levels.map((level) => {
      const half = normalQuantile((1 + level) / 2) * sd * Math.sqrt(1 + 1 / known);
      return { level, lower: base.dates.map(() => Math.max(floor, mean - half)), upper: base.dates.map(() => mean + half) };
    }),
    intervalMethod: 'fallback',
    fallback: 'mean',
    notes: [`only ${known} days with values: a model needs at least ${MIN_DAYS} (two weeks) to learn the weekly pattern, so the forecast is the daily mean`],
    seconds: (performance.now() - started) / 1000,
  };
}
