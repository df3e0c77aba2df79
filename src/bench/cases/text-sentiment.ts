import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateSentiment, parseLabelled, stratifiedFolds } from '../../text/index.js';
import type { BenchCase, BenchLine } from '../bench.js';
import { findPython, runPython } from '../python.js';

const DIR = new URL('../../../../shared/data/sentiment-labelled-sentences/', import.meta.url).pathname;
const SOURCES = { amazon: 'amazon_cells_labelled.txt', yelp: 'yelp_labelled.txt', imdb: 'imdb_labelled.txt' } as const;
const FOLDS = 10;
const SEED = 42;
/** Cairn's default regularisation (trainSentimentModel's c). */
const CAIRN_C = 10;

interface PeerResult {
  version: string;
  accuracy: number;
  macroF1: number;
  seconds: number;
}

/** scikit-learn's TF-IDF (word 1–2 + char_wb 2–5, sublinear tf) + LogisticRegression(C) on Cairn's folds. */
const PEER = `
import json, sys, time
import numpy as np
import sklearn
from sklearn.pipeline import make_pipeline, make_union
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
d = json.load(open(sys.argv[1]))
texts = np.array(d['texts'], dtype=object); labels = np.array(d['labels']); folds = np.array(d['folds'])
pred = np.empty(len(labels), dtype=object)
t0 = time.perf_counter()
for f in sorted(set(folds.tolist())):
    tr, te = folds != f, folds == f
    model = make_pipeline(make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                                     TfidfVectorizer(analyzer='char_wb', ngram_range=(2, 5), sublinear_tf=True)),
                          LogisticRegression(C=float(sys.argv[2]), max_iter=1000))
    model.fit(texts[tr], labels[tr])
    pred[te] = model.predict(texts[te])
seconds = time.perf_counter() - t0
print(json.dumps({'version': sklearn.__version__, 'accuracy': accuracy_score(labels, pred.astype(str)),
                  'macroF1': f1_score(labels, pred.astype(str), average='macro'), 'seconds': seconds}))
`;

/**
 * Sentiment on the UCI sentiment-labelled sentences (Amazon, Yelp, IMDb; 1,000 each): the lexicon
 * model's accuracy and macro-F1, and the trained model's by stratified 10-fold cross-validation
 * beside scikit-learn's TF-IDF + LogisticRegression on the same folds; texts per second.
 */
export const textSentiment: BenchCase = {
  name: 'text-sentiment',
  async *run(): AsyncIterable<BenchLine> {
    const python = findPython(['sklearn', 'numpy']);
    if (!python) process.stderr.write('bench text-sentiment: scikit-learn not found, the peer is absent (apt-get install -y python3-sklearn)\n');
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-text-'));
    try {
      for (const [source, file] of Object.entries(SOURCES)) {
        const path = join(DIR, file);
        if (!existsSync(path)) {
          process.stderr.write(`bench text-sentiment: ${source} skipped, ${path} is missing\n`);
          continue;
        }
        const { texts, labels } = parseLabelled(readFileSync(path, 'utf8'));
        const folds = stratifiedFolds(labels, FOLDS, SEED);
        const start = performance.now();
        const e = evaluateSentiment(texts, labels, { assignment: folds, folds: FOLDS });
        const seconds = (performance.now() - start) / 1000;
        let peer: PeerResult | null = null;
        let peerSameC: PeerResult | null = null;
        if (python) {
          const foldFile = join(dir, `${source}.json`);
          writeFileSync(foldFile, JSON.stringify({ texts, labels, folds: Array.from(folds) }));
          // The peer is scikit-learn's default (C = 1); Cairn's default is C = 10, so the
          // peer with C = 10 is reported too, to show what is the regularisation and what the rest.
          peer = runPython<PeerResult>(python, PEER, [foldFile, '1']);
          peerSameC = runPython<PeerResult>(python, PEER, [foldFile, String(CAIRN_C)]);
        }
        yield {
          bench: 'text-sentiment',
          case: `${source}-trained-cv${FOLDS}`,
          value: e.trained.accuracy,
          unit: 'accuracy',
          ...(peer ? { peer: { name: `scikit-learn ${peer.version} TF-IDF word 1–2 + char_wb 2–5 + LogisticRegression (C=1, default), same folds`, value: peer.accuracy, unit: 'accuracy' } } : {}),
          goal: { text: 'trained model accuracy and macro-F1 at or above scikit-learn (defaults) on the same folds', met: peer ? e.trained.accuracy >= peer.accuracy && e.trained.macroF1 >= peer.macroF1 : false },
          details: {
            texts: e.texts,
            trained: { accuracy: e.trained.accuracy, macroF1: e.trained.macroF1, trainSeconds: e.trained.trainSeconds, predictTextsPerSecond: Math.round(e.trained.textsPerSecond) },
            peer: peer ? { accuracy: peer.accuracy, macroF1: peer.macroF1, seconds: peer.seconds } : null,
            peerSameC: peerSameC ? { c: CAIRN_C, accuracy: peerSameC.accuracy, macroF1: peerSameC.macroF1, seconds: peerSameC.seconds } : null,
            lexicon: { accuracy: e.lexicon.accuracy, macroF1: e.lexicon.macroF1, neutralShare: e.lexicon.neutralShare, notScored: e.lexicon.notScored, textsPerSecond: Math.round(e.lexicon.textsPerSecond) },
            cairnSeconds: seconds,
          },
        };
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
