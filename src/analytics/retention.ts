/**
 * Retention cohorts: people grouped by the calendar period (UTC day, ISO week from Monday, month)
 * of their first event, first named event or first purchase, and how many of them come back in
 * each later period.
 *
 * - Cohorts by first event (or a named event) follow people as funnels do (customer, else
 *   visitor, else anonymous id); any event of theirs makes them active in a period (or only
 *   `returnEvent`). By first purchase they are customers and an order makes them active.
 * - Bounded ("N-day") retention counts who is active in period N; unbounded counts who is active
 *   in period N or any later one.
 * - Revenue retention: the cohort's revenue (orders net of returns, every channel) in period N
 *   over its revenue in period 0; unbounded sums period N and later.
 * - A period after the last day of data (or `to`) has not happened yet: null, not 0. A rate with
 *   nothing under it is null, never NaN.
 */

export type RetentionPeriod = 'day' | 'week' | 'month';
export const RETENTION_PERIODS: readonly RetentionPeriod[] = ['day', 'week', 'month'];
export type RetentionMetric = 'customers' | 'revenue';

export type RetentionCohortBy = { kind: 'first-event' } | { kind: 'first-purchase' } | { kind: 'event'; event: string };

export interface RetentionOptions {
  cohort: RetentionCohortBy;
  period: RetentionPeriod;
  metric: RetentionMetric;
  unbounded: boolean;
  /** Only this event makes a person active (event cohorts); default any event. */
  returnEvent?: string | undefined;
  /** Cohorts whose first event is on or after `from`; activity up to and including `to` (YYYY-MM-DD, UTC). */
  from?: string | undefined;
  to?: string | undefined;
  /** Most periods (columns) returned, period 0 included; default all up to the end of the data. */
  periods?: number | undefined;
}

export interface RetentionCohort {
  /** First day of the cohort's period, YYYY-MM-DD. */
  cohort: string;
  /** People in the cohort. */
  size: number;
  /** Per period N: people active (or revenue); null for periods that have not happened yet. */
  values: (number | null)[];
  /** values ÷ size (customers) or ÷ values[0] (revenue). */
  rates: (number | null)[];
}

export interface RetentionReport {
  cohortBy: string;
  period: RetentionPeriod;
  metric: RetentionMetric;
  unbounded: boolean;
  returnEvent: string | null;
  range: { from: string | null; to: string | null };
  /** The last day of data counted. */
  through: string | null;
  /** Number of period columns. */
  periods: number;
  cohorts: RetentionCohort[];
  /** Per period: the rate over every cohort that has reached it (weighted by size, or by period-0 revenue). */
  average: (number | null)[];
  message: string | null;
}

/** A cell as the query returns it: cohort, period index, people or revenue. */
export interface RetentionCell {
  cohort: string;
  k: number;
  value: number;
}

export interface RetentionCohortSize {
  cohort: string;
  size: number;
  /** Periods from the cohort's to the last one with data (so columns 0…span exist). */
  span: number;
}

const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || !(b > 0) ? null : a / b);

/**
 * The cohort matrix from the query's cells: bounded cells are "active in period k"; for
 * unbounded the cells are each person's last active period (customers) or per-period revenue,
 * and are summed from the right.
 */
export function retentionMatrix(sizes: readonly RetentionCohortSize[], cells: readonly RetentionCell[], options: Pick<RetentionOptions, 'metric' | 'unbounded' | 'periods'>): { cohorts: RetentionCohort[]; average: (number | null)[]; periods: number } {
  const widest = Math.max(0, ...sizes.map((s) => s.span + 1));
  const periods = options.periods === undefined ? widest : Math.max(1, Math.min(widest, options.periods));
  const byCohort = new Map<string, number[]>();
  for (const s of sizes) byCohort.set(s.cohort, new Array<number>(widest).fill(0));
  for (const c of cells) {
    const row = byCohort.get(c.cohort);
    if (row && c.k >= 0 && c.k < widest) row[c.k] = (row[c.k] ?? 0) + c.value;
  }
  const cohorts = sizes.map((s) => {
    const raw = byCohort.get(s.cohort)!;
    if (options.unbounded) for (let k = raw.length - 2; k >= 0; k--) raw[k] = raw[k]! + raw[k + 1]!;
    const values = raw.slice(0, periods).map((v, k) => (k <= s.span ? round(v) : null));
    const base = options.metric === 'revenue' ? values[0] ?? null : s.size;
    return { cohort: s.cohort, size: s.size, values, rates: values.map((v) => ratio(v, base)) };
  });
  const average = Array.from({ length: periods }, (_, k) => {
    const reached = cohorts.filter((c) => c.values[k] !== null);
    const over = reached.reduce((sum, c) => sum + (options.metric === 'revenue' ? c.values[0] ?? 0 : c.size), 0);
    return ratio(reached.reduce((sum, c) => sum + (c.values[k] ?? 0), 0), over);
  });
  return { cohorts, average, periods };
}

/** Money to the cent, counts unchanged. */
function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** `first-event`, `first-purchase` or the event's name. */
export function formatCohortBy(c: RetentionCohortBy): string {
  return c.kind === 'event' ? c.event : c.kind;
}

/** `first-event`, `first-purchase`, or any other text as an event's name. */
export function parseCohortBy(text: string): RetentionCohortBy {
  const value = text.trim();
  if (value === 'first-event' || value === 'first-purchase') return { kind: value };
  return { kind: 'event', event: value };
}
