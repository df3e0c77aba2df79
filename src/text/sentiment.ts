import type { Language } from './language.js';
import type { SentimentLabel } from './label.js';

/** Why a text has no score: nothing to read, or a language the model cannot read. */
export type NotScored = 'no text' | 'language not supported';

/** The sentiment of one text from either model. */
export interface Sentiment {
  /** 'lexicon' (VADER rules) or 'trained' (TF-IDF + logistic regression). */
  model: 'lexicon' | 'trained';
  /** In [−1, 1]: VADER's compound for the lexicon, 2p − 1 (or p(positive) − p(negative)) for the trained model; null when not scored. */
  score: number | null;
  label: SentimentLabel | null;
  /** Set when the text was not scored, with `message` saying why in words. */
  notScored?: NotScored;
  message?: string;
  language: Language;
  /** True when the text was longer than the limit and only its start was read. */
  truncated: boolean;
}
