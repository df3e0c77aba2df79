import type { Store } from '../../store/index.js';
import { forecastSeries, forecastTotal, type ForecastResult, type ForecastTotal, type Holiday } from '../index.js';
import { storeSeries, type ForecastMetric } from './forecast-series.js';

export { csvSeries, storeSeries, ForecastDataError, type DailySeries, type ForecastMetric, type StoreSeriesOptions } from './forecast-series.js';

/** Bumped when the forecasting method changes, so stored forecasts say which method made them. */
export const FORECAST_VERSION = 'forecast-1';

export interface ForecastRunOptions {
  metric: ForecastMetric;
  byCategory?: boolean;
  horizon?: number;
  holidays?: readonly Holiday[];
  from?: string;
  to?: string;
  top?: number;
  /** Write the forecasts to the store (default true). */
  write?: boolean;
  onSeries?: (series: string, index: number, count: number) => void;
}

export interface SeriesForecast {
  series: string;
  metric: ForecastMetric;
  /** Totals of the next 7 and 28 days (or the horizon, if shorter). */
  totals: ForecastTotal[];
  forecast: ForecastResult;
}

export interface ForecastRunResult {
  runId: string;
  version: string;
  metric: ForecastMetric;
  horizon: number;
  series: SeriesForecast[];
  written: number;
  seconds: number;
}

/**
 * `cairn forecast`: the store's daily revenue or orders (overall or per category), forecast with
 * the model the back-test prefers, written to `forecasts` and `forecast_runs` under one run id.
 */
export async function runForecast(store: Store, options: ForecastRunOptions): Promise<ForecastRunResult> {
  const started = performance.now();
  const horizon = options.horizon ?? 28;
  const all = await storeSeries(store, { metric: options.metric, byCategory: options.byCategory ?? false, ...(options.from && { from: options.from }), ...(options.to && { to: options.to }), ...(options.top && { top: options.top }) });
  const series: SeriesForecast[] = all.map((s, i) => {
    options.onSeries?.(s.series, i, all.length);
    const forecast = forecastSeries(s.values, { start: s.start, horizon, holidays: options.holidays ?? [] });
    return { series: s.series, metric: options.metric, totals: [...new Set([7, 28].map((d) => Math.min(d, horizon)))].map((d) => forecastTotal(forecast, d)), forecast };
  });
  const runId = `fc-${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 17)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const written = options.write === false ? 0 : await writeForecasts(store, runId, options.metric, series);
  return { runId, version: FORECAST_VERSION, metric: options.metric, horizon, series, written, seconds: (performance.now() - started) / 1000 };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

async function writeForecasts(store: Store, runId: string, metric: ForecastMetric, series: readonly SeriesForecast[]): Promise<number> {
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  const bound = (f: ForecastResult, level: number, side: 'lower' | 'upper', h: number) => {
    const v = f.intervals.find((i) => Math.abs(i.level - level) < 1e-9)?.[side][h];
    return v === undefined ? null : round(v);
  };
  const rows = series.flatMap(({ series: name, forecast: f }) =>
    f.dates.map((date, h) => [runId, name, metric, f.model, FORECAST_VERSION, date, round(f.yhat[h]!), bound(f, 0.8, 'lower', h), bound(f, 0.8, 'upper', h), bound(f, 0.95, 'lower', h), bound(f, 0.95, 'upper', h), now]),
  );
  await store.transaction(async () => {
    for (const { series: name, forecast: f } of series) {
      await store.execute(`INSERT INTO forecast_runs VALUES (?, ?, ?, ?, ?, ?::DATE, ?::DATE, ?, ?::JSON, ?::JSON, ?::TIMESTAMP)`, [
        runId,
        name,
        metric,
        f.model,
        FORECAST_VERSION,
        f.history.start,
        f.history.end,
        f.horizon,
        JSON.stringify(f.backtest),
        JSON.stringify({ notes: f.notes, fallback: f.fallback, converged: f.converged, intervalMethod: f.intervalMethod }),
        now,
      ]);
    }
    await store.appendRows('forecasts', ['run_id', 'series', 'metric', 'model', 'version', 'date', 'yhat', 'lower_80', 'upper_80', 'lower_95', 'upper_95', 'computed_at'], rows);
  });
  return rows.length;
}
