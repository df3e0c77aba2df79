import type { Store } from '../../store/index.js';
import { brier, calibrationTable, logLoss, rocAuc, type CalibrationBin } from '../classify/index.js';
import { activeInWindowSql, labelExpression, parseTarget } from './customer-target.js';
import { addDays } from './days.js';
import { dataRange } from './training-set.js';

/** How a stored prediction run turned out once its outcome window closed. */
export interface FeedbackRun {
  model: string;
  version: string;
  asOf: string;
  horizonDays: number;
  outcomeEnd: string;
  customers: number;
  positives: number;
  /** Null when every customer had the same outcome (AUC is then undefined). */
  rocAuc: number | null;
  meanPredicted: number;
  observedRate: number;
  brier: number;
  logLoss: number;
  calibration: CalibrationBin[];
  computedAt: string;
}

/** A stored run whose window is still open. */
export interface PendingRun {
  model: string;
  version: string;
  asOf: string;
  horizonDays: number;
  customers: number;
  /** The first day the outcome is known: the data must reach the day before. */
  closesOn: string;
}

export interface FeedbackUpdate {
  /** Runs measured by this call. */
  computed: FeedbackRun[];
  pending: PendingRun[];
  /** The day after the store's last order or event. */
  dataEnd: string | null;
}

/**
 * The feedback loop: every run of stored predictions (model, version, as-of day) whose outcome
 * window [as-of, as-of + horizon) the store's data now covers, and that has not been measured
 * yet, is labelled from what the customers really did and its realised ROC AUC, calibration,
 * Brier score and log loss are stored in `model_feedback`.
 */
export async function updateFeedback(store: Store, options: { model?: string } = {}): Promise<FeedbackUpdate> {
  const range = await dataRange(store);
  const runs = await store.query<{ model: string; version: string; as_of: string; horizon: number; customers: number; measured: boolean }>(
    `SELECT p.model, p.version, json_extract_string(p."values", '$.asOf') AS as_of, json_extract(p."values", '$.horizonDays')::INTEGER AS horizon,
       count(*)::INTEGER AS customers,
       EXISTS (SELECT 1 FROM model_feedback f WHERE f.model = p.model AND f.version = p.version AND f.as_of = json_extract_string(p."values", '$.asOf')::DATE) AS measured
     FROM predictions p
     WHERE EXISTS (SELECT 1 FROM model_artifacts a WHERE a.model = p.model AND a.version = p.version)${options.model === undefined ? '' : ' AND p.model = ?'}
     GROUP BY ALL ORDER BY as_of, p.version`,
    options.model === undefined ? [] : [options.model],
  );
  const computed: FeedbackRun[] = [];
  const pending: PendingRun[] = [];
  for (const r of runs) {
    if (r.measured) continue;
    const closesOn = addDays(r.as_of, r.horizon);
    if (range === null || closesOn > range.end) {
      pending.push({ model: r.model, version: r.version, asOf: r.as_of, horizonDays: r.horizon, customers: r.customers, closesOn });
      continue;
    }
    computed.push(await measure(store, r.model, r.version, r.as_of, r.horizon));
  }
  return { computed, pending, dataEnd: range?.end ?? null };
}

async function measure(store: Store, model: string, version: string, asOf: string, horizonDays: number): Promise<FeedbackRun> {
  const target = parseTarget(model);
  const rows = await store.query<{ score: number; label: number }>(
    `SELECT p.score, ${labelExpression(target, 'a.customer_id')}::INTEGER AS label
     FROM predictions p LEFT JOIN (${activeInWindowSql(target, asOf, horizonDays)}) a USING (customer_id)
     WHERE p.model = ? AND p.version = ? AND json_extract_string(p."values", '$.asOf') = ? AND p.score IS NOT NULL`,
    [model, version, asOf],
  );
  const y = Uint8Array.from(rows, (r) => (r.label === 1 ? 1 : 0));
  const p = Float64Array.from(rows, (r) => r.score);
  let positives = 0;
  let predicted = 0;
  for (let i = 0; i < y.length; i++) {
    positives += y[i]!;
    predicted += p[i]!;
  }
  const both = positives > 0 && positives < y.length;
  const run: FeedbackRun = {
    model,
    version,
    asOf,
    horizonDays,
    outcomeEnd: addDays(asOf, horizonDays),
    customers: y.length,
    positives,
    rocAuc: both ? rocAuc(y, p) : null,
    meanPredicted: y.length ? predicted / y.length : 0,
    observedRate: y.length ? positives / y.length : 0,
    brier: y.length ? brier(y, p) : 0,
    logLoss: y.length ? logLoss(y, p) : 0,
    calibration: y.length ? calibrationTable(p, y) : [],
    computedAt: new Date().toISOString(),
  };
  const { model: _m, version: _v, asOf: _a, horizonDays: _h, outcomeEnd: _o, customers: _c, positives: _p, computedAt: _t, ...metrics } = run;
  await store.execute(
    `INSERT OR REPLACE INTO model_feedback (model, version, as_of, horizon_days, outcome_end, customers, positives, metrics, computed_at)
     VALUES (?, ?, ?::DATE, ?, ?::DATE, ?, ?, ?::JSON, ?::TIMESTAMP)`,
    [model, version, asOf, horizonDays, run.outcomeEnd, run.customers, positives, JSON.stringify(metrics), run.computedAt.replace('T', ' ').replace('Z', '')],
  );
  return run;
}

/** Stored feedback, newest as-of day first; of one version when named. */
export async function readFeedback(store: Store, version?: string): Promise<FeedbackRun[]> {
  const rows = await store.query<{ model: string; version: string; as_of: string; horizon_days: number; outcome_end: string; customers: number; positives: number; metrics: string; computed_at: string }>(
    `SELECT model, version, strftime(as_of, '%Y-%m-%d') AS as_of, horizon_days, strftime(outcome_end, '%Y-%m-%d') AS outcome_end, customers, positives,
       metrics::VARCHAR AS metrics, computed_at
     FROM model_feedback${version === undefined ? '' : ' WHERE version = ?'} ORDER BY as_of DESC, version`,
    version === undefined ? [] : [version],
  );
  return rows.map((r) => ({
    model: r.model,
    version: r.version,
    asOf: r.as_of,
    horizonDays: r.horizon_days,
    outcomeEnd: r.outcome_end,
    customers: r.customers,
    positives: r.positives,
    ...(JSON.parse(r.metrics) as Pick<FeedbackRun, 'rocAuc' | 'meanPredicted' | 'observedRate' | 'brier' | 'logLoss' | 'calibration'>),
    computedAt: r.computed_at,
  }));
}
