/** The three sentiment labels. */
export type SentimentLabel = 'negative' | 'neutral' | 'positive';

/** VADER's convention: negative below −0.05, positive above 0.05, neutral between. */
export function labelOfScore(score: number): SentimentLabel {
  if (score >= 0.05) return 'positive';
  if (score <= -0.05) return 'negative';
  return 'neutral';
}
