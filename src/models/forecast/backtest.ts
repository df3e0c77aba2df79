/** Where a rolling-origin back-test cuts the history. */
export interface BacktestPlan {
  /** Training lengths: each origin forecasts the days right after its first `o` days. */
  origins: number[];
  horizon: number;
}

export interface BacktestOptions {
  /** How many origins at most (default 10). */
  origins?: number;
  /** Days between origins (default 7, so every weekday starts a forecast as often). */
  step?: number;
  /** Shortest history an origin may train on (default 28 days: four weeks). */
  minTrain?: number;
}

/**
 * Origins ending at the series' end: the last forecast window is the last `horizon` days, the
 * others start `step` days earlier each. When the series is too short for the full horizon, the
 * back-test horizon shrinks (down to a week); below that there is no back-test (null).
 */
export function planBacktest(length: number, horizon: number, options: BacktestOptions = {}): BacktestPlan | null {
  const max = options.origins ?? 10;
  const step = options.step ?? 7;
  const minTrain = options.minTrain ?? 28;
  const h = Math.min(horizon, length - minTrain);
  if (h < 7) return null;
  const origins: number[] = [];
  for (let i = 0; i < max; i++) {
    const o = length - h - i * step;
    if (o < minTrain) break;
    origins.push(o);
  }
  return { origins: origins.reverse(), horizon: h };
}
