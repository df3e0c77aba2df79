import { expectedPurchases, probabilityAlive, type BgNbdParams } from './bgnbd.js';
import { paretoExpectedPurchases, paretoProbabilityAlive, type ParetoNbdParams } from './pareto-nbd.js';

/** A fitted purchase-count model, whichever it is, in the time unit of its summary. */
export interface TransactionModel {
  readonly kind: 'bgnbd' | 'pareto-nbd';
  /** Expected purchases in (T, T+t]. */
  expectedPurchases(t: number, x: number, tx: number, T: number): number;
  probabilityAlive(x: number, tx: number, T: number): number;
}

export function bgnbdModel(p: BgNbdParams): TransactionModel {
  return { kind: 'bgnbd', expectedPurchases: (t, x, tx, T) => expectedPurchases(p, t, x, tx, T), probabilityAlive: (x, tx, T) => probabilityAlive(p, x, tx, T) };
}

export function paretoNbdModel(p: ParetoNbdParams): TransactionModel {
  return { kind: 'pareto-nbd', expectedPurchases: (t, x, tx, T) => paretoExpectedPurchases(p, t, x, tx, T), probabilityAlive: (x, tx, T) => paretoProbabilityAlive(p, x, tx, T) };
}

export interface DiscountOptions {
  /** Horizon in months (lifetimes' `time`, default 12). */
  months?: number;
  /** Discount rate per month (lifetimes' default 0.01). */
  monthlyDiscount?: number;
  /** Model time units in a month: 30 for days (lifetimes' 'D'), 4.345 for weeks. */
  unitsPerMonth: number;
}

/**
 * Discounted customer lifetime value as lifetimes' `customer_lifetime_value` computes it: the
 * expected purchases of each month of the horizon times the expected spend per purchase,
 * discounted to today at the monthly rate.
 */
export function discountedValue(model: TransactionModel, x: number, tx: number, T: number, spend: number, options: DiscountOptions): number {
  const months = options.months ?? 12;
  const d = options.monthlyDiscount ?? 0.01;
  let value = 0;
  let before = 0;
  for (let m = 1; m <= months; m++) {
    const cumulative = model.expectedPurchases(m * options.unitsPerMonth, x, tx, T);
    value += (spend * (cumulative - before)) / Math.pow(1 + d, m);
    before = cumulative;
  }
  return value;
}

export interface NextPurchase {
  /** P(at least one purchase within `within` time units). */
  probabilityWithin: number;
  /** Median wait until the next purchase, or null when the customer more likely never buys again. */
  medianWait: number | null;
}

/**
 * When the next purchase comes, under BG/NBD. A customer can only drop out right after a
 * purchase, so one alive at T with no purchase by T+t is still alive, and
 * P(no purchase in (T, T+t]) = 1 − P(alive) + P(alive)·((α+T)/(α+T+t))^(r+x)
 * (the Poisson zero term integrated over the posterior Gamma(r+x, α+T) of the rate). Solving
 * P(≥1 purchase) = ½ gives the median wait in closed form.
 */
export function nextPurchase(p: BgNbdParams, x: number, tx: number, T: number, within: number): NextPurchase {
  const alive = probabilityAlive(p, x, tx, T);
  const shape = p.r + x;
  const scale = p.alpha + T;
  const probabilityWithin = alive * (1 - Math.pow(scale / (scale + within), shape));
  const medianWait = alive > 0.5 ? scale * (Math.pow(1 - 0.5 / alive, -1 / shape) - 1) : null;
  return { probabilityWithin, medianWait };
}
