import type { Store } from '../../store/index.js';
import {
  dateMs, isoDate, kpiChange, kpiDay, kpiDaysSql, kpiPeriodSql, kpiTotals, previousPeriod,
  type KpiDayRow, type KpiPeriodRow, type KpiReport,
} from '../kpis.js';

/** A date range the KPIs cannot be asked for (not a date, from after to, too long). */
export class KpiRangeError extends Error {
  override name = 'KpiRangeError';
  constructor(message: string, readonly from?: string, readonly to?: string) {
    super(message);
  }
}

export interface KpiOptions {
  /** First day (YYYY-MM-DD, UTC); default 29 days before `to`. */
  from?: string;
  /** Last day (YYYY-MM-DD, UTC); default the last day with an event or an order. */
  to?: string;
}

/** Longest range asked for at once (ten years of days). */
export const MAX_KPI_DAYS = 3660;
const DAY_MS = 86_400_000;

/**
 * KPIs by day from `from` to `to` with the previous period beside them (analytics/kpis.ts says
 * what each one is). Reads `sessions` as built so far: the message says when events still wait
 * for `buildSessions`.
 */
export async function kpis(store: Store, options: KpiOptions = {}): Promise<KpiReport> {
  for (const [flag, value] of [['from', options.from], ['to', options.to]] as const) {
    if (value !== undefined && Number.isNaN(dateMs(value))) throw new KpiRangeError(`${flag} ${value} is not a date: give YYYY-MM-DD`);
  }
  const [bounds] = await store.query<{ first: string | null; last: string | null; pending: number }>(`SELECT
    strftime(least((SELECT min(ts) FROM events), (SELECT min(ts) FROM orders)), '%Y-%m-%d') AS first,
    strftime(greatest((SELECT max(ts) FROM events), (SELECT max(ts) FROM orders)), '%Y-%m-%d') AS last,
    (SELECT count(*) FROM events WHERE session_key IS NULL)::INTEGER AS pending`);
  const to = options.to ?? (options.from !== undefined ? bounds?.last ?? options.from : bounds?.last ?? isoDate(Date.now()));
  const from = options.from ?? isoDate(dateMs(to) - 29 * DAY_MS);
  if (from > to) throw new KpiRangeError(`from ${from} is after to ${to}: the range would be empty`, from, to);
  const days = Math.round((dateMs(to) - dateMs(from)) / DAY_MS) + 1;
  if (days > MAX_KPI_DAYS) throw new KpiRangeError(`${String(days)} days from ${from} to ${to} is more than ${String(MAX_KPI_DAYS)}: ask for a shorter range`, from, to);

  const period = { from, to };
  const before = previousPeriod(period);
  const rows = await store.query<KpiDayRow>(kpiDaysSql(before.from, to));
  const [currentRows, previousRows] = [rows.slice(days), rows.slice(0, days)];
  const [cur] = await store.query<KpiPeriodRow>(kpiPeriodSql(from, to));
  const [prev] = await store.query<KpiPeriodRow>(kpiPeriodSql(before.from, before.to));
  const totals = kpiTotals(currentRows, cur ?? { customers: 0, repeaters: 0 });
  const previousTotals = kpiTotals(previousRows, prev ?? { customers: 0, repeaters: 0 });

  const notes: string[] = [];
  if (totals.orders === 0 && totals.sessions === 0) {
    notes.push(bounds?.first && bounds.last
      ? `no orders or visits from ${from} to ${to}; the store has data from ${bounds.first} to ${bounds.last}`
      : 'the store has no events or orders yet: import some (cairn import) or run cairn demo');
  }
  if ((bounds?.pending ?? 0) > 0) notes.push(`${String(bounds?.pending)} events are in no visit yet, so sessions, conversion and active users leave them out: run cairn sessions`);
  return {
    period,
    previousPeriod: before,
    days: currentRows.map((r, i) => ({ current: kpiDay(r), previous: kpiDay(previousRows[i] ?? r) })),
    totals,
    previousTotals,
    change: kpiChange(totals, previousTotals),
    message: notes.length ? notes.join('; ') : null,
  };
}
