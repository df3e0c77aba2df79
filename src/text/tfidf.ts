import { prepareText } from './normalise.js';
import type { Csr } from './sparse.js';
import { tokenise } from './tokenise.js';

/** What the TF-IDF features are made of; the defaults are those of the scikit-learn peer. */
export interface TfidfOptions {
  /** Word n-gram sizes [min, max] (default [1, 2]); null for no word features. */
  wordNgrams: [number, number] | null;
  /** Character n-gram sizes inside word boundaries, as scikit-learn's char_wb (default [2, 5]); null for none. */
  charNgrams: [number, number] | null;
  /** Terms in fewer training texts than this are dropped (default 1). */
  minDf: number;
  /** 1 + ln(tf) in place of tf (default true). */
  sublinearTf: boolean;
  /**
   * Add a NOT_word feature for each word in a negation's scope, beside the plain n-grams (default
   * false). 10-fold CV accuracy on amazon/yelp/imdb: 0.850/0.858/0.813 with it, 0.847/0.853/0.816 without.
   */
  negation: boolean;
}

export const DEFAULT_TFIDF: Readonly<TfidfOptions> = Object.freeze<TfidfOptions>({ wordNgrams: [1, 2], charNgrams: [2, 5], minDf: 1, sublinearTf: true, negation: false });

/** One block of features (words or characters): its terms in column order and their idf. */
export interface TfidfBlock {
  kind: 'word' | 'char';
  terms: string[];
  idf: number[];
}

/** A fitted vectoriser; plain arrays, so it serialises to JSON as it is. */
export interface TfidfModel {
  options: TfidfOptions;
  blocks: TfidfBlock[];
}

function wordGrams(tokens: readonly string[], [lo, hi]: [number, number], out: string[]): void {
  for (let n = lo; n <= hi; n++) {
    for (let i = 0; i + n <= tokens.length; i++) out.push(n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(' '));
  }
}

/** scikit-learn's char_wb analyser: n-grams of each space-padded word; a short word counts once. */
function charGrams(text: string, [lo, hi]: [number, number], out: string[]): void {
  for (const word of text.split(' ')) {
    if (!word) continue;
    const w = Array.from(` ${word} `);
    for (let n = lo; n <= hi; n++) {
      let offset = 0;
      out.push(w.slice(offset, offset + n).join(''));
      while (offset + n < w.length) {
        offset++;
        out.push(w.slice(offset, offset + n).join(''));
      }
      if (offset === 0) break;
    }
  }
}

/** The terms of one text for each block, in block order. */
function analyse(input: string, options: TfidfOptions): string[][] {
  const lower = prepareText(input).text.toLowerCase();
  const blocks: string[][] = [];
  if (options.wordNgrams) {
    const terms: string[] = [];
    wordGrams(tokenise(lower), options.wordNgrams, terms);
    // Negated words are extra features beside the plain n-grams (replacing them loses the
    // plain word's evidence: on IMDb sentences that cost 0.7 points of accuracy).
    if (options.negation) for (const t of tokenise(lower, { negation: true })) if (t.startsWith('NOT_')) terms.push(t);
    blocks.push(terms);
  }
  if (options.charNgrams) {
    const terms: string[] = [];
    charGrams(lower, options.charNgrams, terms);
    blocks.push(terms);
  }
  return blocks;
}

function kinds(options: TfidfOptions): ('word' | 'char')[] {
  return [...(options.wordNgrams ? ['word' as const] : []), ...(options.charNgrams ? ['char' as const] : [])];
}

/**
 * Learns the vocabulary and idf of each block from training texts, as scikit-learn's
 * TfidfVectorizer (smooth idf = ln((1 + n) / (1 + df)) + 1).
 */
export function fitTfidf(texts: readonly string[], options: TfidfOptions = DEFAULT_TFIDF): TfidfModel {
  const analysed = texts.map((t) => analyse(t, options));
  const n = texts.length;
  const blocks = kinds(options).map((kind, b) => {
    const df = new Map<string, number>();
    for (const doc of analysed) for (const term of new Set(doc[b])) df.set(term, (df.get(term) ?? 0) + 1);
    const terms = [...df.keys()].filter((t) => df.get(t)! >= options.minDf).sort();
    const idf = terms.map((t) => Math.log((1 + n) / (1 + df.get(t)!)) + 1);
    return { kind, terms, idf };
  });
  return { options, blocks };
}

/**
 * TF-IDF rows of texts: per block, (sublinear) term counts times idf, l2-normalised, the blocks
 * side by side (so a row's norm is √blocks, as scikit-learn's FeatureUnion of two vectorisers).
 */
export function transformTfidf(model: TfidfModel, texts: readonly string[]): Csr {
  const lookups = model.blocks.map((b) => new Map(b.terms.map((t, i) => [t, i])));
  const offsets: number[] = [];
  let cols = 0;
  for (const b of model.blocks) {
    offsets.push(cols);
    cols += b.terms.length;
  }
  const indptr = new Int32Array(texts.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  texts.forEach((text, r) => {
    analyse(text, model.options).forEach((terms, b) => {
      const counts = new Map<number, number>();
      const lookup = lookups[b]!;
      for (const t of terms) {
        const j = lookup.get(t);
        if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
      }
      const js = [...counts.keys()].sort((a, c) => a - c);
      const idf = model.blocks[b]!.idf;
      const weights = js.map((j) => {
        const tf = counts.get(j)!;
        return (model.options.sublinearTf ? 1 + Math.log(tf) : tf) * idf[j]!;
      });
      const norm = Math.sqrt(weights.reduce((s, v) => s + v * v, 0)) || 1;
      js.forEach((j, k) => {
        indices.push(offsets[b]! + j);
        values.push(weights[k]! / norm);
      });
    });
    indptr[r + 1] = indices.length;
  });
  return { rows: texts.length, cols, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}
