import { describe, expect, it } from 'vitest';
import { evaluateSentiment, scorePredictions, stratifiedFolds } from './evaluate.js';
import { fitSparseLogistic } from './sparse-logistic.js';
import { fitTfidf, transformTfidf } from './tfidf.js';
import { parseSentimentModel, predictClasses, trainSentimentModel, trainedSentiment } from './trained.js';

const GOOD = ['great phone, love it', 'excellent value and works great', 'love the sound, very good', 'good battery, happy with it', 'works perfectly, great buy', 'very happy, excellent quality'];
const BAD = ['terrible phone, broke in a day', 'awful sound and bad battery', 'waste of money, do not buy', 'poor quality, very disappointed', 'stopped working, terrible', 'bad product, awful support'];
const TEXTS = [...GOOD, ...BAD];
const LABELS = [...GOOD.map(() => '1'), ...BAD.map(() => '0')];

describe('tfidf', () => {
  it('matches scikit-learn on a small corpus: smooth idf, sublinear tf, l2 rows per block', () => {
    const model = fitTfidf(['a good day', 'a bad day'], { wordNgrams: [1, 1], charNgrams: null, minDf: 1, sublinearTf: true, negation: false });
    expect(model.blocks[0]!.terms).toEqual(['a', 'bad', 'day', 'good']);
    // idf of a term in one of two texts: ln(3/2) + 1; in both: 1.
    expect(model.blocks[0]!.idf[1]).toBeCloseTo(Math.log(1.5) + 1, 12);
    expect(model.blocks[0]!.idf[0]).toBe(1);
    const x = transformTfidf(model, ['good good day']);
    const norm = Math.hypot(...x.values);
    expect(norm).toBeCloseTo(1, 12);
    // good: (1 + ln 2)·idf, day: 1·1, before normalising.
    const good = (1 + Math.log(2)) * (Math.log(1.5) + 1);
    expect(x.values[1]! / x.values[0]!).toBeCloseTo(good, 10);
  });

  it('adds NOT_ features for negated words beside the plain ones', () => {
    const model = fitTfidf(['not good at all. fine'], { wordNgrams: [1, 1], charNgrams: null, minDf: 1, sublinearTf: true, negation: true });
    expect(model.blocks[0]!.terms).toEqual(['NOT_all', 'NOT_at', 'NOT_good', 'all', 'at', 'fine', 'good', 'not']);
  });

  it('makes char_wb n-grams as scikit-learn (a short word once)', () => {
    const model = fitTfidf(['ab'], { wordNgrams: null, charNgrams: [2, 5], minDf: 1, sublinearTf: false, negation: false });
    expect(model.blocks[0]!.terms.sort()).toEqual([' a', ' ab', ' ab ', 'ab', 'ab ', 'b '].sort());
  });
});

describe('sparse logistic regression', () => {
  it('separates two classes and converges', () => {
    const x = { rows: 4, cols: 2, indptr: Int32Array.of(0, 1, 2, 3, 4), indices: Int32Array.of(0, 0, 1, 1), values: Float64Array.of(1, 1, 1, 1) };
    const fit = fitSparseLogistic(x, Uint8Array.of(1, 1, 0, 0), { c: 1 });
    expect(fit.converged).toBe(true);
    expect(fit.weights[0]!).toBeGreaterThan(fit.weights[1]!);
  });
});

describe('trained sentiment model', () => {
  const model = trainSentimentModel(TEXTS, LABELS);

  it('scores in [−1, 1] with a label, and survives JSON', () => {
    const again = parseSentimentModel(JSON.parse(JSON.stringify(model)));
    const good = trainedSentiment(again, 'great quality, love it');
    const bad = trainedSentiment(again, 'terrible, awful battery');
    expect(good.label).toBe('positive');
    expect(bad.label).toBe('negative');
    expect(good.score!).toBeGreaterThan(0);
    expect(good.score!).toBeLessThanOrEqual(1);
    expect(bad.score!).toBeGreaterThanOrEqual(-1);
    expect(trainedSentiment(again, '').notScored).toBe('no text');
    expect(trainedSentiment(again, 'great '.repeat(100_000)).truncated).toBe(true);
  });

  it('handles three classes one-vs-rest', () => {
    const m = trainSentimentModel([...TEXTS, 'it is a phone', 'a phone with a battery', 'the box it came in'], [...LABELS.map((l) => (l === '1' ? 'positive' : 'negative')), 'neutral', 'neutral', 'neutral']);
    expect(m.weights).toHaveLength(3);
    expect(predictClasses(m, ['love it, great'])).toEqual(['positive']);
  });

  it('refuses one class and rejects a broken model file', () => {
    expect(() => trainSentimentModel(['a', 'b'], ['1', '1'])).toThrow(/two classes/);
    expect(() => parseSentimentModel({ kind: 'cairn-text-sentiment', version: 1 })).toThrow(/not a cairn text model/);
  });
});

describe('evaluation', () => {
  it('scores accuracy and macro-F1', () => {
    expect(scorePredictions(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b'])).toEqual({ accuracy: 0.75, macroF1: (2 / 3 + 0.8) / 2 });
  });

  it('deals stratified folds', () => {
    const folds = stratifiedFolds(LABELS, 3);
    for (let f = 0; f < 3; f++) expect(LABELS.filter((l, i) => folds[i] === f && l === '1')).toHaveLength(2);
  });

  it('cross-validates both models', () => {
    const e = evaluateSentiment(TEXTS, LABELS, { folds: 3 });
    expect(e.trained.perFold).toHaveLength(3);
    expect(e.lexicon.accuracy).toBeGreaterThan(0.7);
    expect(e.trained.accuracy).toBeGreaterThan(0.5);
  });
});
