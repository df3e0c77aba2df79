import { createHash } from 'node:crypto';
import type { Store } from '../store/index.js';
import { emotions, type Emotion } from './emotion.js';
import { lexiconSentiment } from './lexicon.js';
import type { Sentiment } from './sentiment.js';
import { trainedSentiment, type SentimentModel } from './trained.js';

/** Options of scoreStoreTexts. */
export interface ScoreTextsOptions {
  /** A trained model to use in place of the lexicon (VADER). */
  model?: SentimentModel;
  /** Write the per-customer predictions (default true). */
  write?: boolean;
}

/** One customer's sentiment over their texts, as written to `predictions.values`. */
export interface CustomerSentiment {
  customerId: string;
  texts: number;
  scored: number;
  notScored: number;
  mean: number;
  positive: number;
  neutral: number;
  negative: number;
  /** Score of the latest scored text (by ts). */
  latest: number;
  latestTs: string | null;
  /** The most frequent dominant emotion of the customer's texts, or null. */
  emotion: Emotion | null;
}

export interface ScoreTextsResult {
  model: string;
  version: string;
  texts: number;
  scored: number;
  notScored: number;
  truncated: number;
  customers: number;
  written: number;
}

interface TextRow {
  customer_id: string;
  ts: string | null;
  body: string;
  [key: string]: unknown;
}

/** The version of the lexicon or of a trained model (a hash of its weights). */
function versionOf(model: SentimentModel | undefined): string {
  if (!model) return 'lexicon-vader@1';
  return `trained@${createHash('sha256').update(JSON.stringify(model.weights)).digest('hex').slice(0, 12)}`;
}

/**
 * Scores every text of a known customer in the store (reviews, tickets, posts) with the lexicon
 * model or a trained one, and writes one `predictions` row per customer (model 'sentiment'):
 * score = mean sentiment of their texts in [−1, 1], values = counts per label, the latest score
 * and the most frequent emotion. Texts that cannot be scored (no text, another language) are
 * counted, not dropped silently.
 */
export async function scoreStoreTexts(store: Store, options: ScoreTextsOptions = {}): Promise<ScoreTextsResult> {
  const rows = await store.query<TextRow>(
    `SELECT customer_id, CAST(ts AS VARCHAR) AS ts, body FROM texts WHERE customer_id IS NOT NULL ORDER BY customer_id, ts NULLS FIRST, text_id`,
  );
  const version = versionOf(options.model);
  const byCustomer = new Map<string, CustomerSentiment & { emotionCounts: Map<Emotion, number> }>();
  let scored = 0;
  let truncated = 0;
  for (const row of rows) {
    const s: Sentiment = options.model ? trainedSentiment(options.model, row.body) : lexiconSentiment(row.body);
    const c = byCustomer.get(row.customer_id) ?? { customerId: row.customer_id, texts: 0, scored: 0, notScored: 0, mean: 0, positive: 0, neutral: 0, negative: 0, latest: 0, latestTs: null, emotion: null, emotionCounts: new Map<Emotion, number>() };
    byCustomer.set(row.customer_id, c);
    c.texts++;
    if (s.truncated) truncated++;
    if (s.score === null || s.label === null) {
      c.notScored++;
      continue;
    }
    scored++;
    c.scored++;
    c.mean += s.score;
    c[s.label]++;
    // Rows come in time order per customer, so the last scored one is the latest.
    c.latest = s.score;
    c.latestTs = row.ts;
    const dominant = emotions(row.body).dominant;
    if (dominant) c.emotionCounts.set(dominant, (c.emotionCounts.get(dominant) ?? 0) + 1);
  }
  const customers = [...byCustomer.values()].filter((c) => c.scored > 0).map(({ emotionCounts, ...c }) => {
    let emotion: Emotion | null = null;
    for (const [e, n] of emotionCounts) if (emotion === null || n > emotionCounts.get(emotion)!) emotion = e;
    return { ...c, mean: c.mean / c.scored, emotion };
  });
  let written = 0;
  if (options.write ?? true) written = await writeSentiment(store, version, options.model ? 'tfidf-logistic' : 'vader', customers);
  return { model: 'sentiment', version, texts: rows.length, scored, notScored: rows.length - scored, truncated, customers: customers.length, written };
}

async function writeSentiment(store: Store, version: string, kind: string, customers: readonly CustomerSentiment[]): Promise<number> {
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  await store.transaction(async () => {
    await store.execute(`DELETE FROM predictions WHERE model = 'sentiment' AND version = ?`, [version]);
    await store.appendRows(
      'predictions',
      ['customer_id', 'model', 'version', 'score', 'values', 'computed_at'],
      customers.map(({ customerId, ...rest }) => [customerId, 'sentiment', version, round(rest.mean), JSON.stringify({ ...rest, kind }, (_k, x: unknown) => (typeof x === 'number' ? round(x) : x)), now]),
    );
  });
  return customers.length;
}
