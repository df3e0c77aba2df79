import type { Store } from '../../store/index.js';
import { formatBreakdown, formatWindow, unknownNamesMessage } from '../funnel-input.js';
import { emptyFunnel, funnelSteps, type FunnelGroupRow, type FunnelOptions, type FunnelReport } from '../funnel.js';
import { funnelDroppedSql, funnelSql, stepPresenceSql } from './funnel-sql.js';

export interface FunnelDropped {
  /** The step they did not reach (2…n). */
  step: number;
  label: string;
  /** Customer ids, sorted: people who reached the step before and not this one. */
  customers: string[];
  /** Anonymous visitors who dropped there too (not listed: there is no one to contact). */
  anonymousVisitors: number;
  message: string | null;
}

const DEFAULT_GROUPS = 20;

interface StepRow extends Record<string, unknown> {
  total: boolean;
  value: string | null;
  k: number;
  people: number;
  fromPrevious: number | null;
  fromFirst: number | null;
}

/** The funnel query's rows (one per group and step) as one row per group, largest group first. */
async function figures(store: Store, options: FunnelOptions): Promise<{ total: FunnelGroupRow; groups: FunnelGroupRow[] }> {
  const rows = await store.query<StepRow>(funnelSql(options));
  const n = options.steps.length;
  const empty = (value: string | null): FunnelGroupRow => ({ value, people: new Array<number>(n).fill(0), fromPrevious: new Array<null>(n).fill(null), fromFirst: new Array<null>(n).fill(null) });
  const total = empty(null);
  const groups = new Map<string | null, FunnelGroupRow>();
  for (const r of rows) {
    let g = total;
    if (!r.total) {
      g = groups.get(r.value) ?? empty(r.value);
      groups.set(r.value, g);
    }
    g.people[r.k - 1] = r.people;
    g.fromPrevious[r.k - 1] = r.fromPrevious;
    g.fromFirst[r.k - 1] = r.fromFirst;
  }
  const sorted = [...groups.values()].sort((a, b) => (b.people[0] ?? 0) - (a.people[0] ?? 0) || String(a.value).localeCompare(String(b.value)));
  return { total, groups: sorted };
}

/** Why the funnel cannot be run as asked, or null when it can. */
async function whyEmpty(store: Store, o: FunnelOptions): Promise<{ message: string | null; notes: string[] }> {
  if (o.steps.length === 0) return { message: 'give at least one step', notes: [] };
  if (!(o.withinSeconds > 0)) {
    return { message: `a conversion window of ${formatWindow(Math.max(0, o.withinSeconds))} leaves no time for a second step: give one such as --within 30m, 1d or 7d`, notes: [] };
  }
  if (o.from !== undefined && o.to !== undefined && o.from > o.to) return { message: `from ${o.from} is after to ${o.to}: the date range is empty`, notes: [] };
  const [presence] = await store.query<{ anywhere: number[]; matched: number[] }>(stepPresenceSql(o));
  const unknown = [...new Set(o.steps.filter((_, i) => (presence?.anywhere[i] ?? 0) === 0).map((s) => s.event))];
  if (unknown.length > 0) {
    const known = await store.query<{ name: string }>('SELECT name FROM events WHERE name IS NOT NULL GROUP BY name ORDER BY count(*) DESC, name LIMIT 500');
    return { message: unknownNamesMessage(unknown, known.map((k) => k.name)), notes: [] };
  }
  const range = o.from === undefined && o.to === undefined ? '' : ` from ${o.from ?? 'the start'} to ${o.to ?? 'the end'}`;
  const never = o.steps.filter((_, i) => (presence?.matched[i] ?? 0) === 0).map((s) => `"${s.label}"`);
  if (never.length === 0) return { message: null, notes: [] };
  const text = `${never.join(', ')} never happen${never.length === 1 ? 's' : ''}${range}`;
  // Without step 1 nobody enters; a later step that never happens still leaves the steps before it.
  if ((presence?.matched[0] ?? 0) === 0) return { message: `${text}: nobody enters the funnel`, notes: [] };
  return { message: null, notes: [`${text}: nobody gets past the step before`] };
}

/**
 * The funnel of `options.steps` over the store's events (analytics/funnel.ts says what counts).
 * Bad input — an unknown event, an empty range, a window of 0 — gives an empty report with a
 * message, not an error.
 */
export async function funnel(store: Store, options: FunnelOptions): Promise<FunnelReport> {
  const breakdown = options.breakdown ? formatBreakdown(options.breakdown) : null;
  const { message, notes } = await whyEmpty(store, options);
  if (message !== null) return emptyFunnel(options, breakdown, message);
  const labels = options.steps.map((s) => s.label);
  const { total: totalRow, groups } = await figures(store, options);
  const limit = options.groups ?? DEFAULT_GROUPS;
  const report: FunnelReport = {
    steps: labels,
    order: options.order,
    withinSeconds: options.withinSeconds,
    range: { from: options.from ?? null, to: options.to ?? null },
    breakdown,
    total: funnelSteps(labels, totalRow),
    groups: groups.slice(0, limit).map((g) => ({ value: g.value, steps: funnelSteps(labels, g) })),
    otherGroups: Math.max(0, groups.length - limit),
    message: null,
  };
  if (report.total[0]?.people === 0) notes.push('nobody did the first step');
  report.message = notes.length ? notes.join('; ') : null;
  return report;
}

/** The customers who dropped at `step` (reached step − 1, not step): a campaign's audience. */
export async function funnelDropped(store: Store, options: FunnelOptions, step: number): Promise<FunnelDropped> {
  const label = options.steps[step - 1]?.label ?? '';
  const none = (message: string): FunnelDropped => ({ step, label, customers: [], anonymousVisitors: 0, message });
  if (!Number.isInteger(step) || step < 2 || step > options.steps.length) {
    return none(`step ${String(step)} is not a step people can drop at: give 2…${String(options.steps.length)} (step 1 is where they enter)`);
  }
  const { message } = await whyEmpty(store, options);
  if (message !== null) return none(message);
  const customers = await store.query<{ customer_id: string }>(funnelDroppedSql(options, step));
  const { total } = await figures(store, { ...options, breakdown: undefined });
  const dropped = (total.people[step - 2] ?? 0) - (total.people[step - 1] ?? 0);
  return {
    step,
    label,
    customers: customers.map((c) => c.customer_id),
    anonymousVisitors: Math.max(0, dropped - customers.length),
    message: dropped === 0 ? `nobody dropped at step ${String(step)} (${label})` : null,
  };
}
