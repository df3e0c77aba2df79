import { sqlIdent, sqlString, type Store } from '../../store/index.js';
import { dayNumber, isoDay } from '../index.js';

/** A daily series as the forecast takes it: values from `start`, one a day, no day left out. */
export interface DailySeries {
  /** `all`, `category:<name>` or the file's value column. */
  series: string;
  start: string;
  values: Float64Array;
}

export type ForecastMetric = 'revenue' | 'orders';

export interface StoreSeriesOptions {
  metric: ForecastMetric;
  byCategory?: boolean;
  /** Inclusive first and last day (YYYY-MM-DD); default the first and last order day. */
  from?: string;
  to?: string;
  /** Categories by value to forecast one by one; the rest are summed as `category:(other)`. */
  top?: number;
}

/** Refusals a user can act on: no orders, bad dates, a file without the columns. */
export class ForecastDataError extends Error {
  override name = 'ForecastDataError';
}

/** Lays (day, value) rows over every day of [first, last]; a day with no row is zero sales. */
function dense(rows: readonly { day: string; v: number }[], first: number, last: number): Float64Array {
  const values = new Float64Array(last - first + 1);
  for (const r of rows) {
    const t = dayNumber(r.day) - first;
    if (t >= 0 && t < values.length) values[t]! += r.v;
  }
  return values;
}

// Sales are completed orders ('order'); returns and adjustments are left out. Days are UTC days.
const ORDERS_WHERE = `o.kind = 'order' AND (?::DATE IS NULL OR o.ts >= ?::DATE) AND (?::DATE IS NULL OR o.ts < ?::DATE + INTERVAL 1 DAY)`;

/**
 * Daily revenue or order counts from the store, overall (`all`) or per product category, every
 * day from the first to the last order day (or --from/--to) with zero for days without orders.
 */
export async function storeSeries(store: Store, options: StoreSeriesOptions): Promise<DailySeries[]> {
  const from = options.from ?? null;
  const to = options.to ?? null;
  const bounds = [from, from, to, to];
  const range = await store.query<{ first: string | null; last: string | null }>(
    `SELECT strftime(min(o.ts)::DATE, '%Y-%m-%d') AS first, strftime(max(o.ts)::DATE, '%Y-%m-%d') AS last FROM orders o WHERE ${ORDERS_WHERE}`,
    bounds,
  );
  const { first, last } = range[0] ?? { first: null, last: null };
  if (!first || !last) {
    const window = from || to ? ` between ${from ?? 'the start'} and ${to ?? 'the end'}` : '';
    throw new ForecastDataError(`the store has no orders${window}: import orders first (cairn import FILE --source …) or widen --from/--to`);
  }
  const firstDay = dayNumber(from ?? first);
  const lastDay = dayNumber(to ?? last);
  const start = isoDay(firstDay);
  if (!options.byCategory) {
    const value = options.metric === 'orders' ? 'count(*)' : 'sum(o.revenue)';
    const rows = await store.query<{ day: string; v: number }>(
      `SELECT strftime(o.ts::DATE, '%Y-%m-%d') AS day, (${value})::DOUBLE AS v FROM orders o WHERE ${ORDERS_WHERE} GROUP BY 1`,
      bounds,
    );
    return [{ series: 'all', start, values: dense(rows, firstDay, lastDay) }];
  }
  // Per category: revenue from the lines (quantity × price), orders counted once per category.
  const value = options.metric === 'orders' ? 'count(DISTINCT o.order_id)' : 'sum(i.quantity * i.price)';
  const rows = await store.query<{ category: string; day: string; v: number }>(
    `SELECT coalesce(p.category, '(none)') AS category, strftime(o.ts::DATE, '%Y-%m-%d') AS day, (${value})::DOUBLE AS v
     FROM orders o JOIN order_items i ON i.order_id = o.order_id LEFT JOIN products p ON p.product_id = i.product_id
     WHERE ${ORDERS_WHERE} GROUP BY 1, 2`,
    bounds,
  );
  if (!rows.length) throw new ForecastDataError('the orders have no lines (order_items) to put in categories: forecast without --by category, or import the order lines');
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.category, (totals.get(r.category) ?? 0) + r.v);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  const kept = new Set(ranked.slice(0, options.top ?? 15));
  const byCategory = new Map<string, { day: string; v: number }[]>();
  for (const r of rows) {
    const key = kept.has(r.category) ? r.category : '(other)';
    (byCategory.get(key) ?? byCategory.set(key, []).get(key)!).push(r);
  }
  const order = [...ranked.filter((c) => kept.has(c)), ...(byCategory.has('(other)') ? ['(other)'] : [])];
  return order.map((c) => ({ series: `category:${c}`, start, values: dense(byCategory.get(c)!, firstDay, lastDay) }));
}

/**
 * A series from a user's CSV: `time` parsed as a timestamp or date, `value` as a number, summed
 * per day (finer timestamps are aggregated); days with no rows are zero. Read with DuckDB's CSV
 * reader, no store needed.
 */
export async function csvSeries(store: Store, file: string, time: string, value: string): Promise<DailySeries & { rows: number; skipped: number }> {
  const source = `read_csv(${sqlString(file)}, all_varchar = true)`;
  const { columns } = await store.queryWithColumns(`SELECT * FROM ${source} LIMIT 0`);
  const missing = [time, value].filter((c) => !columns.includes(c));
  if (missing.length) throw new ForecastDataError(`${file} has no column ${missing.map((c) => `"${c}"`).join(' or ')} (it has: ${columns.join(', ')}): pass --time and --value with its column names`);
  const rows = await store.query<{ day: string | null; v: number | null; n: number }>(
    `WITH parsed AS (
       SELECT coalesce(try_cast(${sqlIdent(time)} AS TIMESTAMP), try_cast(${sqlIdent(time)} AS DATE)::TIMESTAMP) AS ts,
              try_cast(replace(${sqlIdent(value)}, ' ', '') AS DOUBLE) AS v
       FROM ${source})
     SELECT strftime(ts::DATE, '%Y-%m-%d') AS day, sum(v) AS v, count(*)::INTEGER AS n
     FROM parsed WHERE ts IS NOT NULL AND v IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  const total = await store.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${source}`);
  const read = total[0]?.n ?? 0;
  const used = rows.reduce((s, r) => s + r.n, 0);
  if (!rows.length) {
    throw new ForecastDataError(`${file}: none of its ${read} rows has a readable date in "${time}" and a number in "${value}" (dates as YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)`);
  }
  const firstDay = dayNumber(rows[0]!.day!);
  const lastDay = dayNumber(rows.at(-1)!.day!);
  return {
    series: value,
    start: isoDay(firstDay),
    values: dense(rows.map((r) => ({ day: r.day!, v: r.v! })), firstDay, lastDay),
    rows: read,
    skipped: read - used,
  };
}
