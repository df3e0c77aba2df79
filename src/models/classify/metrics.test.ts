import { describe, expect, it } from 'vitest';
import {
  accuracyAt,
  brier,
  calibrationTable,
  classificationReport,
  confusion,
  logLoss,
  prAuc,
  rocAuc,
  topDecileLift,
  topFractionLift,
} from './metrics.js';

// Eight rows with ties across the classes at 0.4.
const y = Uint8Array.from([0, 0, 1, 1, 0, 1, 0, 1]);
const s = Float64Array.from([0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.2, 0.9]);

describe('rocAuc', () => {
  it('counts a tie between a positive and a negative as one half', () => {
    // By hand: positives 0.35, 0.8, 0.9 beat 2, 4, 4 negatives; 0.4 beats 2 and ties 2 → 13/16.
    // sklearn roc_auc_score: 0.8125.
    expect(rocAuc(y, s)).toBeCloseTo(0.8125, 15);
  });
  it('is 1 for a perfect ranking and 0.5 for constant scores', () => {
    expect(rocAuc(Uint8Array.from([0, 1, 1, 0]), [1, 3, 2, 2.5])).toBe(0.75);
    expect(rocAuc(Uint8Array.from([0, 0, 1, 1]), [1, 2, 3, 4])).toBe(1);
    expect(rocAuc(y, new Float64Array(8).fill(0.3))).toBe(0.5);
  });
  it('refuses one class, NaN scores and mismatched lengths', () => {
    expect(() => rocAuc(Uint8Array.from([1, 1]), [0.2, 0.3])).toThrow('the target has only class 1; ROC AUC needs both');
    expect(() => rocAuc(y, [...s.slice(0, 7), NaN])).toThrow(/NaN/);
    expect(() => rocAuc(y, s.slice(1))).toThrow(RangeError);
  });
});

describe('prAuc', () => {
  it('is average precision over distinct thresholds, as sklearn', () => {
    // By hand: 0.25·1 + 0.25·1 + 0.25·3/5 + 0.25·4/6. sklearn average_precision_score: 0.8166666666666667.
    expect(prAuc(y, s)).toBeCloseTo(0.25 + 0.25 + 0.15 + 0.25 * (4 / 6), 15);
    expect(prAuc(y, s)).toBeCloseTo(0.8166666666666667, 15);
  });
  it('is the base rate for constant scores', () => {
    expect(prAuc(y, new Float64Array(8))).toBe(0.5);
  });
});

describe('logLoss and brier', () => {
  it('match sklearn on the small set', () => {
    // sklearn log_loss: 0.45559652973111076; brier_score_loss: 0.15031250000000002.
    expect(logLoss(y, s)).toBeCloseTo(0.45559652973111076, 14);
    expect(brier(y, s)).toBeCloseTo(0.1503125, 15);
  });
  it('clips probabilities of 0 and 1 at the machine epsilon', () => {
    // sklearn log_loss([1, 0, 1], [1, 0, 0]): 12.014551129705717.
    expect(logLoss(Uint8Array.from([1, 0, 1]), [1, 0, 0])).toBeCloseTo(12.014551129705717, 12);
  });
  it('refuses probabilities outside [0, 1]', () => {
    expect(() => brier(Uint8Array.from([1, 0]), [1.2, 0])).toThrow(/\[0, 1\]/);
  });
});

describe('decisions at a threshold', () => {
  it('counts rows scoring at or above the threshold as positive', () => {
    expect(confusion(y, s, 0.5)).toEqual({ tp: 2, fp: 0, tn: 4, fn: 2 });
    expect(confusion(y, s, 0.4)).toEqual({ tp: 3, fp: 2, tn: 2, fn: 1 });
    expect(accuracyAt(y, s, 0.5)).toBe(0.75); // sklearn accuracy_score: 0.75
  });
});

describe('topDecileLift', () => {
  it('takes ⌈n/10⌉ rows from the top', () => {
    // One row (0.9, a positive): rate 1 against 0.5 overall.
    expect(topDecileLift(y, s)).toEqual({ fraction: 0.1, rows: 1, positives: 1, lift: 2, captureRate: 0.25 });
  });
  it('breaks ties at the cut by input order', () => {
    const labels = Uint8Array.from([0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const flat = new Float64Array(20).fill(0.5);
    // Two rows: rows 0 and 1, one positive of three → lift (1/2)/(3/20), capture 1/3.
    const lift = topDecileLift(labels, flat);
    expect(lift.rows).toBe(2);
    expect(lift.positives).toBe(1);
    expect(lift.lift).toBeCloseTo(10 / 3, 12);
    expect(lift.captureRate).toBeCloseTo(1 / 3, 12);
  });
  it('takes a wider fraction on request', () => {
    expect(topFractionLift(y, s, 0.5)).toMatchObject({ rows: 4, positives: 2, captureRate: 0.5 }); // 0.9, 0.8, then rows 1 and 4 (both 0.4, negatives);
  });
});

describe('calibrationTable', () => {
  it('bins uniformly and leaves empty bins out, as sklearn calibration_curve', () => {
    // sklearn: prob_true [0, 0.5, 1], prob_pred [0.15, 0.3875, 0.85].
    const table = calibrationTable(s, y, 4);
    expect(table.map((b) => b.count)).toEqual([2, 4, 2]);
    expect(table.map((b) => b.observedRate)).toEqual([0, 0.5, 1]);
    expect(table[1]!.meanPredicted).toBeCloseTo(0.3875, 15);
    expect(table[2]).toMatchObject({ lower: 0.75, upper: 1 });
  });
  it('bins by quantile, an edge value going to the lower bin', () => {
    // sklearn strategy='quantile', 3 bins: prob_true [1/3, 1/3, 1], prob_pred [0.21667, 0.4, 0.85].
    const table = calibrationTable(s, y, 3, 'quantile');
    expect(table.map((b) => b.count)).toEqual([3, 3, 2]);
    expect(table[0]!.meanPredicted).toBeCloseTo(0.65 / 3, 15);
    expect(table[1]!.meanPredicted).toBeCloseTo(0.4, 15);
    expect(table[0]!.upper).toBeCloseTo(0.36666666666666664, 15);
  });
});

describe('classificationReport', () => {
  it('bundles every metric as plain JSON', () => {
    const report = classificationReport(y, s, 0.5, { bins: 4 });
    expect(report).toMatchObject({ rows: 8, positives: 4, baseRate: 0.5, accuracy: 0.75, precision: 1, recall: 0.5 });
    expect(report.f1).toBeCloseTo(2 / 3, 15);
    expect(report.rocAuc).toBeCloseTo(0.8125, 15);
    // Bins: |0 − 0.15|·2 + |0.5 − 0.3875|·4 + |1 − 0.85|·2 over 8 rows.
    expect(report.expectedCalibrationError).toBeCloseTo((0.3 + 0.45 + 0.3) / 8, 15);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
  it('gives precision 0 when nothing is called positive', () => {
    expect(classificationReport(y, s, 0.95).precision).toBe(0);
  });
  it('says when the labels hold one class', () => {
    expect(() => classificationReport(new Uint8Array(3), [0.1, 0.2, 0.3])).toThrow('the target has only class 0');
  });
});
