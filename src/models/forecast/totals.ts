import type { ForecastResult } from './forecast.js';

/** The forecast total of the first `days` days, with intervals per level. */
export interface ForecastTotal {
  days: number;
  yhat: number;
  /**
   * Bounds are the sums of the daily bounds: conservative (they assume a day's error carries over
   * to the next, as a misjudged level does), so a total's interval is if anything too wide.
   */
  intervals: { level: number; lower: number; upper: number }[];
}

export function forecastTotal(result: ForecastResult, days: number): ForecastTotal {
  const k = Math.min(days, result.yhat.length);
  const sum = (a: readonly number[]) => a.slice(0, k).reduce((s, v) => s + v, 0);
  return { days: k, yhat: sum(result.yhat), intervals: result.intervals.map((i) => ({ level: i.level, lower: sum(i.lower), upper: sum(i.upper) })) };
}
