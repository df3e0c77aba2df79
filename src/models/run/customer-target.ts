import { sqlString } from '../../store/index.js';

/**
 * What a customer model predicts, from what happens in the `horizonDays` days from the as-of day
 * on: churn = no order, propensity = an order, event = an event of that name (any case).
 */
export type CustomerTarget = { kind: 'churn' } | { kind: 'propensity' } | { kind: 'event'; event: string };

/** Days of the outcome window when none is given. */
export const DEFAULT_HORIZON_DAYS = { churn: 90, propensity: 30, event: 30 } as const;

/** A target or horizon a user gave that cannot work; the message says what would. */
export class ModelInputError extends Error {
  override name = 'ModelInputError';
}

/** Reads `churn`, `propensity` or `event:NAME`. */
export function parseTarget(text: string): CustomerTarget {
  if (text === 'churn' || text === 'propensity') return { kind: text };
  if (text.startsWith('event:') && text.slice(6).trim()) return { kind: 'event', event: text.slice(6).trim() };
  throw new ModelInputError(`--target ${text} is not known: use churn, propensity or event:NAME (e.g. event:Product Added)`);
}

/** The registry's model name of a target: `churn`, `propensity`, `event:NAME`. */
export function targetName(target: CustomerTarget): string {
  return target.kind === 'event' ? `event:${target.event}` : target.kind;
}

/** In words, for reports: "no order in the next 90 days". */
export function describeTarget(target: CustomerTarget, horizonDays: number): string {
  if (target.kind === 'churn') return `no order in the next ${horizonDays} days`;
  if (target.kind === 'propensity') return `an order in the next ${horizonDays} days`;
  return `a "${target.event}" event in the next ${horizonDays} days`;
}

/**
 * SQL of the customers who did what the target watches (ordered, or sent the event) in
 * [as-of, as-of + horizon). Churn's label is 1 for a customer not among them; the other
 * targets' label is 1 for one who is.
 */
export function activeInWindowSql(target: CustomerTarget, asOf: string, horizonDays: number): string {
  const from = `TIMESTAMP ${sqlString(asOf)}`;
  const window = `ts >= ${from} AND ts < ${from} + INTERVAL ${Math.round(horizonDays)} DAY AND customer_id IS NOT NULL`;
  if (target.kind === 'event') return `SELECT DISTINCT customer_id FROM events WHERE ${window} AND lower(name) = ${sqlString(target.event.toLowerCase())}`;
  return `SELECT DISTINCT customer_id FROM orders WHERE ${window} AND kind = 'order'`;
}

/** The label as a SQL expression over `active` (1 = the customer did it in the window, else NULL). */
export function labelExpression(target: CustomerTarget, active: string): string {
  return target.kind === 'churn' ? `(${active} IS NULL)` : `(${active} IS NOT NULL)`;
}
