import { z } from 'zod';
import { sentimentOfClass } from './classes.js';
import { labelOfScore } from './label.js';
import { detectLanguage } from './language.js';
import { MAX_TEXT_CHARS, prepareText } from './normalise.js';
import type { Sentiment } from './sentiment.js';
import { fitSparseLogistic, sparseMargins } from './sparse-logistic.js';
import { DEFAULT_TFIDF, fitTfidf, transformTfidf, type TfidfModel, type TfidfOptions } from './tfidf.js';

/** Options of trainSentimentModel. */
export interface TrainOptions {
  tfidf?: Partial<TfidfOptions>;
  /** Inverse regularisation strength of the logistic regression (default 10). */
  c?: number;
}

/** A trained text classifier: TF-IDF features and one logistic regression per class (one for two classes). */
export interface SentimentModel {
  kind: 'cairn-text-sentiment';
  version: 1;
  /** Class names, sorted; with two classes the one logistic regression scores classes[1]. */
  classes: string[];
  tfidf: TfidfModel;
  /** Weights per logistic regression (plain arrays so JSON carries them). */
  weights: number[][];
  biases: number[];
  c: number;
  trainedOn: number;
}

/** Class probabilities of texts, one row per text and one column per class. */
export function classProbabilities(model: SentimentModel, texts: readonly string[]): Float64Array[] {
  const x = transformTfidf(model.tfidf, texts);
  const margins = model.weights.map((w, k) => sparseMargins({ weights: Float64Array.from(w), bias: model.biases[k]! }, x));
  return texts.map((_, r) => {
    if (model.classes.length === 2) {
      const p = 1 / (1 + Math.exp(-margins[0]![r]!));
      return Float64Array.of(1 - p, p);
    }
    // One-vs-rest probabilities normalised to sum to one, as scikit-learn's ovr.
    const ps = Float64Array.from(margins, (m) => 1 / (1 + Math.exp(-m[r]!)));
    const sum = ps.reduce((s, v) => s + v, 0) || 1;
    return ps.map((v) => v / sum);
  });
}

/**
 * Trains TF-IDF (word 1–2 and char 2–5 grams by default) + L2 logistic regression on labelled
 * texts. Labels are any class names; two classes give one model, more give one-vs-rest.
 *
 * @throws RangeError when texts and labels differ in length or there are fewer than two classes.
 */
export function trainSentimentModel(texts: readonly string[], labels: readonly string[], options: TrainOptions = {}): SentimentModel {
  if (texts.length !== labels.length) throw new RangeError(`${texts.length} texts but ${labels.length} labels`);
  const classes = [...new Set(labels)].sort();
  if (classes.length < 2) throw new RangeError(`training needs at least two classes, found ${classes.length === 0 ? 'none' : `only '${classes[0]!}'`}`);
  const c = options.c ?? 10;
  const tfidf = fitTfidf(texts, { ...DEFAULT_TFIDF, ...options.tfidf });
  const x = transformTfidf(tfidf, texts);
  const targets = classes.length === 2 ? [classes[1]!] : classes;
  const fits = targets.map((cls) => fitSparseLogistic(x, Uint8Array.from(labels, (l) => (l === cls ? 1 : 0)), { c }));
  return { kind: 'cairn-text-sentiment', version: 1, classes, tfidf, weights: fits.map((f) => Array.from(f.weights)), biases: fits.map((f) => f.bias), c, trainedOn: texts.length };
}

/** The class with the highest probability for each text. */
export function predictClasses(model: SentimentModel, texts: readonly string[]): string[] {
  return classProbabilities(model, texts).map((p) => {
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    return model.classes[best]!;
  });
}

/** Score in [−1, 1]: p(positive) − p(negative) when the classes say which is which (2p − 1 for two), else null. */
function scoreOf(model: SentimentModel, p: Float64Array): number | null {
  const pos = model.classes.findIndex((c) => sentimentOfClass(c) === 'positive');
  const neg = model.classes.findIndex((c) => sentimentOfClass(c) === 'negative');
  if (pos < 0 || neg < 0) return null;
  return p[pos]! - p[neg]!;
}

/** A trained model's sentiment of one text, with the predicted class; empty text gives 'no text'. */
export function trainedSentiment(model: SentimentModel, input: string): Sentiment & { className: string | null; probability: number | null } {
  const { text, truncated } = prepareText(input, MAX_TEXT_CHARS);
  if (!text) return { model: 'trained', score: null, label: null, notScored: 'no text', message: 'no text', language: 'und', truncated, className: null, probability: null };
  const p = classProbabilities(model, [text])[0]!;
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
  const className = model.classes[best]!;
  const score = scoreOf(model, p);
  const label = sentimentOfClass(className) ?? (score === null ? null : labelOfScore(score));
  return { model: 'trained', score, label, language: detectLanguage(text).language, truncated, className, probability: p[best]! };
}

const MODEL_SCHEMA = z.object({
  kind: z.literal('cairn-text-sentiment'),
  version: z.literal(1),
  classes: z.array(z.string()).min(2),
  tfidf: z.object({
    options: z.object({
      wordNgrams: z.tuple([z.number().int().min(1), z.number().int().min(1)]).nullable(),
      charNgrams: z.tuple([z.number().int().min(1), z.number().int().min(1)]).nullable(),
      minDf: z.number().int().min(1),
      sublinearTf: z.boolean(),
      negation: z.boolean(),
    }),
    blocks: z.array(z.object({ kind: z.enum(['word', 'char']), terms: z.array(z.string()), idf: z.array(z.number()) })),
  }),
  weights: z.array(z.array(z.number())),
  biases: z.array(z.number()),
  c: z.number().positive(),
  trainedOn: z.number().int(),
});

/** Checks a model read from JSON; throws an Error naming the first problem. */
export function parseSentimentModel(json: unknown): SentimentModel {
  const parsed = MODEL_SCHEMA.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`not a cairn text model: ${issue.path.join('.') || 'document'}: ${issue.message}`);
  }
  return parsed.data as SentimentModel;
}
