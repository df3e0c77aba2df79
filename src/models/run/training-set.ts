import { randomBytes } from 'node:crypto';
import { defaultProfileAsOf, profileFeatureSteps } from '../../profiles/index.js';
import type { Store } from '../../store/index.js';
import { CUSTOMER_FEATURES, RECENT_FEATURES, recentFeaturesSql } from './customer-features.js';
import { activeInWindowSql, labelExpression, ModelInputError, type CustomerTarget } from './customer-target.js';
import { addDays, isDay } from './days.js';

/** A feature's values over a snapshot's customers: numbers (NaN = missing; flags 0/1) or texts. */
export type FeatureColumn = Float64Array | (string | null)[];

/**
 * Every eligible customer's features as of a day, and their labels when asked for: the columns
 * of {@link CUSTOMER_FEATURES} in customer-id order.
 */
export interface CustomerSnapshot {
  asOf: string;
  customerIds: string[];
  columns: Record<string, FeatureColumn>;
  /** 0/1 per customer; null when the snapshot was read without labels. */
  labels: Uint8Array | null;
}

export interface SnapshotOptions {
  asOf: string;
  /** Whose outcome the labels are, and who is eligible (churn: customers with an order before the as-of day). */
  target: CustomerTarget;
  horizonDays: number;
  /** Read the labels from [as-of, as-of + horizon) (default false). */
  labels?: boolean;
}

/**
 * Customers' features as of a day (the profile of `cairn features --as-of`, computed the same way,
 * plus recent-window features), with labels from after it. Features read only rows dated before
 * the as-of day and labels only rows from it on, so an outcome can never leak into the features.
 *
 * Eligible: every customer with an order, event or review before the as-of day (a CRM record
 * alone is no activity); for churn, only customers who had ordered (only a buyer can stop buying).
 */
export async function customerSnapshot(store: Store, options: SnapshotOptions): Promise<CustomerSnapshot> {
  const { asOf, target, horizonDays } = options;
  const prefix = `model_${randomBytes(6).toString('hex')}`;
  const name = (step: string) => `${prefix}_${step}`;
  const { steps, select } = profileFeatureSteps(asOf, false, name);
  const all = [...steps, { name: 'profile', sql: select }, { name: 'recent', sql: recentFeaturesSql(asOf) }];
  if (options.labels) all.push({ name: 'active', sql: activeInWindowSql(target, asOf, horizonDays) });
  try {
    // Working tables one by one, as computeProfileFeatures builds them (one statement outgrows memory on big stores).
    for (const step of all) await store.exec(`CREATE TEMP TABLE ${name(step.name)} AS ${step.sql}`);
    const eligible = ['p.last_activity_days IS NOT NULL', ...(target.kind === 'churn' ? ['p.has_orders'] : [])];
    const recent = RECENT_FEATURES.map((f) => `r.${f.name}`);
    const label = options.labels ? `, ${labelExpression(target, 'a.customer_id')}::INTEGER AS label` : '';
    const rows = await store.query<Record<string, unknown>>(
      `SELECT p.*, ${recent.join(', ')}${label}
       FROM ${name('profile')} p LEFT JOIN ${name('recent')} r USING (customer_id)
       ${options.labels ? `LEFT JOIN ${name('active')} a USING (customer_id)` : ''}
       WHERE ${eligible.join(' AND ')} ORDER BY customer_id`,
    );
    return toColumns(asOf, rows, options.labels === true);
  } finally {
    await store.exec(all.map((step) => `DROP TABLE IF EXISTS ${name(step.name)};`).join('\n'));
  }
}

function toColumns(asOf: string, rows: Record<string, unknown>[], labelled: boolean): CustomerSnapshot {
  const columns: Record<string, FeatureColumn> = {};
  for (const f of CUSTOMER_FEATURES) {
    if (f.kind === 'text') columns[f.name] = rows.map((r) => (r[f.name] == null ? null : String(r[f.name])));
    else columns[f.name] = Float64Array.from(rows, (r) => toNumber(r[f.name]));
  }
  return {
    asOf,
    customerIds: rows.map((r) => String(r['customer_id'])),
    columns,
    labels: labelled ? Uint8Array.from(rows, (r) => (Number(r['label']) === 1 ? 1 : 0)) : null,
  };
}

function toNumber(v: unknown): number {
  if (v === null || v === undefined) return Number.NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = Number(v);
  return Number.isFinite(n) ? n : Number.NaN;
}

/**
 * The as-of days of a time-based split: training, then validation one horizon later, then test one
 * horizon later still. Training may stack several as-of days one horizon apart (each customer once
 * per day), for more rows from a short history.
 */
export interface SplitWindows {
  /** The latest training as-of day. */
  train: string;
  /** Every training as-of day, latest first (`train` is the first). */
  trainDays: string[];
  valid: string;
  test: string;
  /** The day after the store's last order or event: outcome windows must end by it. */
  dataEnd: string;
  /** The first day with an order or event. */
  dataStart: string;
  horizonDays: number;
}

/** First and last-plus-one days of the store's orders and events; null when it has neither. */
export async function dataRange(store: Store): Promise<{ start: string; end: string } | null> {
  const end = await defaultProfileAsOf(store);
  if (end === null) return null;
  const [row] = await store.query<{ start: string }>(
    `SELECT strftime(least((SELECT min(ts) FROM orders), (SELECT min(ts) FROM events))::DATE, '%Y-%m-%d') AS start`,
  );
  return { start: row?.start ?? end, end };
}

/** Training as-of days stacked by default. */
export const DEFAULT_TRAIN_DAYS = 3;

/**
 * Time-based split: the test as-of day is the last one whose outcome window has closed
 * (data end − horizon) unless `testAsOf` is given, validation is one horizon earlier and training one
 * horizon earlier still, so that each set's outcome window ends where the next set's starts and
 * no label is seen before it is predicted. Up to `trainDays` training days are stacked, each one
 * horizon before the next, as long as at least one horizon of history precedes them.
 */
export function splitWindows(range: { start: string; end: string }, horizonDays: number, testAsOf?: string, trainDays = DEFAULT_TRAIN_DAYS): SplitWindows {
  if (!Number.isInteger(trainDays) || trainDays < 1) throw new ModelInputError(`--train-days ${trainDays} must be a whole number, at least 1`);
  if (!Number.isInteger(horizonDays) || horizonDays < 1) throw new ModelInputError(`--horizon ${horizonDays} must be a whole number of days, at least 1`);
  if (testAsOf !== undefined && !isDay(testAsOf)) throw new ModelInputError(`--as-of ${testAsOf} is not a date: use YYYY-MM-DD`);
  const latest = addDays(range.end, -horizonDays);
  const test = testAsOf ?? latest;
  if (test > latest) {
    throw new ModelInputError(`--as-of ${test}: its ${horizonDays}-day outcome window runs past the data (which ends ${addDays(range.end, -1)}); the latest possible is ${latest}`);
  }
  const valid = addDays(test, -horizonDays);
  const train = addDays(valid, -horizonDays);
  if (train <= range.start) {
    const need = addDays(range.start, 3 * horizonDays + 1);
    throw new ModelInputError(
      `not enough history for a ${horizonDays}-day horizon: training needs customers seen before ${train}, but the data starts ${range.start}. ` +
        `Use a shorter --horizon (at most ${Math.max(1, Math.floor((daysBetween(range.start, range.end) - 1) / 3))} days here) or data reaching ${need}`,
    );
  }
  const days = [train];
  for (let day = addDays(train, -horizonDays); days.length < trainDays && daysBetween(range.start, day) >= horizonDays; day = addDays(day, -horizonDays)) days.push(day);
  return { train, trainDays: days, valid, test, dataEnd: range.end, dataStart: range.start, horizonDays };
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Rows, positives and their share: the class balance of a labelled snapshot. */
export interface ClassBalance {
  asOf: string;
  customers: number;
  positives: number;
  positiveRate: number;
}

/** Snapshots of several as-of days as one (rows of the first, then the next, …). */
export function stackSnapshots(snapshots: readonly CustomerSnapshot[]): CustomerSnapshot {
  const [first, ...rest] = snapshots;
  if (!first) throw new RangeError('no snapshot to stack');
  if (rest.length === 0) return first;
  const columns: Record<string, FeatureColumn> = {};
  for (const [name, column] of Object.entries(first.columns)) {
    const parts = snapshots.map((s) => s.columns[name]!);
    if (column instanceof Float64Array) {
      const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts as Float64Array[]) {
        out.set(p, at);
        at += p.length;
      }
      columns[name] = out;
    } else columns[name] = (parts as (string | null)[][]).flat();
  }
  const labels = snapshots.every((s) => s.labels) ? Uint8Array.from(snapshots.flatMap((s) => Array.from(s.labels!))) : null;
  return { asOf: snapshots.map((s) => s.asOf).join(','), customerIds: snapshots.flatMap((s) => s.customerIds), columns, labels };
}

export function classBalance(snapshot: CustomerSnapshot): ClassBalance {
  const y = snapshot.labels;
  let positives = 0;
  if (y) for (let i = 0; i < y.length; i++) positives += y[i]!;
  const customers = snapshot.customerIds.length;
  return { asOf: snapshot.asOf, customers, positives, positiveRate: customers ? positives / customers : 0 };
}
