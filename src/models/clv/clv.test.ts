import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../../test/temp.js';
import { Rng } from '../../generate/index.js';
import { expectedPurchases, fitBgNbd, probabilityAlive, type BgNbdParams } from './bgnbd.js';
import { expectedSpend, fitGammaGamma } from './gamma-gamma.js';
import { bgnbdModel, discountedValue, nextPurchase, paretoNbdModel } from './lifetime-value.js';
import { nelderMead } from '../optimise/nelder-mead.js';
import { fitParetoNbd, paretoExpectedPurchases, paretoProbabilityAlive } from './pareto-nbd.js';
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

describe.skipIf(!hasData)('Pareto/NBD on CDNOW (Fader & Hardie, "A note on implementing the Pareto/NBD model")', () => {
  it('reproduces the published parameters and log-likelihood', () => {
    const c = columns(join(DIR, 'cdnow_customers_summary.csv'));
    const fit = fitParetoNbd({ frequency: c['frequency']!, recency: c['recency']!, T: c['T']! });
    expect(fit.converged).toBe(true);
    sig3(fit.params.r, 0.553);
    sig3(fit.params.alpha, 10.58);
    sig3(fit.params.s, 0.606);
    sig3(fit.params.beta, 11.67);
    expect(fit.logLikelihood).toBeCloseTo(-9594.98, 1);
    // Same ordering of customers as BG/NBD on the paper's example, and a sane range.
    const alive = paretoProbabilityAlive(fit.params, 2, 30.43, 38.86);
    expect(alive).toBeGreaterThan(0.5);
    expect(alive).toBeLessThan(1);
    expect(paretoExpectedPurchases(fit.params, 39, 2, 30.43, 38.86)).toBeGreaterThan(1);
    expect(paretoProbabilityAlive(fit.params, 10, 5, 38.86)).toBeLessThan(paretoProbabilityAlive(fit.params, 10, 38, 38.86));
  });
});

/** Customers drawn from BG/NBD itself: first purchase at 0, Poisson(λ) repeats, dropout with p after each. */
function simulateBgNbd(p: BgNbdParams, n: number, calibration: number, holdout: number, seed: number) {
  const random = new Rng(seed);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n).fill(calibration);
  const future = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lambda = random.gamma(p.r) / p.alpha;
    const ga = random.gamma(p.a);
    const drop = ga / (ga + random.gamma(p.b));
    let t = 0;
    for (;;) {
      t += random.exponential(lambda);
      if (t > calibration + holdout) break;
      if (t <= calibration) {
        frequency[i]! += 1;
        recency[i] = t;
      } else future[i]! += 1;
      if (random.next() < drop) break;
    }
  }
  return { frequency, recency, T, future };
}

describe('predictions against customers simulated from the model', () => {
  const truth: BgNbdParams = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
  const sim = simulateBgNbd(truth, 20000, 39, 39, 7);

  it('recovers the parameters and predicts the holdout in total and who buys again', () => {
    const fit = fitBgNbd(sim);
    expect(fit.params.r).toBeCloseTo(truth.r, 1);
    expect(fit.params.a / (fit.params.a + fit.params.b)).toBeCloseTo(truth.a / (truth.a + truth.b), 1);
    const model = bgnbdModel(fit.params);
    let predicted = 0;
    let actual = 0;
    let predictedBuyers = 0;
    let buyers = 0;
    for (let i = 0; i < sim.frequency.length; i++) {
      predicted += model.expectedPurchases(39, sim.frequency[i]!, sim.recency[i]!, 39);
      actual += sim.future[i]!;
      predictedBuyers += nextPurchase(fit.params, sim.frequency[i]!, sim.recency[i]!, 39, 39).probabilityWithin;
      if (sim.future[i]! > 0) buyers++;
    }
    expect(Math.abs(predicted - actual) / actual).toBeLessThan(0.05);
    expect(Math.abs(predictedBuyers - buyers) / buyers).toBeLessThan(0.05);
  });

  it('gives a median wait at which the chance of a purchase is one half, and none for the likely lapsed', () => {
    const next = nextPurchase(truth, 6, 38, 39, 30);
    expect(next.medianWait).not.toBeNull();
    expect(nextPurchase(truth, 6, 38, 39, next.medianWait!).probabilityWithin).toBeCloseTo(0.5, 9);
    expect(next.probabilityWithin).toBeLessThanOrEqual(expectedPurchases(truth, 30, 6, 38, 39));
    expect(nextPurchase(truth, 6, 2, 39, 30).medianWait).toBeNull();
  });

  it('discounts lifetime value as lifetimes does', () => {
    const model = bgnbdModel(truth);
    const undiscounted = discountedValue(model, 3, 30, 39, 50, { months: 12, monthlyDiscount: 0, unitsPerMonth: 4.345 });
    expect(undiscounted).toBeCloseTo(50 * model.expectedPurchases(12 * 4.345, 3, 30, 39), 9);
    const discounted = discountedValue(model, 3, 30, 39, 50, { months: 12, monthlyDiscount: 0.01, unitsPerMonth: 4.345 });
    expect(discounted).toBeLessThan(undiscounted);
    expect(discounted).toBeGreaterThan(undiscounted / 1.01 ** 12);
    const pareto = paretoNbdModel({ r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 });
    expect(discountedValue(pareto, 3, 30, 39, 50, { unitsPerMonth: 4.345 })).toBeGreaterThan(0);
  });
});

describe('bad input', () => {
  it('refuses an empty or impossible summary with what to do', () => {
    expect(() => fitBgNbd({ frequency: new Float64Array(), recency: new Float64Array(), T: new Float64Array() })).toThrow(/no customers/);
    expect(() => fitBgNbd({ frequency: Float64Array.of(2), recency: Float64Array.of(50), T: Float64Array.of(40) })).toThrow(/recency ≤ T/);
    expect(() => fitGammaGamma(Float64Array.of(0, 0), Float64Array.of(0, 0))).toThrow(/repeat purchase/);
  });

  it('stops on a ridge whose minimum lies at infinity and says so', () => {
    const m = nelderMead((v) => Math.exp(-v[0]!) + v[1]! * v[1]!, [0, 1]);
    expect(m.stop).toBe('stalled');
    expect(m.converged).toBe(false);
    expect(m.iterations).toBeLessThan(5000);
    expect(m.value).toBeLessThan(1e-6);
    expect(nelderMead((v) => (v[0]! - 1) ** 2 + (v[1]! + 2) ** 2, [0, 0]).stop).toBe('tolerance');
  });

  it('returns finite parameters when nobody ever came back', () => {
    const n = 50;
    const fit = fitBgNbd({ frequency: new Float64Array(n), recency: new Float64Array(n), T: Float64Array.from({ length: n }, (_, i) => 10 + i) });
    for (const v of Object.values(fit.params)) expect(Number.isFinite(v)).toBe(true);
  });
});
