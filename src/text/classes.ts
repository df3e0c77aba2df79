import type { SentimentLabel } from './label.js';

const POSITIVE = /^(1|\+1|pos|positive|good|yes)$/i;
const NEGATIVE = /^(0|-1|neg|negative|bad|no)$/i;
const NEUTRAL = /^(neu|neutral|mixed)$/i;

/** The sentiment a class name stands for, when it is one of the usual spellings (1/0, pos/neg, positive/neutral/negative). */
export function sentimentOfClass(name: string): SentimentLabel | null {
  if (POSITIVE.test(name)) return 'positive';
  if (NEGATIVE.test(name)) return 'negative';
  if (NEUTRAL.test(name)) return 'neutral';
  return null;
}

/** The class a sentiment label stands for among `classes`, or null when none does. */
export function classOfSentiment(label: SentimentLabel, classes: readonly string[]): string | null {
  return classes.find((c) => sentimentOfClass(c) === label) ?? null;
}
