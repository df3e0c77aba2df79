import { clvSummary, orderDateRange, type ClvSummary, type SummaryUnit } from '../../profiles/index.js';
import type { Store } from '../../store/index.js';
import {
  bgnbdModel,
  discountedValue,
  expectedSpend,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  nextPurchase,
  paretoNbdModel,
  type BgNbdParams,
  type GammaGammaParams,
  type ParetoNbdParams,
  type TransactionModel,
} from '../index.js';
import { holdoutComparison, type HoldoutComparison } from './clv-holdout.js';
import { addDays, isDay } from './days.js';

export type PurchaseModelKind = 'bgnbd' | 'pareto-nbd';

export interface ClvRunOptions {
  /** Inclusive, YYYY-MM-DD; default the last order day in the store. */
  calibrationEnd?: string;
  holdoutEnd?: string;
  model?: PurchaseModelKind;
  unit?: SummaryUnit;
  /** CLV horizon in months (default 12) and monthly discount rate (default 0.01), as lifetimes. */
  months?: number;
  monthlyDiscount?: number;
  /** Window for the "buys within" probability, in days (default 30). */
  withinDays?: number;
  /** Write predictions and the model row (default true). */
  write?: boolean;
}

/** One customer's prediction, as written to `predictions.values`. */
export interface CustomerValue {
  customerId: string;
  clv: number;
  probabilityAlive: number;
  expectedPurchases: number;
  expectedSpend: number;
  probabilityBuyWithin: number | null;
  nextPurchaseDate: string | null;
  frequency: number;
  recency: number;
  T: number;
}

export interface ClvRunResult {
  version: string;
  model: PurchaseModelKind;
  unit: SummaryUnit;
  calibrationEnd: string;
  holdoutEnd: string | null;
  customers: number;
  repeatCustomers: number;
  purchaseModel: { params: BgNbdParams | ParetoNbdParams; logLikelihood: number; converged: boolean; stop: string; iterations: number };
  /** Absent when fewer than two customers bought twice with a positive spend: CLV then uses each customer's own mean, or the overall mean order value. */
  gammaGamma: { params: GammaGammaParams; customers: number; logLikelihood: number; converged: boolean } | { skipped: string };
  horizonMonths: number;
  monthlyDiscount: number;
  totals: { expectedPurchases: number; clv: number; meanProbabilityAlive: number };
  top: CustomerValue[];
  holdout: HoldoutComparison | null;
  written: number;
  seconds: number;
}

/** Refusals a user can act on (bad dates, no orders). */
export class ClvInputError extends Error {
  override name = 'ClvInputError';
}

/**
 * `cairn clv`: summarise the store's orders up to the calibration end, fit the purchase model and
 * Gamma-Gamma, predict each customer's purchases, P(alive), next purchase and discounted CLV, compare
 * with the holdout period when one is given, and write the predictions with the model version.
 */
export async function runClv(store: Store, options: ClvRunOptions = {}): Promise<ClvRunResult> {
  const started = performance.now();
  const range = await orderDateRange(store);
  if (!range) throw new ClvInputError('the store has no orders with a customer: import orders first (cairn import … --source …)');
  const calibrationEnd = options.calibrationEnd ?? range.last;
  checkDates(calibrationEnd, options.holdoutEnd, range);
  const unit = options.unit ?? 'day';
  const kind = options.model ?? 'bgnbd';
  const summary = await clvSummary(store, { calibrationEnd, holdoutEnd: options.holdoutEnd, unit });
  if (summary.customerIds.length < 2) throw new ClvInputError(`only ${summary.customerIds.length} customer(s) bought on or before ${calibrationEnd}: choose a later --calibration-end`);
  const repeatCustomers = summary.frequency.reduce((n, x) => n + (x > 0 ? 1 : 0), 0);
  if (repeatCustomers === 0) throw new ClvInputError(`no customer bought on two different days by ${calibrationEnd}: a purchase-count model has nothing to learn from (choose a later --calibration-end or import more history)`);

  const fit = kind === 'bgnbd' ? fitBgNbd(summary) : fitParetoNbd(summary);
  const model: TransactionModel = kind === 'bgnbd' ? bgnbdModel(fit.params as BgNbdParams) : paretoNbdModel(fit.params as ParetoNbdParams);
  const spend = spendModel(summary);
  const unitsPerMonth = unit === 'week' ? 30 / 7 : 30;
  const months = options.months ?? 12;
  const monthlyDiscount = options.monthlyDiscount ?? 0.01;
  const withinDays = options.withinDays ?? 30;
  const version = `${kind}+gg@${calibrationEnd}`;

  const values: CustomerValue[] = summary.customerIds.map((customerId, i) => {
    const x = summary.frequency[i]!;
    const tx = summary.recency[i]!;
    const T = summary.T[i]!;
    const perPurchase = spend.of(x, summary.monetary[i]!);
    const next = kind === 'bgnbd' ? nextPurchase(fit.params as BgNbdParams, x, tx, T, withinDays / (unit === 'week' ? 7 : 1)) : null;
    return {
      customerId,
      clv: discountedValue(model, x, tx, T, perPurchase, { months, monthlyDiscount, unitsPerMonth }),
      probabilityAlive: model.probabilityAlive(x, tx, T),
      expectedPurchases: model.expectedPurchases(months * unitsPerMonth, x, tx, T),
      expectedSpend: perPurchase,
      probabilityBuyWithin: next?.probabilityWithin ?? null,
      nextPurchaseDate: next?.medianWait == null ? null : addDays(calibrationEnd, Math.round(next.medianWait * (unit === 'week' ? 7 : 1))),
      frequency: x,
      recency: tx,
      T,
    };
  });
  const holdout = summary.holdout ? holdoutComparison(model, summary) : null;
  const written = options.write === false ? 0 : await writePredictions(store, version, kind, fit, spend, values, holdout, calibrationEnd);
  const total = (pick: (v: CustomerValue) => number) => values.reduce((s, v) => s + pick(v), 0);
  return {
    version,
    model: kind,
    unit,
    calibrationEnd,
    holdoutEnd: options.holdoutEnd ?? null,
    customers: values.length,
    repeatCustomers,
    purchaseModel: { params: fit.params, logLikelihood: fit.logLikelihood, converged: fit.converged, stop: fit.stop, iterations: fit.iterations },
    gammaGamma: spend.report,
    horizonMonths: months,
    monthlyDiscount,
    totals: { expectedPurchases: total((v) => v.expectedPurchases), clv: total((v) => v.clv), meanProbabilityAlive: total((v) => v.probabilityAlive) / values.length },
    top: [...values].sort((a, b) => b.clv - a.clv).slice(0, 10),
    holdout,
    written,
    seconds: (performance.now() - started) / 1000,
  };
}

interface SpendModel {
  of(x: number, mean: number): number;
  report: ClvRunResult['gammaGamma'];
}

/**
 * Gamma-Gamma when at least two customers have repeat purchases with a positive spend; otherwise
 * the documented fallback: each repeat customer's own mean, and the mean over them (or 0) for the rest.
 */
function spendModel(s: ClvSummary): SpendModel {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < s.frequency.length; i++) {
    if (s.frequency[i]! > 0 && s.monetary[i]! > 0) {
      sum += s.monetary[i]!;
      n++;
    }
  }
  const overall = n ? sum / n : 0;
  if (n < 2) {
    return { of: (x, m) => (x > 0 && m > 0 ? m : overall), report: { skipped: `only ${n} customer(s) have a repeat purchase with a positive value: spend per purchase is each customer's own mean (or the overall mean)` } };
  }
  const gg = fitGammaGamma(s.frequency, s.monetary);
  return {
    // A customer without a repeat purchase gets the population mean p·v/(q−1) (x = 0 in the formula).
    of: (x, m) => expectedSpend(gg.params, x > 0 && m > 0 ? x : 0, m),
    report: { params: gg.params, customers: gg.customers, logLikelihood: gg.logLikelihood, converged: gg.converged },
  };
}

function checkDates(calibrationEnd: string, holdoutEnd: string | undefined, range: { first: string; last: string }): void {
  if (!isDay(calibrationEnd)) throw new ClvInputError(`--calibration-end ${calibrationEnd} is not a date: use YYYY-MM-DD (orders run from ${range.first} to ${range.last})`);
  if (calibrationEnd < range.first) throw new ClvInputError(`--calibration-end ${calibrationEnd} is before the first order (${range.first}): choose a date between ${range.first} and ${range.last}`);
  if (holdoutEnd === undefined) return;
  if (!isDay(holdoutEnd)) throw new ClvInputError(`--holdout-end ${holdoutEnd} is not a date: use YYYY-MM-DD`);
  if (holdoutEnd <= calibrationEnd) throw new ClvInputError(`--holdout-end ${holdoutEnd} must come after --calibration-end ${calibrationEnd}`);
}

async function writePredictions(
  store: Store,
  version: string,
  kind: PurchaseModelKind,
  fit: { params: object; logLikelihood: number; converged: boolean },
  spend: SpendModel,
  values: readonly CustomerValue[],
  holdout: HoldoutComparison | null,
  calibrationEnd: string,
): Promise<number> {
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  await store.transaction(async () => {
    await store.execute(`DELETE FROM predictions WHERE model = 'clv' AND version = ?`, [version]);
    await store.execute(`DELETE FROM models WHERE model = 'clv' AND version = ?`, [version]);
    await store.execute(`UPDATE models SET status = 'retired' WHERE model = 'clv' AND status = 'active'`);
    await store.execute(`INSERT INTO models VALUES ('clv', ?, ?, 'active', ?::JSON, ?::JSON, ?::TIMESTAMP)`, [
      version,
      `${kind}+gamma-gamma`,
      JSON.stringify({ calibrationEnd, purchaseModel: fit.params, gammaGamma: 'params' in spend.report ? spend.report.params : null }),
      JSON.stringify({ logLikelihood: fit.logLikelihood, converged: fit.converged, holdout: holdout ? { mae: holdout.meanAbsoluteError, predicted: holdout.predictedTotal, actual: holdout.actualTotal } : null }),
      now,
    ]);
    await store.appendRows(
      'predictions',
      ['customer_id', 'model', 'version', 'score', 'values', 'computed_at'],
      values.map((v) => {
        const { customerId, ...rest } = v;
        return [customerId, 'clv', version, round(v.clv), JSON.stringify(rest, (_k, x: unknown) => (typeof x === 'number' ? round(x) : x)), now];
      }),
    );
  });
  return values.length;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
