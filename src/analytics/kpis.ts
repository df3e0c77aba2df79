/**
 * The morning KPIs, by UTC day over a date range, with the previous period of the same length
 * beside each day (day i of the range against day i of the period before it).
 *
 * - revenue: orders' revenue net of returns (`orders` of kind order and return), every channel —
 *   web and app orders and in-store receipts alike; `orders` counts kind order.
 * - aov: revenue of the orders ÷ orders.
 * - sessions (analytics/sessions, by the day a visit starts) and conversion rate: visits with an
 *   `Order Completed` ÷ visits. In-store orders have no visit: they count in revenue, not here.
 * - new customers: customers whose first order ever is that day; returning: customers ordering
 *   that day who had ordered before it. Orders without a customer (guests) count in neither.
 * - repeat-purchase rate (per period): of the customers who ordered in the period, the share with
 *   two or more orders up to the period's end.
 * - DAU / WAU / MAU: distinct visitors (the sessions' visitor) with a visit that day, in the 7 and
 *   the 30 days ending that day; stickiness = DAU ÷ MAU.
 *
 * A ratio with nothing under it (no orders, no visits) is null, never NaN.
 */

export interface KpiDay {
  /** YYYY-MM-DD (UTC). */
  date: string;
  revenue: number;
  orders: number;
  aov: number | null;
  sessions: number;
  convertedSessions: number;
  conversionRate: number | null;
  newCustomers: number;
  returningCustomers: number;
  dau: number;
  wau: number;
  mau: number;
  stickiness: number | null;
}

export interface KpiTotals {
  revenue: number;
  orders: number;
  aov: number | null;
  sessions: number;
  convertedSessions: number;
  conversionRate: number | null;
  newCustomers: number;
  returningCustomers: number;
  /** Distinct customers with an order in the period. */
  customers: number;
  repeatPurchaseRate: number | null;
  /** Mean of the daily values. */
  dau: number | null;
  mau: number | null;
  /** Mean DAU ÷ mean MAU. */
  stickiness: number | null;
}

export interface KpiPeriod {
  from: string;
  to: string;
}

export interface KpiReport {
  period: KpiPeriod;
  previousPeriod: KpiPeriod;
  days: { current: KpiDay; previous: KpiDay }[];
  totals: KpiTotals;
  previousTotals: KpiTotals;
  /** Relative change of each total against the previous period (null when the previous is 0 or null). */
  change: Partial<Record<keyof KpiTotals, number | null>>;
  /** Why the answer is empty or partial, for the person reading it. */
  message: string | null;
}

/** One row of `kpiDaysSql`. */
export type KpiDayRow = {
  day: string;
  revenue: number;
  order_revenue: number;
  orders: number;
  new_customers: number;
  returning_customers: number;
  sessions: number;
  converted: number;
  dau: number;
  wau: number;
  mau: number;
};

/** One row of `kpiPeriodSql`. */
export type KpiPeriodRow = {
  customers: number;
  repeaters: number;
};

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Milliseconds of a YYYY-MM-DD (UTC midnight), or NaN when it is not a real date. */
export function dateMs(date: string): number {
  if (!ISO_DATE.test(date)) return NaN;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date ? NaN : ms;
}

export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The period of the same length just before `period`. */
export function previousPeriod(period: KpiPeriod): KpiPeriod {
  const from = dateMs(period.from);
  const days = Math.round((dateMs(period.to) - from) / DAY_MS) + 1;
  return { from: isoDate(from - days * DAY_MS), to: isoDate(from - DAY_MS) };
}

/**
 * One row per day from `from` to `to` (inclusive, literal YYYY-MM-DD already checked). DAU/WAU/MAU
 * reach 29 days before `from` for the first days' windows.
 */
export function kpiDaysSql(from: string, to: string): string {
  const lo = `DATE '${from}'`;
  const hi = `(DATE '${to}' + 1)`;
  return `WITH days AS (
    SELECT d::DATE AS day FROM range(${lo}, ${hi}, INTERVAL 1 DAY) t(d)
  ), o AS (
    SELECT ts::DATE AS day, kind, revenue::DOUBLE AS revenue, customer_id FROM orders WHERE ts >= ${lo} AND ts < ${hi}
  ), first_order AS (
    SELECT customer_id, min(ts)::DATE AS first_day FROM orders
    WHERE kind = 'order' AND customer_id IS NOT NULL AND customer_id IN (SELECT customer_id FROM o) GROUP BY customer_id
  ), od AS (
    SELECT o.day,
      coalesce(sum(o.revenue) FILTER (WHERE o.kind IN ('order', 'return')), 0) AS revenue,
      coalesce(sum(o.revenue) FILTER (WHERE o.kind = 'order'), 0) AS order_revenue,
      count(*) FILTER (WHERE o.kind = 'order') AS orders,
      count(DISTINCT o.customer_id) FILTER (WHERE o.kind = 'order' AND f.first_day = o.day) AS new_customers,
      count(DISTINCT o.customer_id) FILTER (WHERE o.kind = 'order' AND f.first_day < o.day) AS returning_customers
    FROM o LEFT JOIN first_order f USING (customer_id) GROUP BY o.day
  ), s AS (
    SELECT started_at::DATE AS day, visitor_id, orders FROM sessions WHERE started_at >= ${lo} - 29 AND started_at < ${hi}
  ), sd AS (
    SELECT day, count(*) AS sessions, count(*) FILTER (WHERE orders > 0) AS converted FROM s WHERE day >= ${lo} GROUP BY day
  ), vd AS (
    SELECT DISTINCT visitor_id, day FROM s
  ), spans AS (
    -- A visit day keeps its visitor in WAU (MAU) until the next visit day or 7 (30) days on,
    -- whichever is first: the spans of one visitor never overlap, so a running sum of their
    -- starts and ends counts distinct visitors without a join of every day to every window.
    SELECT day, least(coalesce(next, day + 7), day + 7) AS week_end, least(coalesce(next, day + 30), day + 30) AS month_end
    FROM (SELECT day, lead(day) OVER (PARTITION BY visitor_id ORDER BY day) AS next FROM vd)
  ), deltas AS (
    SELECT day AS d, count(*) AS dau, count(*) AS dw, count(*) AS dm FROM spans GROUP BY day
    UNION ALL SELECT week_end, 0, -count(*), 0 FROM spans GROUP BY week_end
    UNION ALL SELECT month_end, 0, 0, -count(*) FROM spans GROUP BY month_end
  ), act AS (
    SELECT c.day, coalesce(sum(x.dau), 0) AS dau,
      sum(coalesce(sum(x.dw), 0)) OVER (ORDER BY c.day) AS wau, sum(coalesce(sum(x.dm), 0)) OVER (ORDER BY c.day) AS mau
    FROM range(${lo} - 29, ${hi}, INTERVAL 1 DAY) c(day) LEFT JOIN deltas x ON x.d = c.day::DATE
    GROUP BY c.day
  )
  SELECT strftime(days.day, '%Y-%m-%d') AS day,
    coalesce(od.revenue, 0)::DOUBLE AS revenue, coalesce(od.order_revenue, 0)::DOUBLE AS order_revenue,
    coalesce(od.orders, 0)::INTEGER AS orders, coalesce(od.new_customers, 0)::INTEGER AS new_customers,
    coalesce(od.returning_customers, 0)::INTEGER AS returning_customers,
    coalesce(sd.sessions, 0)::INTEGER AS sessions, coalesce(sd.converted, 0)::INTEGER AS converted,
    coalesce(act.dau, 0)::INTEGER AS dau, coalesce(act.wau, 0)::INTEGER AS wau, coalesce(act.mau, 0)::INTEGER AS mau
  FROM days LEFT JOIN od USING (day) LEFT JOIN sd USING (day) LEFT JOIN act ON act.day::DATE = days.day
  ORDER BY days.day`;
}

/** Customers who ordered from `from` to `to`, and how many of them had two or more orders by `to`. */
export function kpiPeriodSql(from: string, to: string): string {
  const hi = `(DATE '${to}' + 1)`;
  return `SELECT count(*)::INTEGER AS customers, (count(*) FILTER (WHERE n >= 2))::INTEGER AS repeaters FROM (
    SELECT customer_id, count(*) AS n FROM orders
    WHERE kind = 'order' AND customer_id IS NOT NULL AND ts < ${hi}
    GROUP BY customer_id HAVING count(*) FILTER (WHERE ts >= DATE '${from}') > 0
  )`;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

/** A day's KPIs from its row. */
export function kpiDay(r: KpiDayRow): KpiDay {
  return {
    date: r.day, revenue: r.revenue, orders: r.orders, aov: ratio(r.order_revenue, r.orders),
    sessions: r.sessions, convertedSessions: r.converted, conversionRate: ratio(r.converted, r.sessions),
    newCustomers: r.new_customers, returningCustomers: r.returning_customers,
    dau: r.dau, wau: r.wau, mau: r.mau, stickiness: ratio(r.dau, r.mau),
  };
}

/** A period's totals from its day rows and its repeat-purchase row. */
export function kpiTotals(rows: KpiDayRow[], period: KpiPeriodRow): KpiTotals {
  const sum = (k: keyof KpiDayRow): number => rows.reduce((s, r) => s + (r[k] as number), 0);
  const dau = mean(rows.map((r) => r.dau));
  const mau = mean(rows.map((r) => r.mau));
  return {
    revenue: sum('revenue'), orders: sum('orders'), aov: ratio(sum('order_revenue'), sum('orders')),
    sessions: sum('sessions'), convertedSessions: sum('converted'), conversionRate: ratio(sum('converted'), sum('sessions')),
    newCustomers: sum('new_customers'), returningCustomers: sum('returning_customers'),
    customers: period.customers, repeatPurchaseRate: ratio(period.repeaters, period.customers),
    dau, mau, stickiness: dau !== null && mau !== null ? ratio(dau, mau) : null,
  };
}

/** Relative change of every total (null where the previous value is 0 or missing). */
export function kpiChange(current: KpiTotals, previous: KpiTotals): KpiReport['change'] {
  const change: KpiReport['change'] = {};
  for (const key of Object.keys(current) as (keyof KpiTotals)[]) {
    const now = current[key];
    const before = previous[key];
    change[key] = now === null || before === null || before === 0 ? null : (now - before) / Math.abs(before);
  }
  return change;
}
