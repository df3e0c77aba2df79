import { describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../prng.js';
import { fitEts, forecastEts } from './ets.js';

/** Simulates ETS(A,A,A) with period 7 from the state-space equations. */
function simulate(n: number, seed: number, p = { alpha: 0.3, beta: 0.02, gamma: 0.15 }, sigma = 2): Float64Array {
  const random = mulberry32(seed);
  let level = 100;
  let slope = 0.2;
  const season = [-6, -3, 0, 2, 5, 12, -10];
  const y = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const e = sigma * gaussian(random);
    y[t] = level + slope + season[t % 7]! + e;
    level += slope + p.alpha * e;
    slope += p.beta * e;
    season[t % 7]! += p.gamma * e;
  }
  return y;
}

describe('ETS (Holt-Winters state space)', () => {
  it('recovers the smoothing parameters of a simulated trend + weekly season + noise series', () => {
    const y = simulate(2000, 5);
    const fit = fitEts(y, { trend: 'additive' });
    expect(fit.converged).toBe(true);
    expect(fit.params.alpha).toBeGreaterThan(0.22);
    expect(fit.params.alpha).toBeLessThan(0.38);
    expect(fit.params.gamma).toBeGreaterThan(0.07);
    expect(fit.params.gamma).toBeLessThan(0.23);
    expect(fit.params.beta).toBeGreaterThan(0.008);
    expect(fit.params.beta).toBeLessThan(0.035);
    expect(Math.sqrt(fit.sigma2)).toBeGreaterThan(1.8);
    expect(Math.sqrt(fit.sigma2)).toBeLessThan(2.2);
  });

  it('gives intervals that cover about their stated share of simulated futures', () => {
    let inside80 = 0;
    let inside95 = 0;
    let points = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const y = simulate(400 + 14, seed * 7919);
      const fit = fitEts(y.subarray(0, 400), { trend: 'damped' });
      const { mean, variance } = forecastEts(fit, 14);
      for (let h = 0; h < 14; h++) {
        const err = Math.abs(y[400 + h]! - mean[h]!) / Math.sqrt(variance[h]!);
        points++;
        if (err <= 1.2816) inside80++;
        if (err <= 1.96) inside95++;
      }
    }
    expect(inside80 / points).toBeGreaterThan(0.7);
    expect(inside80 / points).toBeLessThan(0.9);
    expect(inside95 / points).toBeGreaterThan(0.88);
    expect(inside95 / points).toBeLessThanOrEqual(1);
  });

  it('damps the trend: the forecast slope shrinks with the horizon', () => {
    const y = Float64Array.from({ length: 120 }, (_, t) => 50 + 2 * t + (t % 7 === 5 ? 10 : 0));
    const fit = fitEts(y, { trend: 'damped' });
    const { mean } = forecastEts(fit, 56);
    expect(fit.params.phi).toBeLessThan(1);
    expect(mean[55]! - mean[48]!).toBeLessThan(mean[7]! - mean[0]!);
  });

  it('flags an optimiser that runs out of iterations and still returns its best point', () => {
    const y = simulate(300, 3);
    const fit = fitEts(y, { trend: 'damped', maxIterations: 5 });
    expect(fit.converged).toBe(false);
    expect(Number.isFinite(fit.sse)).toBe(true);
    expect(Object.values(fit.params).every(Number.isFinite)).toBe(true);
  });

  it('refuses fewer than two weeks', () => {
    expect(() => fitEts(new Float64Array(10), { trend: 'none' })).toThrow(/at least 14 days/);
  });
});
