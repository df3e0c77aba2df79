import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../../test/temp.js';
import { expectedPurchases, fitBgNbd, probabilityAlive } from './bgnbd.js';
import { expectedSpend, fitGammaGamma } from './gamma-gamma.js';
import { logGamma } from './special.js';

const DIR = join(SHARED_DATA, 'cdnow-lifetimes');
const hasData = existsSync(join(DIR, 'cdnow_customers_summary.csv'));
if (!hasData) console.warn(`CLV tests on CDNOW skipped: the data set is missing (${DIR})`);

/** Columns of a small numeric CSV with a header. */
function columns(file: string): Record<string, Float64Array> {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const names = header!.split(',');
  const values = rows.map((r) => r.split(',').map(Number));
  return Object.fromEntries(names.map((n, j) => [n, Float64Array.from(values, (v) => v[j]!)]));
}

/** Agreement to 3 significant digits. */
function sig3(actual: number, expected: number): void {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(0.5e-2);
}

describe('logGamma', () => {
  it('matches known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10);
    // Reference values from Python's math.lgamma.
    expect(logGamma(171.5)).toBeCloseTo(709.1431630309282, 9);
    expect(logGamma(0.1)).toBeCloseTo(2.2527126517342055, 12);
    expect(logGamma(1e-3)).toBeCloseTo(6.907178885383854, 11);
  });
});

describe.skipIf(!hasData)('BG/NBD and Gamma-Gamma on CDNOW (Fader, Hardie & Lee 2005)', () => {
  it('reproduces the published BG/NBD parameters and log-likelihood', () => {
    const c = columns(join(DIR, 'cdnow_customers_summary.csv'));
    const fit = fitBgNbd({ frequency: c['frequency']!, recency: c['recency']!, T: c['T']! });
    expect(fit.customers).toBe(2357);
    expect(fit.converged).toBe(true);
    sig3(fit.params.r, 0.243);
    sig3(fit.params.alpha, 4.414);
    sig3(fit.params.a, 0.793);
    sig3(fit.params.b, 2.426);
    expect(fit.logLikelihood).toBeCloseTo(-9582.43, 1);
    // Predictions behave: a customer never seen again after a burst is less likely alive.
    expect(probabilityAlive(fit.params, 0, 0, 38.86)).toBe(1);
    expect(probabilityAlive(fit.params, 10, 5, 38.86)).toBeLessThan(probabilityAlive(fit.params, 10, 38, 38.86));
    // The paper's figure: a customer with x=2, t_x=30.43, T=38.86 expects 1.226 purchases in the next 39 weeks.
    expect(expectedPurchases(fit.params, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 2);
  });

  it('reproduces the published Gamma-Gamma parameters on the 946 repeat customers', () => {
    const c = columns(join(DIR, 'cdnow_customers_summary_with_transactions.csv'));
    const fit = fitGammaGamma(c['x']!, c['zbar']!);
    expect(fit.customers).toBe(946);
    sig3(fit.params.p, 6.25);
    sig3(fit.params.q, 3.74);
    expect(fit.params.v).toBeCloseTo(15.44, 1);
    expect(expectedSpend(fit.params, 1, 20)).toBeGreaterThan(20);
  });
});

describe('bad input', () => {
  it('refuses an empty or impossible summary with what to do', () => {
    expect(() => fitBgNbd({ frequency: new Float64Array(), recency: new Float64Array(), T: new Float64Array() })).toThrow(/no customers/);
    expect(() => fitBgNbd({ frequency: Float64Array.of(2), recency: Float64Array.of(50), T: Float64Array.of(40) })).toThrow(/recency ≤ T/);
    expect(() => fitGammaGamma(Float64Array.of(0, 0), Float64Array.of(0, 0))).toThrow(/repeat purchase/);
  });

  it('returns finite parameters when nobody ever came back', () => {
    const n = 50;
    const fit = fitBgNbd({ frequency: new Float64Array(n), recency: new Float64Array(n), T: Float64Array.from({ length: n }, (_, i) => 10 + i) });
    for (const v of Object.values(fit.params)) expect(Number.isFinite(v)).toBe(true);
  });
});
