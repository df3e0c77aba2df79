import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adjustedRandIndex, gaussian, kmeans, mulberry32, standardise } from '../../models/index.js';
import type { BenchCase, BenchLine } from '../bench.js';
import { findPython, runPython } from '../python.js';

/**
 * k-means on 200k × 6 standardised features (8 Gaussian blobs with overlap), k = 8, 10 restarts:
 * time, inertia and agreement with the blobs. The peer is scikit-learn's KMeans in the
 * same run (Debian's python3-sklearn, found by findPython), and said to be absent
 * otherwise (install it with `apt-get install -y python3-sklearn`).
 */
export const kmeansBench: BenchCase = {
  name: 'kmeans',
  async *run(): AsyncIterable<BenchLine> {
    const n = 200_000;
    const d = 6;
    const k = 8;
    const random = mulberry32(11);
    const centres = Array.from({ length: k * d }, () => (random() - 0.5) * 12);
    const data = new Float64Array(n * d);
    const truth = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = Math.floor(random() * k);
      truth[i] = c;
      for (let j = 0; j < d; j++) data[i * d + j] = centres[c * d + j]! + gaussian(random);
    }
    const scaled = standardise(data, n, d).data;
    const started = performance.now();
    const fit = kmeans(scaled, n, d, { k, restarts: 10, seed: 1 });
    const seconds = (performance.now() - started) / 1000;
    const ari = +adjustedRandIndex(truth, fit.labels).toFixed(4);
    const peer = sklearnKMeans(scaled, n, d, k, truth);
    const timeRatio = peer ? seconds / peer.seconds : null;
    const inertiaGap = peer ? (fit.inertia - peer.inertia) / peer.inertia : null;
    yield {
      bench: 'kmeans',
      case: '200k × 6, k = 8, 10 restarts',
      value: +seconds.toFixed(2),
      unit: 's',
      ...(peer ? { peer: { name: `scikit-learn ${peer.version} KMeans (lloyd, k-means++, n_init=10)`, value: +peer.seconds.toFixed(2), unit: 's' } } : {}),
      goal: peer
        ? { text: 'time ≤ 2× scikit-learn KMeans, inertia within 1%', met: timeRatio! <= 2 && Math.abs(inertiaGap!) <= 0.01 }
        : { text: 'time ≤ 2× scikit-learn KMeans, inertia within 1% (scikit-learn absent: apt-get install -y python3-sklearn)', met: false },
      details: {
        inertia: +fit.inertia.toFixed(1),
        iterations: fit.iterations,
        converged: fit.converged,
        ariAgainstBlobs: ari,
        ...(peer ? { sklearnInertia: +peer.inertia.toFixed(1), sklearnAri: peer.ari, timeRatio: +timeRatio!.toFixed(2), inertiaGap: +inertiaGap!.toFixed(5) } : { sklearn: 'absent' }),
      },
    };
  },
};

const SKLEARN = `
import json, sys, time
import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
n, d, k = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
X = np.fromfile(sys.argv[1], dtype='<f8').reshape(n, d)
truth = np.fromfile(sys.argv[5], dtype='<i4')
t = time.perf_counter()
km = KMeans(n_clusters=k, n_init=10, init='k-means++', algorithm='lloyd', random_state=1).fit(X)
s = time.perf_counter() - t
print(json.dumps({'seconds': s, 'inertia': float(km.inertia_), 'ari': round(float(adjusted_rand_score(truth, km.labels_)), 4), 'version': sklearn.__version__}))
`;

/** scikit-learn's KMeans on the same standardised matrix (passed as raw little-endian doubles). */
function sklearnKMeans(data: Float64Array, n: number, d: number, k: number, truth: Int32Array): { seconds: number; inertia: number; ari: number; version: string } | null {
  const python = findPython(['sklearn', 'numpy']);
  if (!python) return null;
  const file = join(tmpdir(), `cairn-kmeans-${process.pid}.f64`);
  const labels = join(tmpdir(), `cairn-kmeans-${process.pid}.i32`);
  writeFileSync(file, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  writeFileSync(labels, new Uint8Array(truth.buffer, truth.byteOffset, truth.byteLength));
  try {
    return runPython(python, SKLEARN, [file, String(n), String(d), String(k), labels]);
  } finally {
    rmSync(file, { force: true });
    rmSync(labels, { force: true });
  }
}
