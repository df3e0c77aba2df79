import { emojiToWords } from './emoji.js';
import { prepareText } from './normalise.js';
import { isNegation, tokenise } from './tokenise.js';

/** The emotion categories (a subset of Plutchik's wheel, as the NRC emotion lexicon uses). */
export const EMOTIONS = ['joy', 'anger', 'sadness', 'fear', 'surprise', 'trust'] as const;
export type Emotion = (typeof EMOTIONS)[number];

// A small hand-written lexicon for reviews and tickets: word stems matched at the start of a token.
const STEMS: Record<Emotion, string[]> = {
  joy: ['happy', 'happi', 'joy', 'delight', 'love', 'lovely', 'glad', 'pleased', 'enjoy', 'wonderful', 'fantastic', 'awesome', 'great', 'excellent', 'amazing', 'perfect', 'fun', 'smile', 'smiling', 'laugh', 'grinning', 'celebrat', 'thrilled', 'excited', 'yummy', 'beautiful'],
  anger: ['angry', 'anger', 'furious', 'mad', 'rage', 'outrag', 'annoy', 'irritat', 'hate', 'rude', 'ridiculous', 'unacceptable', 'disgust', 'scam', 'rip', 'ripoff', 'pissed', 'livid', 'fed', 'insult', 'cursing', 'worst'],
  sadness: ['sad', 'unhappy', 'disappoint', 'upset', 'sorry', 'regret', 'miss', 'cry', 'crying', 'depress', 'heartbroken', 'unfortunat', 'letdown', 'lonely', 'weary', 'frown', 'poor'],
  fear: ['afraid', 'fear', 'scare', 'scary', 'worried', 'worry', 'anxious', 'nervous', 'danger', 'unsafe', 'risk', 'terrif', 'panic', 'concern', 'fright', 'fearful'],
  surprise: ['surpris', 'unexpect', 'shock', 'astonish', 'amaz', 'wow', 'sudden', 'stunn', 'unbeliev', 'wonder'],
  trust: ['trust', 'reliab', 'depend', 'honest', 'recommend', 'safe', 'secure', 'confiden', 'loyal', 'genuine', 'consistent', 'professional', 'sturdy', 'solid', 'quality', 'guarantee', 'authentic'],
};

const EXACT = new Set(['mad', 'rip', 'fed', 'fun', 'sad', 'cry', 'wow', 'miss', 'safe', 'joy', 'fear', 'rage']);

function emotionsOfToken(token: string): Emotion[] {
  return EMOTIONS.filter((e) => STEMS[e].some((s) => (EXACT.has(s) ? token === s : token.startsWith(s))));
}

/** Emotion of one text: the share of emotion words per category, and the strongest one. */
export interface EmotionResult {
  /** Per category, matches / all emotion matches (0 when there are none). */
  scores: Record<Emotion, number>;
  /** The category with the most matches, or null when the text has no emotion word. */
  dominant: Emotion | null;
  /** Emotion words found (after negation: "not happy" counts for none). */
  matches: number;
}

/**
 * Emotion categories of a text from a small lexicon of word stems; emoji are read as words
 * ("😡" → angry) and a word right after a negation ("not happy") is not counted.
 */
export function emotions(input: string): EmotionResult {
  const tokens = tokenise(emojiToWords(prepareText(input).text));
  const counts = Object.fromEntries(EMOTIONS.map((e) => [e, 0])) as Record<Emotion, number>;
  let matches = 0;
  tokens.forEach((t, i) => {
    const before = tokens.slice(Math.max(0, i - 3), i);
    if (before.some(isNegation)) return;
    for (const e of emotionsOfToken(t)) {
      counts[e]++;
      matches++;
    }
  });
  const scores = Object.fromEntries(EMOTIONS.map((e) => [e, matches ? counts[e] / matches : 0])) as Record<Emotion, number>;
  let dominant: Emotion | null = null;
  for (const e of EMOTIONS) if (counts[e] > 0 && (dominant === null || counts[e] > counts[dominant])) dominant = e;
  return { scores, dominant, matches };
}
