import type { Contributions } from '../classify/types.js';

/** A feature's value as the person reads it: a number, a text, a yes/no, or unknown. */
export type FeatureValue = number | string | boolean | null;

/** One reason a score is high: the feature, its words, and how much it added to the margin (log-odds). */
export interface Reason {
  feature: string;
  text: string;
  contribution: number;
}

/** Turns a feature and its value into words ("no order in 45 days"). */
export type Phrase = (feature: string, value: FeatureValue) => string;

export interface ReasonOptions {
  /** Reasons per row (default 3). */
  top?: number;
  /** Contributions at or below this are not reasons (default 0: only what pushed the score up). */
  minContribution?: number;
}

/**
 * The top reasons of each row: the features whose contributions pushed the margin up most, in
 * words. Encoded columns of one feature (the one-hot columns of a category) are summed into it
 * first, so a category is one reason however many columns it became; features whose words are the
 * same are one reason too. `columnFeature[c]` names
 * the feature of column c; `valueOf(row, feature)` gives the row's raw value of a feature.
 */
export function topReasons(
  contributions: Contributions,
  columnFeature: readonly string[],
  valueOf: (row: number, feature: string) => FeatureValue,
  phrase: Phrase,
  options: ReasonOptions = {},
): Reason[][] {
  const { rows, cols, values } = contributions;
  if (columnFeature.length !== cols) throw new RangeError(`${columnFeature.length} column names for ${cols} contribution columns`);
  const top = options.top ?? 3;
  const floor = options.minContribution ?? 0;
  const features = [...new Set(columnFeature)];
  const slot = columnFeature.map((f) => features.indexOf(f));
  const summed = new Float64Array(features.length);
  const out: Reason[][] = [];
  for (let r = 0; r < rows; r++) {
    summed.fill(0);
    const base = r * (cols + 1);
    for (let c = 0; c < cols; c++) summed[slot[c]!]! += values[base + c]!;
    const order = features.map((_, i) => i).filter((i) => summed[i]! > floor).sort((a, b) => summed[b]! - summed[a]!);
    // Two features can say the same thing (no web activity makes every web share missing): one reason.
    const reasons: Reason[] = [];
    for (const i of order) {
      const feature = features[i]!;
      const text = phrase(feature, valueOf(r, feature));
      const same = reasons.find((x) => x.text === text);
      if (same) same.contribution += summed[i]!;
      else if (reasons.length < top) reasons.push({ feature, text, contribution: summed[i]! });
    }
    out.push(reasons.sort((a, b) => b.contribution - a.contribution));
  }
  return out;
}
