import { labelOfScore, type SentimentLabel } from './label.js';
import { lexiconSentiment } from './lexicon.js';
import { prepareText } from './normalise.js';
import { tokenise } from './tokenise.js';

/** The aspects of a shop's reviews and tickets. */
export const ASPECTS = ['quality', 'price', 'delivery', 'service', 'website'] as const;
export type Aspect = (typeof ASPECTS)[number];

// Word stems matched at the start of a token; chosen for product reviews and support tickets.
const KEYWORDS: Record<Aspect, string[]> = {
  quality: ['quality', 'broke', 'broken', 'defect', 'durab', 'sturdy', 'flims', 'material', 'build', 'faulty', 'works', 'worked', 'stopped', 'lasted', 'lasts', 'cheaply', 'well-made', 'craftsmanship'],
  price: ['price', 'pric', 'cost', 'expensive', 'cheap', 'value', 'money', 'worth', 'overpriced', 'afford', 'bargain', 'deal', 'discount', 'refund'],
  delivery: ['deliver', 'shipping', 'shipped', 'ship', 'arriv', 'package', 'packag', 'courier', 'dispatch', 'tracking', 'parcel', 'late', 'delay'],
  service: ['service', 'support', 'staff', 'helpful', 'rude', 'friendly', 'waiter', 'waitress', 'server', 'employee', 'manager', 'agent', 'representative', 'replied', 'response', 'answer'],
  website: ['website', 'site', 'app', 'checkout', 'online', 'page', 'login', 'log-in', 'password', 'account', 'cart', 'browser', 'search'],
};

const EXACT = new Set(['app', 'site', 'page', 'cart', 'ship', 'deal', 'late', 'cost', 'build', 'works', 'search', 'server', 'answer']);

function aspectsOfToken(token: string): Aspect[] {
  return ASPECTS.filter((a) => KEYWORDS[a].some((k) => (EXACT.has(k) ? token === k || token === `${k}s` : token.startsWith(k))));
}

/** The sentiment of one aspect over the sentences that mention it. */
export interface AspectSentiment {
  aspect: Aspect;
  /** Clauses that mention the aspect. */
  mentions: number;
  /** Mean VADER compound of those sentences, in [−1, 1]. */
  score: number;
  label: SentimentLabel;
}

/** Clauses of a prepared text: split after . ! ? ; and line breaks, and before "but" (each side of a "but" usually judges a different thing). */
export function sentences(text: string): string[] {
  return text.split(/(?<=[.!?;])\s+|\n+|,?\s+(?=but\s)/i).map((s) => s.trim()).filter(Boolean);
}

/**
 * Aspects a text talks about (by keyword), each with the lexicon sentiment of the sentences that
 * mention it: "Fast delivery but the strap broke." → delivery positive, quality negative.
 * Only aspects that are mentioned are returned; non-English sentences are left out.
 */
export function aspectSentiments(input: string): AspectSentiment[] {
  const sums = new Map<Aspect, { n: number; total: number }>();
  for (const sentence of sentences(prepareText(input).text)) {
    const found = new Set(tokenise(sentence).flatMap(aspectsOfToken));
    if (!found.size) continue;
    const s = lexiconSentiment(sentence);
    if (s.score === null) continue;
    for (const a of found) {
      const acc = sums.get(a) ?? { n: 0, total: 0 };
      acc.n++;
      acc.total += s.score;
      sums.set(a, acc);
    }
  }
  return ASPECTS.filter((a) => sums.has(a)).map((a) => {
    const { n, total } = sums.get(a)!;
    return { aspect: a, mentions: n, score: total / n, label: labelOfScore(total / n) };
  });
}
