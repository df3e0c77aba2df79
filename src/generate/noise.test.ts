import { describe, expect, it } from 'vitest';
import { corruptEmail, formatBirthDate, formatPhone, typo } from './noise.js';
import { Rng } from './random.js';

/** Levenshtein distance, with adjacent transpositions counting one (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

describe('record noise', () => {
  const rng = new Rng('noise');

  it('makes one typing error in a name', () => {
    for (const name of ['Katharina', 'Schmidt', 'Anna', 'Müller', 'Otto']) {
      for (let i = 0; i < 50; i++) expect(editDistance(name, typo(rng, name))).toBe(1);
    }
  });

  it('mistypes an e-mail in one character or in the provider', () => {
    for (let i = 0; i < 200; i++) {
      const bad = corruptEmail(rng, 'lena.schulz@gmail.com');
      expect(bad).not.toBe('lena.schulz@gmail.com');
      const [local, domain] = bad.split('@');
      if (domain === 'gmail.com') expect(editDistance(local!, 'lena.schulz')).toBe(1);
      else expect(local).toBe('lena.schulz');
    }
  });

  it('writes one phone number in several formats with the same digits', () => {
    const phone = { country: '49', area: '30', subscriber: '1234567' };
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const text = formatPhone(rng, phone);
      seen.add(text);
      expect(text.replace(/\D/g, '').replace(/^(00)?49/, '').replace(/^0/, '')).toBe('301234567');
    }
    expect(seen).toEqual(new Set(['+49 30 1234567', '030 1234567', '0049301234567', '+49301234567', '030/1234567']));
  });

  it('writes dates of birth in mixed formats', () => {
    const seen = new Set(Array.from({ length: 200 }, () => formatBirthDate(rng, '1985-03-02')));
    expect(seen).toEqual(new Set(['1985-03-02', '02/03/1985', '02.03.1985']));
  });
});
