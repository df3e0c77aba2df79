import { UsageError } from '../errors.js';

function probability(flag: string, raw: string): number {
  const p = Number(raw);
  if (!(p > 0 && p < 1)) throw new UsageError(`${flag} ${raw} must be a probability between 0 and 1, e.g. 0.9`);
  return p;
}

/** The record matcher's flags, shared by `identity dedupe` and `identity match`: checked, as numbers. */
export function matcherFlags(flags: { threshold: string; reviewFrom: string; seed: string }): { threshold: number; reviewFrom: number; seed: number } {
  const threshold = probability('--threshold', flags.threshold);
  const reviewFrom = probability('--review-from', flags.reviewFrom);
  if (reviewFrom > threshold) throw new UsageError(`--review-from ${flags.reviewFrom} must not be above --threshold ${flags.threshold}`);
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed ${flags.seed} must be a whole number`);
  return { threshold, reviewFrom, seed };
}
