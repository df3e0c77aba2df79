import vader from 'vader-sentiment';
import { emojiToWords } from './emoji.js';
import { labelOfScore } from './label.js';
import { detectLanguage } from './language.js';
import { MAX_TEXT_CHARS, prepareText } from './normalise.js';
import type { Sentiment } from './sentiment.js';

/** Options of the lexicon model. */
export interface LexiconOptions {
  /** Longest text read in full (default MAX_TEXT_CHARS). */
  maxChars?: number;
}

/**
 * VADER (Hutto & Gilbert 2014) on one text: its lexicon and rules for negation ("not good"),
 * boosters ("very"), capitals, exclamation marks and "but", with emoji read as words. English
 * only: a text detected as another language gets `notScored: 'language not supported'`; an
 * empty text (or only markup and links) gets `notScored: 'no text'`.
 */
export function lexiconSentiment(input: string, options: LexiconOptions = {}): Sentiment {
  const { text, truncated } = prepareText(input, options.maxChars ?? MAX_TEXT_CHARS);
  if (!text) return { model: 'lexicon', score: null, label: null, notScored: 'no text', message: 'no text', language: 'und', truncated };
  const { language } = detectLanguage(text);
  if (language !== 'en' && language !== 'und') {
    return {
      model: 'lexicon', score: null, label: null, notScored: 'language not supported', language, truncated,
      message: `the lexicon model reads English only; this text looks like '${language}' (train a model on labelled texts in that language with cairn text train)`,
    };
  }
  const { compound } = vader.SentimentIntensityAnalyzer.polarity_scores(emojiToWords(text));
  return { model: 'lexicon', score: compound, label: labelOfScore(compound), language, truncated };
}
