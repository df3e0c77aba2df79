import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stratifiedSplit, type ClassifierKind } from '../../models/classify/index.js';
import type { FairnessAudit } from '../../models/fairness/index.js';
import { readCsvTable } from '../../models/run/csv-table.js';
import { trainFromCsv, type ModelReport } from '../../models/run/train-csv.js';
import { chooseTarget, encodeTarget, type Table } from '../../models/tabular/index.js';
import type { BenchCase, BenchLine } from '../bench.js';
import { findPython, runPython } from '../python.js';

const TELCO = new URL('../../../../shared/data/telco-customer-churn/Telco-Customer-Churn.csv', import.meta.url).pathname;
const SEED = 42;
const SENSITIVE = ['gender', 'SeniorCitizen'];
/** Fits per model; the fastest is reported on both sides, as the machine is shared. */
const REPEATS = 3;

/**
 * Telco churn (7,043 customers) with Cairn's stratified 80/20 split (seed 42), written to two
 * CSVs so scikit-learn trains and tests on exactly the same rows: Cairn's logistic regression,
 * gradient-boosted trees and perceptron beside scikit-learn's LogisticRegression (one-hot +
 * StandardScaler, max_iter 1000) and HistGradientBoostingClassifier (defaults), ROC AUC on the
 * test rows and training seconds; with the fairness audit on gender and SeniorCitizen.
 * Both sides see the same columns (the sensitive ones included) and drop customerID.
 */
export const modelTelco: BenchCase = {
  name: 'model-telco',
  async *run(): AsyncIterable<BenchLine> {
    if (!existsSync(TELCO)) {
      process.stderr.write(`bench model-telco: skipped, ${TELCO} is missing\n`);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-telco-'));
    try {
      const table = await readCsvTable(TELCO);
      const target = chooseTarget('Churn', table.values[table.columns.indexOf('Churn')]!);
      const { y, rows } = encodeTarget(target, table.values[table.columns.indexOf('Churn')]!);
      const split = stratifiedSplit(y, 0.2, SEED);
      const trainFile = join(dir, 'train.csv');
      const testFile = join(dir, 'test.csv');
      writeCsv(trainFile, table, Array.from(split.train, (i) => rows[i]!));
      writeCsv(testFile, table, Array.from(split.test, (i) => rows[i]!));
      const peer = sklearnPeer(trainFile, testFile);
      for (const tune of [false, true]) {
        for (const kind of ['logistic', 'gbdt', 'mlp'] as const) {
          yield await cairnLine(kind, tune, trainFile, testFile, split.train.length, split.test.length, peer);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

interface PeerResult {
  version: string;
  logistic: { rocAuc: number; seconds: number; secondsDefaultThreads: number };
  hgb: { rocAuc: number; seconds: number; secondsDefaultThreads: number; iterations: number };
}

const COUNTERPART: Record<ClassifierKind, 'logistic' | 'hgb'> = { logistic: 'logistic', gbdt: 'hgb', mlp: 'hgb' };

async function cairnLine(kind: ClassifierKind, tune: boolean, trainFile: string, testFile: string, trainRows: number, testRows: number, peer: PeerResult | null): Promise<BenchLine> {
  let best: ModelReport | undefined;
  for (let i = 0; i < REPEATS; i++) {
    const { report } = await trainFromCsv({ csv: trainFile, testCsv: testFile, target: 'Churn', model: kind, tune, seed: SEED, sensitive: SENSITIVE, excludeSensitive: false });
    const m = report.models[0]!;
    if (!best || m.trainSeconds < best.trainSeconds) best = m;
  }
  const m = best!;
  const auc = +m.test.rocAuc.toFixed(4);
  const bestPeer = peer ? Math.max(peer.logistic.rocAuc, peer.hgb.rocAuc) : null;
  const peerSeconds = peer ? peer[COUNTERPART[kind]].seconds : null;
  const goalText = `ROC AUC ≥ the best of scikit-learn's, training time ≤ 3× scikit-learn's ${COUNTERPART[kind] === 'logistic' ? 'LogisticRegression' : 'HistGradientBoostingClassifier'}`;
  return {
    bench: 'model-telco',
    case: `Telco churn, stratified 80/20 split (seed ${SEED}; ${trainRows} train, ${testRows} test rows): Cairn ${kind} ${tune ? 'tuned (parameters chosen on a validation split of the training rows, then refitted)' : 'with its defaults'}, test ROC AUC`,
    value: auc,
    unit: 'ROC AUC',
    ...(peer ? { peer: { name: `scikit-learn ${peer.version}, best of LogisticRegression and HistGradientBoostingClassifier`, value: +bestPeer!.toFixed(4), unit: 'ROC AUC' } } : {}),
    goal: peer
      ? { text: goalText, met: auc >= +bestPeer!.toFixed(4) && m.trainSeconds <= 3 * peerSeconds! }
      : { text: `${goalText} (scikit-learn absent: apt-get install -y python3-sklearn python3-pandas)`, met: false },
    details: {
      trainSeconds: +m.trainSeconds.toFixed(3),
      prAuc: +m.test.prAuc.toFixed(4),
      logLoss: +m.test.logLoss.toFixed(4),
      brier: +m.test.brier.toFixed(4),
      accuracy: +m.test.accuracy.toFixed(4),
      topDecileLift: +m.test.topDecile.lift.toFixed(2),
      topDecileCapture: +m.test.topDecile.captureRate.toFixed(3),
      fit: { iterations: m.fit.iterations, stop: m.fit.stop },
      params: m.params,
      ...(m.tuning ? { tuning: m.tuning.candidates.map((c) => ({ params: c.params, validLogLoss: +c.validLogLoss.toFixed(4), validRocAuc: +c.validRocAuc.toFixed(4) })) } : {}),
      ...(peer
        ? {
            sklearn: {
              logistic: { rocAuc: +peer.logistic.rocAuc.toFixed(4), seconds: +peer.logistic.seconds.toFixed(3), secondsDefaultThreads: +peer.logistic.secondsDefaultThreads.toFixed(3) },
              hgb: { rocAuc: +peer.hgb.rocAuc.toFixed(4), seconds: +peer.hgb.seconds.toFixed(3), secondsDefaultThreads: +peer.hgb.secondsDefaultThreads.toFixed(3), iterations: peer.hgb.iterations },
            },
            timeRatio: +(m.trainSeconds / peerSeconds!).toFixed(2),
          }
        : { sklearn: 'absent' }),
      fairness: Object.fromEntries((m.fairness ?? []).map((a) => [a.attribute, compactAudit(a)])),
    },
  };
}

function compactAudit(a: FairnessAudit): Record<string, unknown> {
  const r = (x: number | null): number | null => (x === null ? null : +x.toFixed(3));
  return {
    selectionRate: Object.fromEntries(a.groups.map((g) => [g.group, r(g.selectionRate)])),
    truePositiveRate: Object.fromEntries(a.groups.map((g) => [g.group, r(g.truePositiveRate)])),
    demographicParityDifference: r(a.demographicParityDifference),
    equalOpportunityDifference: r(a.equalOpportunityDifference),
    disparateImpactRatio: r(a.disparateImpactRatio),
    failsFourFifths: a.failsFourFifths,
  };
}

function csvField(value: string | null): string {
  const s = value ?? '';
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function writeCsv(file: string, table: Table, rows: readonly number[]): void {
  const lines = [table.columns.map(csvField).join(',')];
  for (const r of rows) lines.push(table.values.map((col) => csvField(col[r] ?? null)).join(','));
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/**
 * scikit-learn on the same two files: the number columns are those where nine in ten non-blank
 * values parse (as Cairn decides), blanks are NaN (median-imputed for the logistic regression,
 * native for the trees), the rest one-hot. Each model is fitted once with OpenMP's default threads
 * and REPEATS times with one thread (as Cairn uses one); the fastest fit counts (on a loaded 2-core
 * machine OpenMP's spinning threads made HistGradientBoosting 8× slower than one thread).
 */
const SKLEARN = `
import json, sys, time
import pandas as pd
import sklearn
from threadpoolctl import threadpool_limits
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
train_file, test_file, target, positive, repeats = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[6])
drop = [c for c in sys.argv[5].split(',') if c]
train = pd.read_csv(train_file, dtype=str, keep_default_na=False)
test = pd.read_csv(test_file, dtype=str, keep_default_na=False)
y_train = (train[target].str.strip() == positive).astype(int).to_numpy()
y_test = (test[target].str.strip() == positive).astype(int).to_numpy()
features = [c for c in train.columns if c != target and c not in drop]
numeric, categorical = [], []
for c in features:
    values = train[c].str.strip()
    present = values != ''
    parsed = pd.to_numeric(values[present], errors='coerce')
    (numeric if parsed.notna().sum() >= 0.9 * present.sum() else categorical).append(c)
def frame(df):
    out = df[features].copy()
    for c in numeric:
        out[c] = pd.to_numeric(out[c].str.strip(), errors='coerce')
    return out
X_train, X_test = frame(train), frame(test)
def onehot():
    return OneHotEncoder(handle_unknown='ignore', sparse_output=False)
def make(name):
    if name == 'logistic':
        return Pipeline([
            ('prep', ColumnTransformer([('num', Pipeline([('impute', SimpleImputer(strategy='median')), ('scale', StandardScaler())]), numeric), ('cat', onehot(), categorical)])),
            ('model', LogisticRegression(max_iter=1000)),
        ])
    return Pipeline([
        ('prep', ColumnTransformer([('num', 'passthrough', numeric), ('cat', onehot(), categorical)])),
        ('model', HistGradientBoostingClassifier(random_state=42)),
    ])
def fit(name):
    model = make(name)
    t = time.perf_counter()
    model.fit(X_train, y_train)
    return model, time.perf_counter() - t
result = {'version': sklearn.__version__}
for name in ['logistic', 'hgb']:
    default = fit(name)[1]
    with threadpool_limits(1):
        runs = [fit(name) for _ in range(repeats)]
    model = runs[0][0]
    one = min(s for _, s in runs)
    prob = model.predict_proba(X_test)[:, 1]
    result[name] = {'rocAuc': float(roc_auc_score(y_test, prob)), 'seconds': min(default, one), 'secondsDefaultThreads': default}
    if name == 'hgb':
        result[name]['iterations'] = int(model.named_steps['model'].n_iter_)
print(json.dumps(result))
`;

function sklearnPeer(trainFile: string, testFile: string): PeerResult | null {
  const python = findPython(['sklearn', 'pandas', 'threadpoolctl']);
  if (!python) {
    process.stderr.write('bench model-telco: scikit-learn (with pandas) is absent: apt-get install -y python3-sklearn python3-pandas\n');
    return null;
  }
  return runPython<PeerResult>(python, SKLEARN, [trainFile, testFile, 'Churn', 'Yes', 'customerID', String(REPEATS)]);
}
