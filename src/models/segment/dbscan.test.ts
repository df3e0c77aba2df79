import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../ari.js';
import { gaussian, mulberry32 } from '../prng.js';
import { dbscan, expandClusters, NOISE } from './dbscan.js';
import { KdTree } from './kd-tree.js';
import { knee, suggestEps } from './suggest-eps.js';

/** Three tight 2-d blobs of 100 rows and 10 far-away scattered rows, interleaved. */
function blobsWithNoise(seed: number): { data: Float64Array; truth: Int32Array; n: number } {
  const random = mulberry32(seed);
  const centres = [[0, 0], [10, 0], [0, 10]];
  const n = 310;
  const data = new Float64Array(n * 2);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (i % 31 === 30) {
      truth[i] = NOISE;
      // Scattered far from every blob and from each other.
      const angle = (i / n) * 2 * Math.PI;
      data[i * 2] = 40 * Math.cos(angle) + 5;
      data[i * 2 + 1] = 40 * Math.sin(angle) + 5;
      continue;
    }
    const c = i % 3;
    truth[i] = c;
    data[i * 2] = centres[c]![0]! + 0.4 * gaussian(random);
    data[i * 2 + 1] = centres[c]![1]! + 0.4 * gaussian(random);
  }
  return { data, truth, n };
}

/** The reference: every pair, O(n²). */
function bruteForce(data: Float64Array, n: number, d: number, eps: number, minPts: number) {
  return expandClusters(n, minPts, eps, (row, visit) => {
    for (let other = 0; other < n; other++) {
      let sum = 0;
      for (let j = 0; j < d; j++) sum += (data[row * d + j]! - data[other * d + j]!) ** 2;
      if (sum <= eps * eps) visit(other);
    }
  });
}

describe('dbscan', () => {
  it('finds the blobs and labels the scattered rows as noise', () => {
    const { data, truth, n } = blobsWithNoise(3);
    const r = dbscan(data, n, 2, { eps: 1, minPts: 4 });
    expect(r.clusters).toBe(3);
    expect(r.noise).toBe(10);
    for (let i = 0; i < n; i++) expect(r.labels[i] === NOISE).toBe(truth[i] === NOISE);
    expect(adjustedRandIndex(r.labels, truth)).toBe(1);
  });

  it('labels exactly like the all-pairs reference, on several radii and dimensions', () => {
    const random = mulberry32(9);
    for (const d of [2, 3, 5]) {
      const n = 400;
      const data = new Float64Array(n * d);
      // Two overlapping blobs plus uniform scatter: plenty of border rows and ties at the radius.
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) {
          data[i * d + j] = i % 5 === 0 ? (random() - 0.5) * 12 : (i % 2) * 3 + gaussian(random);
        }
      }
      for (const eps of [0.4, 0.8, 1.5]) {
        const minPts = 2 * d;
        const fast = dbscan(data, n, d, { eps, minPts });
        const reference = bruteForce(data, n, d, eps, minPts);
        expect([...fast.labels]).toEqual([...reference.labels]);
        expect([...fast.core]).toEqual([...reference.core]);
      }
    }
  });

  it('defaults minPts to 2·dims and refuses a bad radius', () => {
    const { data, n } = blobsWithNoise(1);
    expect(dbscan(data, n, 2, { eps: 1 }).minPts).toBe(4);
    expect(() => dbscan(data, n, 2, { eps: 0 })).toThrow(/suggestEps/);
  });
});

describe('KdTree', () => {
  it('finds the k-th nearest neighbour distance like a scan does', () => {
    const random = mulberry32(4);
    const n = 300;
    const d = 3;
    const data = Float64Array.from({ length: n * d }, () => random());
    const tree = new KdTree(data, n, d, 4);
    for (const row of [0, 17, 299]) {
      const all: number[] = [];
      for (let o = 0; o < n; o++) {
        if (o === row) continue;
        let s = 0;
        for (let j = 0; j < d; j++) s += (data[row * d + j]! - data[o * d + j]!) ** 2;
        all.push(Math.sqrt(s));
      }
      all.sort((a, b) => a - b);
      expect(tree.kthNeighbourDistance(row, 5)).toBeCloseTo(all[4]!, 12);
      expect(tree.countWithin(row, (all[9]! + all[10]!) / 2)).toBe(11); // ten others and itself
    }
  });
});

describe('suggestEps', () => {
  it('puts eps between the blobs’ spacing and the distance to the scattered rows', () => {
    const { data, n } = blobsWithNoise(3);
    const s = suggestEps(data, n, 2, { minPts: 4 });
    expect(s.eps).toBeGreaterThan(0.1);
    expect(s.eps).toBeLessThan(5);
    const r = dbscan(data, n, 2, { eps: s.eps, minPts: 4 });
    expect(r.clusters).toBe(3);
  });

  it('finds the knee of a hockey-stick curve', () => {
    const curve = Float64Array.from({ length: 100 }, (_, i) => (i < 90 ? 1 + i * 0.01 : 1.89 + (i - 89) * 3));
    expect(knee(curve)).toBe(89);
  });

  it('says when there are fewer rows than minPts', () => {
    expect(() => suggestEps(Float64Array.from([1, 2, 3]), 3, 1, { minPts: 5 })).toThrow(/fewer than minPts=5/);
  });
});
