import { describe, expect, it } from 'vitest';
import { candidatePairs, PREDICTION_RULES, usableRules } from './blocking.js';
import { prepareRecords, type PersonFile } from './prepare.js';
import { seededRandom } from './random.js';

/** Small random records from tiny pools, so that many pairs share some key. */
function randomFile(seed: number, n: number, withSource = false): PersonFile {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  const maybe = (value: string) => (random() < 0.15 ? '' : value);
  const rows = Array.from({ length: n }, () => ({
    first_name: maybe(pick(['Anna', 'Anne', 'Ben', 'Lena', 'Leon'])),
    surname: maybe(pick(['Meyer', 'Maier', 'Schulz', 'Bauer'])),
    dob: maybe(pick(['1980-01-02', '1980-02-01', '1991-07-30', '02.01.1980'])),
    email: maybe(pick(['a.meyer@gmx.de', 'a.meyer@web.de', 'ben@x.org', 'lena.bauer@gmail.com'])),
    phone: maybe(pick(['+49 30 1234567', '030 1234567', '0171 7654321', '0000000000'])),
    postcode: maybe(pick(['10115', '10117', '80331'])),
    city: maybe(pick(['Berlin', 'München'])),
    address: maybe(pick(['Hauptstraße 1', 'Hauptstraße 2'])),
  }));
  const fields: PersonFile['fields'] = {};
  for (const k of Object.keys(rows[0]!) as (keyof (typeof rows)[0])[]) fields[k] = rows.map((r) => r[k]);
  return { fields, source: withSource ? Uint8Array.from(rows, () => (random() < 0.5 ? 1 : 0)) : undefined };
}

describe('blocking', () => {
  it.each([1, 2, 3])('never misses a pair that shares a blocking key, and emits each pair once (seed %i)', (seed) => {
    const prepared = prepareRecords(randomFile(seed, 160));
    const rules = usableRules(prepared);
    expect(rules.length).toBe(PREDICTION_RULES.length);
    const { left, right, count, rules: report } = candidatePairs(prepared, rules, { maxBlockSize: 10_000 });
    const seen = new Set<number>();
    for (let p = 0; p < count; p++) {
      expect(left[p]!).toBeLessThan(right[p]!);
      const key = left[p]! * prepared.count + right[p]!;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    let expected = 0;
    for (let i = 0; i < prepared.count; i++) {
      for (let j = i + 1; j < prepared.count; j++) {
        const shares = rules.some((rule) => {
          const k = rule.key(prepared, i);
          return k !== null && k === rule.key(prepared, j);
        });
        if (shares) {
          expected++;
          expect(seen.has(i * prepared.count + j), `pair ${i},${j}`).toBe(true);
        }
      }
    }
    expect(count).toBe(expected);
    expect(report.reduce((s, r) => s + r.pairs, 0)).toBe(count);
  });

  it('in link mode pairs only records of different files', () => {
    const file = randomFile(4, 120, true);
    const prepared = prepareRecords(file);
    const { left, right, count } = candidatePairs(prepared, usableRules(prepared));
    expect(count).toBeGreaterThan(0);
    for (let p = 0; p < count; p++) expect(file.source![left[p]!]).not.toBe(file.source![right[p]!]);
  });

  it('skips an oversized block but still finds its pairs through another rule', () => {
    // Everyone shares the junk e-mail; only the two Annas also share a phone.
    const n = 30;
    const prepared = prepareRecords({
      fields: {
        email: Array.from({ length: n }, () => 'test@test.com'),
        phone: Array.from({ length: n }, (_, i) => (i < 2 ? '0171 7654321' : `0171 ${String(1000000 + i * 7919)}`)),
        first_name: Array.from({ length: n }, (_, i) => (i < 2 ? 'Anna' : `Name${i}`)),
      },
    });
    const { count, left, right, rules } = candidatePairs(prepared, usableRules(prepared), { maxBlockSize: 10 });
    expect(rules.find((r) => r.rule === 'same e-mail')).toMatchObject({ pairs: 0, oversizedBlocks: 1, oversizedRecords: n });
    expect(count).toBe(1);
    expect([left[0], right[0]]).toEqual([0, 1]);
  });
});
