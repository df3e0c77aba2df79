import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler } from './jaro-winkler.js';
import { soundex } from './phonetic.js';

describe('Jaro-Winkler', () => {
  // Winkler's and Wikipedia's worked examples.
  it.each([
    ['martha', 'marhta', 0.944, 0.961],
    ['dwayne', 'duane', 0.822, 0.84],
    ['dixon', 'dicksonx', 0.767, 0.813],
    ['crate', 'trace', 0.733, 0.733],
  ])('%s / %s', (a, b, j, jw) => {
    expect(jaro(a, b)).toBeCloseTo(j, 3);
    expect(jaroWinkler(a, b)).toBeCloseTo(jw, 3);
    expect(jaroWinkler(b, a)).toBeCloseTo(jw, 3);
  });

  it('is 1 for equal strings and 0 for nothing in common or an empty side', () => {
    expect(jaroWinkler('anna', 'anna')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'anna')).toBe(0);
  });

  it('handles strings longer than its preallocated buffers', () => {
    const a = 'a'.repeat(200) + 'b';
    expect(jaroWinkler(a, a.slice(0, 200))).toBeGreaterThan(0.99);
  });
});

describe('Levenshtein (fastest-levenshtein)', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['anna.mueller@gmx.de', 'anna.muller@gmx.de', 1],
    ['', 'abc', 3],
  ])('%s / %s = %i', (a, b, d) => {
    expect(distance(a, b)).toBe(d);
  });
});

describe('Soundex', () => {
  it.each([
    ['robert', 'r163'], ['rupert', 'r163'], ['rubin', 'r150'], ['ashcraft', 'a261'], ['ashcroft', 'a261'],
    ['tymczak', 't522'], ['pfister', 'p236'], ['honeyman', 'h555'], ['lee', 'l000'], ['', ''],
  ])('%s → %s', (name, code) => {
    expect(soundex(name)).toBe(code);
  });
});
