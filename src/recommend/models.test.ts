import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../models/prng.js';
import { fitAls } from './als.js';
import { CatalogueTooLargeError, fitEase } from './ease.js';
import { evaluateModels } from './evaluate.js';
import { fitItemKnn } from './item-knn.js';
import { buildInteractions, type Interactions } from './matrix.js';
import { fitModel, MODEL_NAMES } from './models.js';
import { fitPopularity } from './popularity.js';
import { recommend } from './recommender.js';
import { chronoSplit, randomSplit, timeSplit } from './split.js';

/** Two tastes: users 0..29 buy from items 0..9, users 30..59 from items 10..19; item 20 is bought by all. */
function twoTastes(seed = 1): { users: Int32Array; items: Int32Array; train: Interactions } {
  const r = mulberry32(seed);
  const users: number[] = [];
  const items: number[] = [];
  for (let u = 0; u < 60; u++) {
    const base = u < 30 ? 0 : 10;
    for (let i = 0; i < 10; i++) {
      if (r() < 0.5) {
        users.push(u);
        items.push(base + i);
      }
    }
    users.push(u);
    items.push(20);
  }
  const U = Int32Array.from(users);
  const I = Int32Array.from(items);
  return { users: U, items: I, train: buildInteractions(U, I, undefined, 60, 21) };
}

describe('every model on two tastes', () => {
  const { train } = twoTastes();
  const popularity = fitPopularity(train);
  for (const name of MODEL_NAMES.filter((n) => n !== 'popularity')) {
    it(`${name} recommends unseen items of the user's own taste, with a reason from their history`, () => {
      const model = fitModel(name, train, { als: { factors: 4, regularization: 5, iterations: 10, seed: 1 } });
      for (const u of [0, 45]) {
        const recs = recommend(model, train, u, 3, popularity);
        const own = u < 30 ? [0, 10] : [10, 20];
        const history = new Set(Array.from(train.indices.subarray(train.indptr[u]!, train.indptr[u + 1]!)));
        expect(recs).toHaveLength(3);
        for (const rec of recs) {
          expect(history.has(rec.item)).toBe(false);
          expect(rec.item >= own[0]! && rec.item < own[1]!).toBe(true);
          expect(rec.reason.kind).not.toBe('popular');
          if (rec.reason.kind !== 'popular') expect(history.has(rec.reason.item)).toBe(true);
        }
      }
    });
  }
  it('a cold-start user gets popular items with that reason; filters hold', () => {
    const model = fitItemKnn(train);
    const recs = recommend(model, train, 999, 2, popularity, { exclude: (i) => i === 20 });
    expect(recs.every((r) => r.reason.kind === 'popular' && r.item !== 20)).toBe(true);
    expect(recs).toHaveLength(2);
  });
  it('item-knn fills a short list from popularity when its neighbours run out', () => {
    const tiny = buildInteractions(Int32Array.of(0, 0, 1, 2), Int32Array.of(0, 1, 1, 2), undefined, 3, 3);
    const recs = recommend(fitItemKnn(tiny), tiny, 1, 2, fitPopularity(tiny));
    expect(recs.map((r) => [r.item, r.reason.kind])).toEqual([
      [0, 'bought-together'],
      [2, 'popular'],
    ]);
  });
});

describe('ease', () => {
  it('B = I − P·diag(1/diag(P)) with P = (XᵀX + λI)⁻¹, worked for two items', () => {
    // X = [[1,1],[1,0]]: XᵀX = [[2,1],[1,1]]; with λ = 1, G = [[3,1],[1,2]], P = [[2,−1],[−1,3]]/5.
    const x = buildInteractions(Int32Array.of(0, 0, 1), Int32Array.of(0, 1, 0), undefined, 2, 2);
    const b = fitEase(x, { lambda: 1 }).weights;
    expect(b[0]).toBe(0);
    expect(b[3]).toBe(0);
    expect(b[1]).toBeCloseTo(-(-1 / 5) / (3 / 5), 12); // B_01 = −P_01 / P_11
    expect(b[2]).toBeCloseTo(-(-1 / 5) / (2 / 5), 12); // B_10 = −P_10 / P_00
  });
  it('refuses a catalogue above its limit with a message that says what to do', () => {
    const { train } = twoTastes();
    expect(() => fitEase(train, { maxItems: 20 })).toThrow(CatalogueTooLargeError);
    expect(() => fitEase(train, { maxItems: 20 })).toThrow(/use item-knn or als/);
  });
});

describe('als', () => {
  it('is reproducible for a seed and fits observed pairs above unobserved ones', () => {
    const { train } = twoTastes();
    const a = fitAls(train, { factors: 4, regularization: 5, iterations: 8, seed: 5 });
    const b = fitAls(train, { factors: 4, regularization: 5, iterations: 8, seed: 5 });
    expect(Array.from(a.itemFactors)).toEqual(Array.from(b.itemFactors));
    const s = new Float64Array(21);
    a.score(0, s);
    expect(s[20]!).toBeGreaterThan(0.5);
    expect(Math.max(...s.subarray(10, 20))).toBeLessThan(0.3);
  });
});

describe('splits and evaluation', () => {
  it('random split takes exactly the share asked, the same for a seed', () => {
    const m = randomSplit(100, 0.25, 7);
    expect(m.reduce((n, v) => n + v, 0)).toBe(25);
    expect(Array.from(randomSplit(100, 0.25, 7))).toEqual(Array.from(m));
    expect(() => randomSplit(10, 1)).toThrow(/between 0 and 1/);
  });
  it('time split cuts at one instant for everybody', () => {
    const { mask, cutoff } = timeSplit(Float64Array.of(5, 1, 4, 2, 3, 4), 0.34);
    expect(cutoff).toBe(4);
    expect(Array.from(mask)).toEqual([1, 0, 1, 0, 0, 1]);
  });
  it('chrono split sends each user\'s latest share to test, keeping one for training', () => {
    const users = Int32Array.of(0, 0, 0, 0, 1, 2, 2);
    const times = Float64Array.of(4, 1, 3, 2, 9, 5, 5);
    // user 0: times 1,2 train, 3,4 test; user 1 alone stays; user 2 ties: file order, the later one to test.
    expect(Array.from(chronoSplit(users, times, 0.5))).toEqual([1, 0, 1, 0, 0, 0, 1]);
  });
  it('evaluates every model, beats popularity on tastes, and counts cold starts', () => {
    const { users, items } = twoTastes(2);
    const mask = randomSplit(users.length, 0.25, 1);
    const pick = (want: number) => {
      const idx = [...mask.keys()].filter((e) => mask[e] === want);
      return { users: Int32Array.from(idx, (e) => users[e]!), items: Int32Array.from(idx, (e) => items[e]!) };
    };
    const test = pick(1);
    // One user only in test, one test item never trained on.
    const coldTest = { users: Int32Array.from([...test.users, 60, 0]), items: Int32Array.from([...test.items, 3, 21]) };
    const result = evaluateModels(pick(0), coldTest, { nUsers: 61, nItems: 22, k: 5, als: { factors: 4, regularization: 5, iterations: 10 } });
    expect(result.test.coldStartUsers).toBe(1);
    expect(result.test.coldStartItemInteractions).toBe(1);
    expect(result.rows.map((r) => r.model)).toEqual([...MODEL_NAMES]);
    const pop = result.rows[0]!;
    for (const row of result.rows.slice(1)) {
      expect(row.error).toBeUndefined();
      expect(row.ndcg!).toBeGreaterThan(pop.ndcg!);
      expect(row.trainSeconds!).toBeGreaterThanOrEqual(0);
    }
  });
});
