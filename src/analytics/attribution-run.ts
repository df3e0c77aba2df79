// This file is attribution's run.ts (it loads the journeys from the store); the lint's pattern for
// store I/O files (run.ts, run-*.ts, run/) does not match the name the issue gave it.
import type { Store } from '../store/index.js';
import { attribute, ATTRIBUTION_MODELS, type AttributionModel, type ModelAttribution } from './attribution/attribute.js';
import { AttributionInputError, JourneyBuilder, journeyCount, type Journeys } from './attribution/journeys.js';
import { costInRange, returnOnSpend, type SpendFile } from './attribution/spend.js';
import { CHANNELS } from './channels.js';

export interface AttributionRunOptions {
  /** Models to run (default all). */
  models?: readonly AttributionModel[];
  /** Markov order, 1–3 (default 1). */
  order?: number;
  /** Touches count for an order if they are at most this many days before it (default 30). */
  lookbackDays?: number;
  /** Time-decay half-life in days (default 7). */
  halfLifeDays?: number;
  /** Orders from this day on (YYYY-MM-DD, UTC). */
  from?: string;
  /** Orders up to and including this day. */
  to?: string;
  /** Marketing spend, for ROI and cost per acquisition. */
  spend?: SpendFile;
}

export interface ChannelReport {
  channel: string;
  conversions: number;
  revenue: number;
  /** Share of the model's credited conversions. */
  share: number;
  removalEffect?: number;
  /** With a spend file: the channel's cost in the range, ROI = (revenue − cost)/cost, cost per conversion. */
  cost?: number;
  roi?: number | null;
  cpa?: number | null;
}

export interface ModelReport {
  model: AttributionModel;
  order?: number;
  conversions: number;
  revenue: number;
  channels: ChannelReport[];
  detail?: Record<string, number>;
}

export interface AttributionReport {
  /** Days of the orders attributed (null: open-ended). */
  range: { from: string | null; to: string | null };
  lookbackDays: number;
  halfLifeDays: number;
  journeys: {
    /** Orders (each one converting journey). */
    converting: number;
    /** Visitors with visits and no order in the range. */
    nonConverting: number;
    revenue: number;
    /** Orders with no visit and no store purchase within the lookback: no model can credit them. */
    withoutTouches: number;
    /** Mean touches per order that has any. */
    meanTouches: number;
  };
  models: ModelReport[];
  /** With a spend file: the cost per channel counted (prorated to the range's days). */
  spend: { from: string; to: string; channels: { channel: string; cost: number }[] } | null;
  warnings: string[];
  /** Why there is nothing to attribute, when there is not. */
  message: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Multi-touch attribution on the store. An order's journey is its customer's visits (`sessions`,
 * by their channel) and in-store purchases (as `in_store`, the order itself included when it is
 * one) in the `lookbackDays` before it; a visitor with visits and no order in the range is one
 * journey that did not convert (the visits in the lookback before their last one). Each model
 * then shares the orders and their revenue out over the channels; a spend file adds ROI and cost
 * per acquisition.
 */
export async function runAttribution(store: Store, options: AttributionRunOptions = {}): Promise<AttributionReport> {
  const lookbackDays = options.lookbackDays ?? 30;
  const halfLifeDays = options.halfLifeDays ?? 7;
  const order = options.order ?? 1;
  const models = options.models ?? ATTRIBUTION_MODELS;
  if (!Number.isInteger(lookbackDays) || lookbackDays < 1 || lookbackDays > 3650) throw new AttributionInputError('the lookback must be a whole number of days from 1 to 3650');
  for (const d of [options.from, options.to]) if (d !== undefined && !(DAY.test(d) && !Number.isNaN(Date.parse(d)))) throw new AttributionInputError(`${d} is not a day (YYYY-MM-DD)`);
  if (options.from && options.to && options.from > options.to) throw new AttributionInputError(`the range is empty: ${options.from} is after ${options.to}`);
  const range = { from: options.from ?? null, to: options.to ?? null };
  const { journeys, firstDay, lastDay, nonConverting } = await loadJourneys(store, range, lookbackDays);
  const report: AttributionReport = {
    range,
    lookbackDays,
    halfLifeDays,
    journeys: summarise(journeys, nonConverting),
    models: [],
    spend: null,
    warnings: [...(options.spend?.warnings ?? [])],
    message: null,
  };
  const where = range.from || range.to ? ` between ${range.from ?? 'the start'} and ${range.to ?? 'the end'}` : '';
  if (report.journeys.converting === 0) {
    report.message = `no orders of known customers${where}: nothing to attribute`;
    return report;
  }
  if (report.journeys.withoutTouches === report.journeys.converting) {
    report.message = `none of the ${report.journeys.converting} orders${where} has a visit or store purchase in the ${lookbackDays} days before it: build the sessions first, or widen --lookback`;
    return report;
  }
  if (report.journeys.withoutTouches > 0) {
    report.warnings.push(`${report.journeys.withoutTouches} of ${report.journeys.converting} orders have no visit or store purchase in the ${lookbackDays} days before them and are left out of every model`);
  }
  const cost = options.spend ? costInRange(options.spend.rows, range.from ?? firstDay, range.to ?? lastDay) : null;
  if (cost && options.spend) {
    report.spend = { from: range.from ?? firstDay, to: range.to ?? lastDay, channels: [...cost].map(([channel, c]) => ({ channel, cost: round(c, 2) })) };
  }
  for (const model of models) report.models.push(toReport(attribute(journeys, model, { order, halfLifeDays }), cost));
  return report;
}

function toReport(m: ModelAttribution, cost: Map<string, number> | null): ModelReport {
  const channels = m.channels.map((c): ChannelReport => {
    const row: ChannelReport = { channel: c.channel, conversions: round(c.conversions, 4), revenue: round(c.value, 2), share: round(c.share, 4) };
    if (c.removalEffect !== undefined) row.removalEffect = round(c.removalEffect, 4);
    if (cost?.has(c.channel)) {
      const spent = cost.get(c.channel)!;
      const { roi, cpa } = returnOnSpend(c.value, c.conversions, spent);
      Object.assign(row, { cost: round(spent, 2), roi: roi === null ? null : round(roi, 4), cpa: cpa === null ? null : round(cpa, 2) });
    }
    return row;
  });
  const out: ModelReport = { model: m.model, conversions: round(m.conversions, 4), revenue: round(m.value, 2), channels };
  if (m.order !== undefined) out.order = m.order;
  if (m.detail) out.detail = Object.fromEntries(Object.entries(m.detail).map(([k, v]) => [k, round(v, 6)]));
  return out;
}

function summarise(journeys: Journeys, nonConverting: number): AttributionReport['journeys'] {
  let converting = 0;
  let revenue = 0;
  let withoutTouches = 0;
  let touches = 0;
  for (let i = 0; i < journeyCount(journeys); i++) {
    if (journeys.conversions[i] === 0) continue;
    converting++;
    revenue += journeys.values[i]!;
    const n = journeys.offsets[i + 1]! - journeys.offsets[i]!;
    if (n === 0) withoutTouches++;
    touches += n;
  }
  const touched = converting - withoutTouches;
  return { converting, nonConverting, revenue: round(revenue, 2), withoutTouches, meanTouches: touched > 0 ? round(touches / touched, 3) : 0 };
}

type TouchRow = {
  journey: string;
  end_ts: string;
  converted: boolean;
  revenue: number;
  ts: string | null;
  channel: string | null;
};

/** Reads every journey's touches, oldest first, one row per touch (an order without any: one row of nulls). */
async function loadJourneys(store: Store, range: { from: string | null; to: string | null }, lookbackDays: number) {
  const inRange = (col: string) =>
    [range.from ? `${col} >= TIMESTAMP '${range.from}'` : 'true', range.to ? `${col} < TIMESTAMP '${range.to}' + INTERVAL 1 DAY` : 'true'].join(' AND ');
  const lookback = `INTERVAL (${lookbackDays}) DAY`;
  const rows = await store.query<TouchRow>(
    `WITH ordered AS (
       SELECT order_id, customer_id, ts, revenue::DOUBLE AS revenue,
         lag(ts) OVER (PARTITION BY customer_id ORDER BY ts, order_id) AS prev_ts
       FROM orders WHERE kind = 'order' AND customer_id IS NOT NULL
     ), conv AS (
       -- A touch counts for the first order after it only: the window starts after the previous order.
       SELECT order_id, customer_id, ts, revenue, greatest(ts - ${lookback}, coalesce(prev_ts, ts - ${lookback})) AS since
       FROM ordered WHERE ${inRange('ts')}
     ), touch AS (
       SELECT c.order_id, s.started_at AS ts, s.channel
       FROM conv c JOIN sessions s ON s.visitor_id = c.customer_id AND s.started_at <= c.ts AND s.started_at > c.since
       UNION ALL
       SELECT c.order_id, o.ts, 'in_store'
       FROM conv c JOIN orders o ON o.customer_id = c.customer_id AND o.kind = 'order' AND o.channel = 'in-store'
         AND o.ts <= c.ts AND o.ts > c.since
     ), idle AS (
       SELECT s.visitor_id, s.started_at, s.channel, max(s.started_at) OVER (PARTITION BY s.visitor_id) AS last_ts
       FROM sessions s
       WHERE ${inRange('s.started_at')}
         AND NOT EXISTS (SELECT 1 FROM conv c WHERE c.customer_id = s.visitor_id)
     )
     SELECT c.order_id AS journey, c.ts AS end_ts, true AS converted, c.revenue, t.ts, t.channel
     FROM conv c LEFT JOIN touch t USING (order_id)
     UNION ALL
     SELECT visitor_id, last_ts, false, 0, started_at, channel FROM idle WHERE started_at > last_ts - ${lookback}
     ORDER BY converted DESC, end_ts, journey, ts NULLS FIRST, channel`,
  );
  const builder = new JourneyBuilder(CHANNELS);
  let open: string | null = null;
  let openConverted = false;
  let openRevenue = 0;
  let nonConverting = 0;
  let firstDay = '';
  let lastDay = '';
  const close = () => {
    if (open !== null) builder.end(openConverted ? 1 : 0, openRevenue, openConverted ? 0 : 1);
  };
  for (const r of rows) {
    if (r.journey !== open || r.converted !== openConverted) {
      close();
      open = r.journey;
      openConverted = r.converted;
      openRevenue = Number(r.revenue);
      if (r.converted) {
        const day = r.end_ts.slice(0, 10);
        if (firstDay === '' || day < firstDay) firstDay = day;
        if (day > lastDay) lastDay = day;
      } else nonConverting++;
    }
    if (r.ts !== null && r.channel !== null) builder.touch(r.channel, (Date.parse(r.end_ts) - Date.parse(r.ts)) / 86_400_000);
  }
  close();
  return { journeys: builder.build(), firstDay, lastDay, nonConverting };
}

/** Rounds for the report, without a negative zero. */
function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f + 0;
}
