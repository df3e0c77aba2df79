import type { Store } from '../store/index.js';

/** Time unit of a summary: lifetimes' `freq` 'D' or 'W'. */
export type SummaryUnit = 'day' | 'week';

export interface ClvSummaryOptions {
  /** Last day of the calibration period (inclusive, YYYY-MM-DD). */
  calibrationEnd: string;
  /** Last day of the holdout period (inclusive); none → no holdout columns. */
  holdoutEnd?: string;
  unit?: SummaryUnit;
}

/** One row per customer whose first order falls on or before the calibration end. */
export interface ClvSummary {
  customerIds: string[];
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  /** Mean value of the repeat purchase days (0 when there is none), as lifetimes computes it. */
  monetary: Float64Array;
  holdout?: { frequency: Float64Array; monetary: Float64Array; duration: number };
}

type SummaryRow = {
  customer_id: string;
  frequency: number;
  recency: number;
  t: number;
  monetary: number;
  frequency_holdout: number;
  monetary_holdout: number;
};

/**
 * Calibration (and holdout) RFM summary from the store's orders, with the rules of lifetimes'
 * `summary_data_from_transaction_data` / `calibration_and_holdout_data`: purchases are grouped
 * to one per customer and day (their values summed); frequency = purchase days − 1, recency =
 * first to last purchase day, T = first purchase day to the calibration end, monetary = mean of
 * the repeat days. Only `kind = 'order'` counts (free orders too, as lifetimes counts them): returns and bad-debt
 * adjustments are not purchases.
 */
export async function clvSummary(store: Store, options: ClvSummaryOptions): Promise<ClvSummary> {
  const perUnit = options.unit === 'week' ? 7 : 1;
  const holdoutEnd = options.holdoutEnd ?? options.calibrationEnd;
  const rows = await store.query<SummaryRow>(
    `WITH tx AS (
       SELECT customer_id, ts::DATE AS day, sum(revenue)::DOUBLE AS value
       FROM orders
       WHERE kind = 'order' AND revenue >= 0 AND customer_id IS NOT NULL AND ts::DATE <= ?::DATE
       GROUP BY ALL
     ), cal AS (
       SELECT customer_id, count(*) - 1 AS frequency,
              date_diff('day', min(day), max(day)) AS recency,
              date_diff('day', min(day), ?::DATE) AS t,
              CASE WHEN count(*) > 1 THEN (sum(value) - arg_min(value, day)) / (count(*) - 1) ELSE 0 END AS monetary
       FROM tx WHERE day <= ?::DATE GROUP BY customer_id
     ), hold AS (
       SELECT customer_id, count(*) AS frequency_holdout, avg(value) AS monetary_holdout
       FROM tx WHERE day > ?::DATE GROUP BY customer_id
     )
     SELECT cal.customer_id, cal.frequency::DOUBLE AS frequency, cal.recency::DOUBLE AS recency, cal.t::DOUBLE AS t,
            cal.monetary::DOUBLE AS monetary,
            coalesce(hold.frequency_holdout, 0)::DOUBLE AS frequency_holdout, coalesce(hold.monetary_holdout, 0)::DOUBLE AS monetary_holdout
     FROM cal LEFT JOIN hold USING (customer_id)
     ORDER BY cal.customer_id`,
    [holdoutEnd, options.calibrationEnd, options.calibrationEnd, options.calibrationEnd],
  );
  const column = (pick: (r: SummaryRow) => number, scale = 1) => Float64Array.from(rows, (r) => pick(r) / scale);
  const summary: ClvSummary = {
    customerIds: rows.map((r) => r.customer_id),
    frequency: column((r) => r.frequency),
    recency: column((r) => r.recency, perUnit),
    T: column((r) => r.t, perUnit),
    monetary: column((r) => r.monetary),
  };
  if (options.holdoutEnd) {
    const days = (Date.parse(options.holdoutEnd) - Date.parse(options.calibrationEnd)) / 86_400_000;
    summary.holdout = { frequency: column((r) => r.frequency_holdout), monetary: column((r) => r.monetary_holdout), duration: days / perUnit };
  }
  return summary;
}

/** First and last order day in the store (YYYY-MM-DD), or null when there are no orders. */
export async function orderDateRange(store: Store): Promise<{ first: string; last: string; orders: number } | null> {
  const [row] = await store.query<{ first: string | null; last: string | null; orders: number }>(
    `SELECT strftime(min(ts), '%Y-%m-%d') AS first, strftime(max(ts), '%Y-%m-%d') AS last, count(*)::INTEGER AS orders
     FROM orders WHERE kind = 'order' AND revenue >= 0 AND customer_id IS NOT NULL`,
  );
  return row?.first && row.last ? { first: row.first, last: row.last, orders: row.orders } : null;
}
