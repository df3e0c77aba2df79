import type { FunnelBreakdown, FunnelStep } from './funnel-input.js';

/**
 * Funnels: how many people get from one step to the next, in order, within a conversion window.
 *
 * A person is the resolved customer, else the anonymous id's visitor (identity_anonymous), else
 * the anonymous id — so a visitor who signs in half way counts once.
 *
 * - `strict` order: a path is step 1, then step 2 strictly later, … (other events may happen in
 *   between), and its last step at most the window after its first. A person reaches step k when
 *   any such path of k steps exists in the range (ClickHouse's windowFunnel, PostHog's sequential
 *   funnel).
 * - `any` order: a person reaches step k when steps 1…k all happen, in any order, within one
 *   window (an event may count for two steps when both match it).
 *
 * Times are medians over the people who reached a step, each measured on the first path that
 * reached it (the earliest event completing the step; in strict order each step before it is its
 * latest occurrence that still fits the window). A person is in the breakdown group of the event
 * that starts their first path to their furthest step. A rate with nothing under it is null,
 * never NaN.
 */

export type FunnelOrder = 'strict' | 'any';

export interface FunnelOptions {
  steps: FunnelStep[];
  /** Conversion window in seconds: the last step at most this long after the first. */
  withinSeconds: number;
  order: FunnelOrder;
  breakdown?: FunnelBreakdown | undefined;
  /** First and last day (YYYY-MM-DD, UTC, inclusive) of the events looked at; default all. */
  from?: string | undefined;
  to?: string | undefined;
  /** Most breakdown groups returned (largest first); default 20. */
  groups?: number | undefined;
}

export interface FunnelStepResult {
  step: number;
  label: string;
  /** People who reached this step. */
  people: number;
  /** people ÷ people at step 1. */
  conversionFromFirst: number | null;
  /** people ÷ people at the step before (1 for step 1). */
  conversionFromPrevious: number | null;
  /** People who reached the step before and not this one (0 for step 1). */
  dropOff: number;
  dropOffRate: number | null;
  /** Median seconds from the step before to this one (null for step 1 or when nobody got here). */
  medianSecondsFromPrevious: number | null;
  /** Median seconds from step 1 to this one. */
  medianSecondsFromFirst: number | null;
}

export interface FunnelGroup {
  /** The breakdown value; null when the start event has none. */
  value: string | null;
  steps: FunnelStepResult[];
}

export interface FunnelReport {
  steps: string[];
  order: FunnelOrder;
  withinSeconds: number;
  range: { from: string | null; to: string | null };
  breakdown: string | null;
  /** Every person, whatever their breakdown value. */
  total: FunnelStepResult[];
  /** Largest groups first (by people at step 1); empty without a breakdown. */
  groups: FunnelGroup[];
  /** Groups left out of `groups` (beyond the limit). */
  otherGroups: number;
  /** Why the funnel is empty or partial (unknown events, steps that never happen, …), else null. */
  message: string | null;
}

/** One group's figures as the query returns them: per step, people and median seconds. */
export interface FunnelGroupRow {
  value: string | null;
  people: number[];
  fromPrevious: (number | null)[];
  fromFirst: (number | null)[];
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const seconds = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

/** A group's per-step results from its counts and medians. */
export function funnelSteps(labels: readonly string[], row: FunnelGroupRow): FunnelStepResult[] {
  const first = row.people[0] ?? 0;
  return labels.map((label, i) => {
    const people = row.people[i] ?? 0;
    const previous = i === 0 ? people : row.people[i - 1] ?? 0;
    return {
      step: i + 1,
      label,
      people,
      conversionFromFirst: ratio(people, first),
      conversionFromPrevious: ratio(people, previous),
      dropOff: previous - people,
      dropOffRate: i === 0 ? (people > 0 ? 0 : null) : ratio(previous - people, previous),
      medianSecondsFromPrevious: i === 0 ? null : seconds(row.fromPrevious[i]),
      medianSecondsFromFirst: i === 0 ? null : seconds(row.fromFirst[i]),
    };
  });
}

/** The report of a funnel that found nothing, saying why. */
export function emptyFunnel(options: FunnelOptions, breakdown: string | null, message: string): FunnelReport {
  const labels = options.steps.map((s) => s.label);
  const none: FunnelGroupRow = { value: null, people: [], fromPrevious: [], fromFirst: [] };
  return {
    steps: labels,
    order: options.order,
    withinSeconds: options.withinSeconds,
    range: { from: options.from ?? null, to: options.to ?? null },
    breakdown,
    total: funnelSteps(labels, none),
    groups: [],
    otherGroups: 0,
    message,
  };
}
