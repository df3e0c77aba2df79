import { describe, expect, it } from 'vitest';
import { pairwiseScores, blockingRecall } from './evaluate.js';
import { autoMapColumns } from './fields.js';
import { normaliseDate, normaliseEmail, normaliseName, normalisePhone, postcodeOutward } from './normalise.js';

describe('field cleaning', () => {
  it('folds names to letters, German style', () => {
    expect(normaliseName(' Müller-Lüdenscheidt ')).toBe('mueller luedenscheidt');
    expect(normaliseName('Şahin')).toBe('sahin');
    expect(normaliseName('  ')).toBeNull();
  });

  it('reads dates of birth in the formats CRMs use', () => {
    expect(normaliseDate('1983-04-17')).toBe('19830417');
    expect(normaliseDate('17.04.1983')).toBe('19830417');
    expect(normaliseDate('17/04/1983')).toBe('19830417');
    expect(normaliseDate('04/17/1983')).toBe('19830417');
    expect(normaliseDate('1983-04-17T00:00:00Z')).toBe('19830417');
    expect(normaliseDate('31.13.1983')).toBeNull();
    expect(normaliseDate('unknown')).toBeNull();
  });

  it('reduces phones to their number and drops placeholders', () => {
    expect(normalisePhone('+49 40 3591035')).toBe('49403591035');
    expect(normalisePhone('0049403591035')).toBe('49403591035');
    expect(normalisePhone('040/3591035')).toBe('403591035');
    expect(normalisePhone('0000000000')).toBeNull();
    expect(normalisePhone('12')).toBeNull();
  });

  it('lower-cases e-mails and refuses ones without a local part or domain', () => {
    expect(normaliseEmail(' Anna.Meyer@GMX.de ')).toBe('anna.meyer@gmx.de');
    expect(normaliseEmail('anna.meyer')).toBeNull();
    expect(normaliseEmail('@gmx.de')).toBeNull();
  });

  it('takes the district of a postcode', () => {
    expect(postcodeOutward('SW1A1AA')).toBe('SW1A');
    expect(postcodeOutward('10115')).toBe('101');
  });

  it('maps common column names to field kinds', () => {
    expect(autoMapColumns(['ID', 'Given Name', 'Last_Name', 'Date of Birth', 'E-Mail', 'Mobile', 'ZIP', 'Town', 'Street'], ['ID'])).toEqual({
      first_name: 'Given Name', surname: 'Last_Name', dob: 'Date of Birth', email: 'E-Mail', phone: 'Mobile', postcode: 'ZIP', city: 'Town', address: 'Street',
    });
    expect(autoMapColumns(['id', 'name', 'email'], ['id'])).toEqual({ full_name: 'name', email: 'email' });
  });
});

describe('pairwise scores', () => {
  it('counts pairs within clusters against the truth', () => {
    // truth: {0,1,2} {3,4}; predicted: {0,1} {2,3,4}
    const s = pairwiseScores([0, 0, 2, 2, 2], [0, 0, 0, 3, 3]);
    expect(s).toMatchObject({ truePairs: 4, predictedPairs: 4, correctPairs: 2 });
    expect(s.f1).toBeCloseTo(0.5);
  });

  it('measures blocking recall over the true pairs', () => {
    const truth = [0, 0, 0, 1];
    expect(blockingRecall(truth, Int32Array.from([0, 1]), Int32Array.from([1, 2]), 2)).toBeCloseTo(2 / 3);
  });
});
