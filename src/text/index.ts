/** Sentiment of reviews, tickets and posts: pure functions over texts, no store. */
export { lexiconSentiment } from './lexicon.js';
export type { LexiconOptions } from './lexicon.js';
export { labelOfScore } from './label.js';
export type { SentimentLabel } from './label.js';
export type { Sentiment, NotScored } from './sentiment.js';
export { detectLanguage } from './language.js';
export type { Language, LanguageGuess } from './language.js';
export { prepareText, MAX_TEXT_CHARS } from './normalise.js';
export type { PreparedText } from './normalise.js';
export { tokenise } from './tokenise.js';
export type { TokeniseOptions } from './tokenise.js';
