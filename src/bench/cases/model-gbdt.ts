import { execFile } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { rocAuc } from '../../models/classify/metrics.js';
import { fitGbdt, gbdtMargins } from '../../models/gbdt/index.js';
import { gaussian, mulberry32 } from '../../models/prng.js';
import type { BenchCase, BenchLine } from '../bench.js';
import { findPython, runPython } from '../python.js';

const run = promisify(execFile);
const SELF = fileURLToPath(import.meta.url);
const COLS = 30;
const TEST_ROWS = 200_000;
/**
 * scikit-learn's OpenMP threads: 1 by default, the one core Cairn's fit uses. On a shared machine
 * its spinning threads slow it down badly (100k rows here at load 5: 122 s on two threads, 3.8 s
 * on one); 0 = its default (all cores).
 */
const SKLEARN_THREADS = Number(process.env['CAIRN_BENCH_SKLEARN_THREADS'] ?? 1);

/**
 * Gradient-boosted trees on generated churn-like data (30 features: skewed amounts, counts, flags,
 * a categorical code, interactions, a feature whose missingness is predictive, 20 weak or noise
 * columns, 5% of all values missing): training time, CPU and peak memory (the fit runs in a
 * child process of its own) and AUC on 200k test rows, next to scikit-learn's
 * HistGradientBoostingClassifier with its defaults on the same binary files in the same run.
 * Both use early stopping on 10% of the training rows ('auto'). Sizes: 100k and 1M training rows
 * (CAIRN_BENCH_BIG=0: 100k only; CAIRN_BENCH_GBDT_ROWS=N,M to choose); scikit-learn on one thread
 * unless CAIRN_BENCH_SKLEARN_THREADS says otherwise.
 */
export const modelGbdt: BenchCase = {
  name: 'model-gbdt',
  async *run(): AsyncIterable<BenchLine> {
    const sizes = (process.env['CAIRN_BENCH_GBDT_ROWS'] ?? (process.env['CAIRN_BENCH_BIG'] === '0' ? '100000' : '100000,1000000')).split(',').map(Number);
    const python = findPython(['sklearn', 'numpy']);
    if (!python) process.stderr.write('model-gbdt: scikit-learn absent (apt-get install -y python3-sklearn)\n');
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-gbdt-'));
    try {
      writeData(dir, 'test', TEST_ROWS, 2);
      for (const rows of sizes) {
        writeData(dir, 'train', rows, 1);
        const loadBefore = loadavg()[0] ?? 0;
        const cairn = await fitInChild(dir, rows);
        const peer = python ? runPython<PeerResult>(python, SKLEARN, [dir, String(rows), String(TEST_ROWS), String(COLS), String(SKLEARN_THREADS)]) : null;
        const big = rows >= 1_000_000;
        const aucOk = peer ? cairn.auc >= peer.auc - 0.002 : false;
        const timeOk = big ? cairn.seconds <= 60 : peer ? cairn.seconds <= 3 * peer.seconds : false;
        const goalText = `${big ? 'training ≤ 60 s' : 'training ≤ 3× scikit-learn'} and test AUC ≥ scikit-learn's − 0.002${peer ? '' : ' (scikit-learn absent: apt-get install -y python3-sklearn)'}`;
        yield {
          bench: 'model-gbdt',
          case: `${rows / 1000}k × ${COLS} features, 5% missing: training time`,
          value: round(cairn.seconds, 2),
          unit: 's',
          ...(peer ? { peer: { name: `scikit-learn ${peer.version} HistGradientBoostingClassifier (defaults, ${peer.threads} thread${peer.threads === 1 ? '' : 's'})`, value: round(peer.seconds, 2), unit: 's' } } : {}),
          goal: { text: goalText, met: timeOk && aucOk },
          details: {
            cpuSeconds: round(cairn.cpuSeconds, 2),
            maxRssMB: cairn.maxRssMB,
            dataMB: Math.round((rows * COLS * 8) / 1e6),
            testAuc: round(cairn.auc, 4),
            iterations: cairn.iterations,
            stop: cairn.stop,
            validLoss: round(cairn.validLoss, 5),
            predictSeconds: round(cairn.predictSeconds, 2),
            ...(peer
              ? { sklearnCpuSeconds: round(peer.cpuSeconds, 2), sklearnMaxRssMB: peer.maxRssMB, sklearnTestAuc: round(peer.auc, 4), sklearnIterations: peer.iterations, timeRatio: round(cairn.seconds / peer.seconds, 2) }
              : { sklearn: 'absent' }),
            loadAverage1m: round(loadBefore, 1),
          },
        };
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

interface ChildResult {
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
  auc: number;
  iterations: number;
  stop: string;
  validLoss: number;
  predictSeconds: number;
}

interface PeerResult {
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
  auc: number;
  iterations: number;
  threads: number;
  version: string;
}

const round = (v: number, digits: number): number => +v.toFixed(digits);

/** Churn-like rows: row-major doubles and 0/1 labels written as `${name}.x.f64` and `${name}.y.u8`. */
function writeData(dir: string, name: string, rows: number, seed: number): void {
  const random = mulberry32(seed);
  const x = new Float64Array(rows * COLS);
  const y = new Uint8Array(rows);
  const row = new Float64Array(COLS);
  for (let i = 0; i < rows; i++) {
    const tenure = gaussian(random);
    const spend = Math.exp(gaussian(random) * 0.8 + 3);
    const recency = random();
    const orders = Math.floor(-Math.log(1 - random()) * 4);
    const subscribed = random() < 0.4 ? 1 : 0;
    const plan = Math.floor(random() * 5);
    const a = gaussian(random);
    const b = gaussian(random);
    const support = gaussian(random);
    const returns = -Math.log(1 - random());
    const supportMissing = random() < 0.1;
    let logit = -1 + 0.8 * tenure - 0.5 * Math.log(spend / 20) + 1.2 * (recency > 0.7 && subscribed === 1 ? 1 : 0) + 0.15 * Math.min(orders, 20) - 0.6 * (plan === 2 ? 1 : 0) + 0.9 * a * b - 0.3 * returns;
    logit += supportMissing ? 0.8 : Math.sin(2 * support);
    row[0] = tenure;
    row[1] = spend;
    row[2] = recency;
    row[3] = orders;
    row[4] = subscribed;
    row[5] = plan;
    row[6] = a;
    row[7] = b;
    row[8] = supportMissing ? NaN : support;
    row[9] = returns;
    row[10] = tenure + gaussian(random) * 0.5; // a noisy copy
    row[11] = spend * (0.5 + random()); // another
    for (let j = 12; j < COLS; j++) row[j] = j % 3 === 0 ? Math.floor(random() * 10) : gaussian(random);
    y[i] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    for (let j = 0; j < COLS; j++) x[i * COLS + j] = random() < 0.05 ? NaN : row[j]!;
  }
  writeFileSync(join(dir, `${name}.x.f64`), new Uint8Array(x.buffer));
  writeFileSync(join(dir, `${name}.y.u8`), y);
}

/** Reads a file of doubles straight into an aligned buffer (no second copy to count in the peak memory). */
function readDoubles(file: string): Float64Array {
  const out = new Float64Array(statSync(file).size / 8);
  const bytes = new Uint8Array(out.buffer);
  const fd = openSync(file, 'r');
  try {
    for (let at = 0; at < bytes.length; ) at += readSync(fd, bytes, at, bytes.length - at, at);
  } finally {
    closeSync(fd);
  }
  return out;
}

async function fitInChild(dir: string, rows: number): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, [SELF, 'child', dir, String(rows)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ChildResult;
}

/** In the child: fit on the training files, score the test files, print one JSON line. */
function child(dir: string, rows: number): void {
  const names = Array.from({ length: COLS }, (_, j) => `f${j}`);
  const train = { x: { data: readDoubles(join(dir, 'train.x.f64')), rows, cols: COLS }, y: new Uint8Array(readFileSync(join(dir, 'train.y.u8'))), names };
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { model, report } = fitGbdt(train, { seed: 0 });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  const test = { data: readDoubles(join(dir, 'test.x.f64')), rows: TEST_ROWS, cols: COLS };
  const predictStarted = performance.now();
  const margins = gbdtMargins(model, test);
  const predictSeconds = (performance.now() - predictStarted) / 1000;
  const auc = rocAuc(new Uint8Array(readFileSync(join(dir, 'test.y.u8'))), margins);
  const result: ChildResult = { seconds, cpuSeconds, maxRssMB, auc, iterations: report.iterations, stop: report.stop, validLoss: report.validLoss ?? NaN, predictSeconds };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const SKLEARN = `
import json, os, resource, sys, time
import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_info, threadpool_limits
d, n, m, k, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
if threads > 0:
    threadpool_limits(limits=threads, user_api='openmp')
X = np.fromfile(os.path.join(d, 'train.x.f64'), dtype='<f8').reshape(n, k)
y = np.fromfile(os.path.join(d, 'train.y.u8'), dtype='u1')
Xt = np.fromfile(os.path.join(d, 'test.x.f64'), dtype='<f8').reshape(m, k)
yt = np.fromfile(os.path.join(d, 'test.y.u8'), dtype='u1')
w, c = time.perf_counter(), time.process_time()
model = HistGradientBoostingClassifier(random_state=0).fit(X, y)
s, cs = time.perf_counter() - w, time.process_time() - c
threads = max([p.get('num_threads', 1) for p in threadpool_info() if p.get('user_api') == 'openmp'] or [1])
auc = roc_auc_score(yt, model.decision_function(Xt))
print(json.dumps({'seconds': s, 'cpuSeconds': cs, 'maxRssMB': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), 'auc': float(auc), 'iterations': int(model.n_iter_), 'threads': threads, 'version': sklearn.__version__}))
`;

if (process.argv[1] === SELF && process.argv[2] === 'child') child(process.argv[3] ?? '', Number(process.argv[4]));
