import { describe, expect, it } from 'vitest';
import { buildComparisons } from './comparisons.js';
import { expectationMaximisation, initialM } from './em.js';
import { prepareRecords } from './prepare.js';
import { seededRandom } from './random.js';
import { trainModel, TRAINING_RULES } from './train.js';

describe('expectation maximisation', () => {
  it('recovers m and λ from agreement patterns drawn from a known mixture (u fixed)', () => {
    const random = seededRandom(3);
    const trueM = [[1, 0.9, 0.07, 0.03], [1, 0.8, 0.2], [1, 0.6, 0.3, 0.1]];
    const trueU = [[1, 0.01, 0.04, 0.95], [1, 0.05, 0.95], [1, 0.002, 0.018, 0.98]];
    const lambda = 0.2;
    const draw = (p: number[]) => {
      let x = random();
      for (let l = 1; l < p.length; l++) if ((x -= p[l]!) < 0) return l;
      return p.length - 1;
    };
    const patterns: number[] = [];
    const n = 40_000;
    for (let k = 0; k < n; k++) {
      const probs = random() < lambda ? trueM : trueU;
      for (const p of probs) patterns.push(draw(p));
    }
    const em = expectationMaximisation({
      levelCounts: [4, 3, 4],
      patterns: Uint8Array.from(patterns),
      weights: new Float64Array(n).fill(1),
      u: trueU.map((u) => Float64Array.from(u)),
      m: [initialM(4), initialM(3), initialM(4)],
      lambda: 0.5,
    });
    expect(em.converged).toBe(true);
    expect(em.lambda).toBeCloseTo(lambda, 1);
    trueM.forEach((m, c) => m.slice(1).forEach((value, l) => expect(Math.abs(em.m[c]![l + 1]! - value)).toBeLessThan(0.03)));
  });

  it('recovers m and u of a synthetic person file whose error rates are known (u by sampling, m by EM per training block)', () => {
    // 3,000 people with two records each; in the second record each field is replaced by an
    // unrelated random value with a known probability, so m(exact) = 1 − that probability,
    // and u(exact) = 1 / the number of values the field is drawn from.
    const random = seededRandom(11);
    const word = (length: number) => Array.from({ length }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
    const pool = (size: number) => Array.from({ length: size }, () => word(9));
    const firsts = pool(40);
    const surnames = pool(160);
    const cities = pool(25);
    const pick = (values: string[]) => values[Math.floor(random() * values.length)]!;
    const date = () => `19${50 + Math.floor(random() * 50)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const change = { first_name: 0.1, surname: 0.2, dob: 0.15, email: 0.3, city: 0.1 };
    const fields = { first_name: [] as string[], surname: [] as string[], dob: [] as string[], email: [] as string[], city: [] as string[] };
    for (let k = 0; k < 3000; k++) {
      const person = { first_name: pick(firsts), surname: pick(surnames), dob: date(), email: `${word(10)}@example.org`, city: pick(cities) };
      const fresh = { first_name: () => pick(firsts), surname: () => pick(surnames), dob: date, email: () => `${word(10)}@example.org`, city: () => pick(cities) };
      for (const f of Object.keys(fields) as (keyof typeof fields)[]) {
        fields[f].push(person[f]);
        let value = person[f];
        if (random() < change[f]) while (value === person[f]) value = fresh[f]();
        fields[f].push(value);
      }
    }
    const prepared = prepareRecords({ fields });
    const comparisons = buildComparisons(prepared);
    const model = trainModel(prepared, comparisons, TRAINING_RULES, { uSamplePairs: 300_000, trainingPairs: 200_000, maxBlockSize: 1000, seed: 2 });
    const exact = (name: string) => model.comparisons.find((c) => c.name === name)!.levels[1]!;
    expect(Math.abs(exact('first_name').m - 0.9)).toBeLessThan(0.04);
    expect(Math.abs(exact('surname').m - 0.8)).toBeLessThan(0.04);
    expect(Math.abs(exact('dob').m - 0.85)).toBeLessThan(0.04);
    expect(Math.abs(exact('email').m - 0.7)).toBeLessThan(0.04);
    expect(Math.abs(exact('city').m - 0.9)).toBeLessThan(0.04);
    expect(exact('first_name').u).toBeGreaterThan(0.8 / 40);
    expect(exact('first_name').u).toBeLessThan(1.25 / 40);
    expect(exact('surname').u).toBeGreaterThan(0.8 / 160);
    expect(exact('surname').u).toBeLessThan(1.25 / 160);
    expect(exact('city').u).toBeGreaterThan(0.8 / 25);
    expect(exact('city').u).toBeLessThan(1.25 / 25);
    // One true pair per person among n(n-1)/2 pairs.
    const trueLambda = 3000 / ((6000 * 5999) / 2);
    expect(model.lambda / trueLambda).toBeGreaterThan(0.5);
    expect(model.lambda / trueLambda).toBeLessThan(2);
  });
});
