export { forecastSeries, ForecastInputError, MIN_DAYS, type ForecastOptions, type ForecastResult, type ForecastInterval, type ModelScore, type BacktestSummary } from './forecast.js';
export { parseHolidaysCsv, type Holiday } from './holidays.js';
export { fitEts, forecastEts, type EtsFit, type EtsOptions, type EtsParams, type EtsTrend } from './ets.js';
export { fitRegression, predictRegression, type RegressionFit, type RegressionOptions } from './regression.js';
export { accuracy, addErrors, emptySums, seasonalNaiveScale, type Accuracy } from './metrics.js';
export { planBacktest, type BacktestPlan, type BacktestOptions } from './backtest.js';
export { dayNumber, isoDay, weekday } from './calendar.js';
export { describeModel } from './describe.js';
export type { CandidateName, HolidayEffect } from './candidates.js';
