import { describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../prng.js';
import { calibratedProbabilities, fitCalibrator, isotonicRegression } from './calibrate.js';
import { sigmoid } from './types.js';

describe('isotonic regression', () => {
  it('pools adjacent violators (worked by hand)', () => {
    // (3, 2) pool to 2.5 and (4, 3) to 3.5; every point stays a knot.
    expect(isotonicRegression([1, 2, 3, 4, 5, 6], [1, 3, 2, 4, 3, 5])).toEqual({ x: [1, 2, 3, 4, 5, 6], y: [1, 2.5, 2.5, 3.5, 3.5, 5] });
  });

  // Margins with a tie at −1 and at 0.3. By hand: [1, 0, 0, 0] after 0 pools to 1/4 (weights 1, 2, 1
  // at −1.5, −1, −0.5), then 1, ½·2, 1, 0 from 0 to 2 pool to 3/5; runs keep their two ends.
  // sklearn IsotonicRegression(out_of_bounds='clip'): X_thresholds_ [−2, −1.5, −0.5, 0, 2, 2.5, 3],
  // y_thresholds_ [0, .25, .25, .6, .6, 1, 1], predict([−3, −1.2, .1, .3, 1.5, 2.2, 4]) =
  // [0, .25, .6, .6, .6, .76, 1].
  const margins = [-2, -1.5, -1, -1, -0.5, 0, 0.3, 0.3, 1, 2, 2.5, 3];
  const labels = Uint8Array.from([0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1, 1]);

  it('averages tied margins, keeps the ends of runs and interpolates as sklearn', () => {
    const calibrator = fitCalibrator(margins, labels, 'isotonic');
    expect(calibrator).toEqual({ method: 'isotonic', x: [-2, -1.5, -0.5, 0, 2, 2.5, 3], y: [0, 0.25, 0.25, 0.6, 0.6, 1, 1] });
    const p = calibratedProbabilities(calibrator, [-3, -1.2, 0.1, 0.3, 1.5, 2.2, 4]);
    const expected = [0, 0.25, 0.6, 0.6, 0.6, 0.76, 1];
    expected.forEach((v, i) => expect(p[i]).toBeCloseTo(v, 12));
  });

  it('matches sklearn on Platt scaling of the same margins', () => {
    // sklearn.calibration._sigmoid_calibration(m, y) = (A, B) = (−0.4279440266584757, 0.10223854651988522).
    const platt = fitCalibrator(margins, labels, 'platt');
    expect(platt.method).toBe('platt');
    if (platt.method !== 'platt') return;
    expect(platt.a).toBeCloseTo(0.4279440266584757, 5);
    expect(platt.b).toBeCloseTo(-0.10223854651988522, 5);
  });
});

describe('Platt scaling', () => {
  it('recovers the slope and offset of a known logistic', () => {
    const random = mulberry32(3);
    const n = 20000;
    const m = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      m[i] = 2 * gaussian(random);
      y[i] = random() < sigmoid(1.5 * m[i]! - 0.5) ? 1 : 0;
    }
    const platt = fitCalibrator(m, y, 'platt');
    if (platt.method !== 'platt') throw new Error('expected Platt');
    expect(Math.abs(platt.a - 1.5)).toBeLessThan(0.06);
    expect(Math.abs(platt.b + 0.5)).toBeLessThan(0.06);
    const p = calibratedProbabilities(platt, [0, 10]);
    expect(p[0]).toBeCloseTo(sigmoid(platt.b), 15);
  });

  it('stays finite on separable margins', () => {
    const platt = fitCalibrator([-3, -2, -1, 1, 2, 3], Uint8Array.from([0, 0, 0, 1, 1, 1]), 'platt');
    if (platt.method !== 'platt') throw new Error('expected Platt');
    expect(Number.isFinite(platt.a) && platt.a > 0).toBe(true);
  });

  it('refuses one class and NaN margins', () => {
    expect(() => fitCalibrator([1, 2], Uint8Array.from([1, 1]), 'platt')).toThrow('the target has only class 1; Platt scaling needs both');
    expect(() => fitCalibrator([1, NaN], Uint8Array.from([0, 1]), 'isotonic')).toThrow(/NaN/);
    expect(() => calibratedProbabilities({ method: 'platt', a: 1, b: 0 }, [NaN])).toThrow(/NaN/);
  });
});
