import type { CandidateName } from './candidates.js';

/** What each model is, in words a marketer can follow. */
export const MODEL_WORDS: Record<CandidateName, string> = {
  'seasonal-naive': 'seasonal naive (each day repeats the same weekday of the last week)',
  'ets-additive': 'Holt-Winters exponential smoothing (ETS: level, straight trend, weekly pattern)',
  'ets-damped': 'Holt-Winters exponential smoothing (ETS: level, flattening trend, weekly pattern)',
  'ets-damped-log': 'Holt-Winters exponential smoothing on the log scale (weekly pattern as percentages, flattening trend)',
  additive: 'trend + weekday + holiday regression (Prophet-style, additive)',
  'additive-log': 'trend + weekday + holiday regression on the log scale (Prophet-style, effects as percentages)',
  'additive-yearly': 'trend + yearly season + weekday + holiday regression (Prophet-style, additive)',
};

export function describeModel(model: string): string {
  const parts = model.startsWith('ensemble(') ? model.slice(9, -1).split(' + ') : [model];
  const words = parts.map((p) => MODEL_WORDS[p as CandidateName] ?? p);
  return parts.length > 1 ? `the average of ${words.join(' and ')}` : words[0]!;
}
