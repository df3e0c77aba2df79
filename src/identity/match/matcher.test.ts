import { describe, expect, it } from 'vitest';
import { syntheticPersonFile } from '../synthetic/person-file.js';
import { pairwiseScores } from './evaluate.js';
import { matchRecords, MatchInputError } from './matcher.js';
import type { PersonFile } from './prepare.js';
import { probabilityFromWeight } from './score.js';

const COLUMNS = ['first_name', 'surname', 'dob', 'email', 'phone', 'postcode', 'city', 'address'] as const;

/** A synthetic background of ~3,400 records (so EM has data), then the records under test. */
function fileWith(extra: string[][]): { file: PersonFile; background: ReturnType<typeof syntheticPersonFile> } {
  const background = syntheticPersonFile({ people: 1500, seed: 9 });
  const rows = [...background.rows.map((r) => r.slice(1)), ...extra];
  const fields: PersonFile['fields'] = {};
  COLUMNS.forEach((c, k) => {
    fields[c] = rows.map((r) => r[k] ?? '');
  });
  return { file: { fields }, background };
}

describe('matchRecords', () => {
  const people = [
    ['Friederike', 'Oberländer', '1983-04-17', 'friederike.oberlaender@web.de', '0176 22334455', '10437', 'Berlin', 'Kastanienallee 12'],
    // names swapped, a typo in the first name, no e-mail, another date and phone format
    ['Oberlander', 'Friedrike', '17.04.1983', '', '+49 176 22334455', '10437', 'Berlin', ''],
    // a typo in the surname, another provider, no date of birth or phone
    ['FRIEDERIKE', 'OBERLÄNDR', '', 'friederike.oberlaender@gmx.de', '', '10437', 'Berlin', 'Kastanienallee 12'],
    // two different people with the same name in the same city
    ['Thomas', 'Müller', '1975-03-02', 'thomas.mueller75@gmail.com', '0151 1112223', '10115', 'Berlin', 'Hauptstraße 5'],
    ['Thomas', 'Müller', '1990-11-23', 'tmueller@web.de', '030 9876543', '12049', 'Berlin', 'Karl-Marx-Straße 100'],
  ];
  const { file, background } = fileWith(people);
  const base = background.rows.length;
  const result = matchRecords(file, { seed: 3 });

  it('matches swapped names, typos and a missing field to one person', () => {
    expect(result.clusters[base + 1]).toBe(result.clusters[base]);
    expect(result.clusters[base + 2]).toBe(result.clusters[base]);
  });

  it('keeps apart two people with the same name and city', () => {
    expect(result.clusters[base + 3]).not.toBe(result.clusters[base + 4]);
    expect(result.clusters[base + 3]).not.toBe(result.clusters[base]);
  });

  it('says which fields decided a pair', () => {
    const p = [...Array(result.pairs.count).keys()].find((q) => result.pairs.left[q] === base && result.pairs.right[q] === base + 1);
    expect(p).toBeDefined();
    const evidence = result.explain(p!);
    expect(evidence.map((e) => e.field).sort()).toEqual([...result.fields].sort());
    expect(evidence.find((e) => e.field === 'first_name')!.level).toBe('first name and surname swapped');
    expect(evidence.find((e) => e.field === 'email')).toMatchObject({ level: 'null', weight: 0 });
    expect(evidence.find((e) => e.field === 'phone')).toMatchObject({ level: 'exact' });
    // The match weight is the prior plus the partial weights.
    const sum = evidence.reduce((s, e) => s + e.weight, Math.log2(result.model.lambda / (1 - result.model.lambda)));
    expect(result.pairs.weight[p!]).toBeCloseTo(sum, 9);
    expect(probabilityFromWeight(result.pairs.weight[p!]!)).toBeGreaterThanOrEqual(0.9);
  });

  it('deduplicates the noisy background well, with a review list of borderline pairs', () => {
    const truth = Int32Array.from({ length: result.records }, (_, i) => (i < base ? background.person[i]! : i < base + 3 ? -1 : -2 - i));
    const scores = pairwiseScores(result.clusters, truth);
    expect(scores.f1).toBeGreaterThan(0.85);
    for (const p of result.review) {
      const prob = probabilityFromWeight(result.pairs.weight[p]!);
      expect(prob).toBeGreaterThanOrEqual(0.5);
      expect(prob).toBeLessThan(0.9);
    }
    expect(result.pairsCompared).toBeLessThan(result.possiblePairs / 100);
    expect(result.matchedPairs + result.review.length).toBeLessThanOrEqual(result.pairsCompared);
  });

  it('gives the same answer for the same seed', () => {
    const again = matchRecords(file, { seed: 3 });
    expect(again.clusters).toEqual(result.clusters);
    expect(again.model.lambda).toBe(result.model.lambda);
  });

  it('refuses input with fewer than two usable fields', () => {
    expect(() => matchRecords({ fields: { email: ['a@b.de', 'a@b.de'] } })).toThrow(MatchInputError);
  });
});
