import { distance } from 'fastest-levenshtein';
import { parseDuration } from './duration.js';

/**
 * What a funnel is asked for, parsed once from the words a marketer types (`cairn funnel --steps
 * "Product Viewed[category=Books],Product Added" --within 1d --by device`) into typed values.
 * A malformed value is a `FunnelInputError`; a well-formed one that finds nothing (an unknown
 * event, a window of 0) is not an error here — the funnel answers it with an empty result and
 * a message.
 */

/** A step's condition on the event: `properties.key` (or a context field) equals or differs from a value. */
export interface StepFilter {
  /** `category`, or `context.device.type` for a field of the event's context. */
  key: string;
  op: '=' | '!=';
  value: string;
}

export interface FunnelStep {
  /** The step as typed: `Product Viewed[category=Books]`. */
  label: string;
  /** The event's name (a track event's name, a page's or screen's name). */
  event: string;
  filters: StepFilter[];
}

/**
 * What the people of a funnel are split by, always as seen on the event that starts their path:
 * its `device` (context.device.type), `channel` (the event's channel: web, mobile, …), a
 * `property` or `context` field, a column of its visit (`session.channel` is the marketing
 * channel), the `day` or `week` it happened; or the person's `segment` in a segmentation. By day
 * or week a person counts once on each day (week) they start a path — conversion over time —
 * so the groups may add up to more than the total; otherwise each person is in one group.
 */
export type FunnelBreakdown =
  | { kind: 'device' }
  | { kind: 'channel' }
  | { kind: 'property'; key: string }
  | { kind: 'context'; key: string }
  | { kind: 'session'; column: SessionColumn }
  | { kind: 'segment'; segmentation: string }
  | { kind: 'day' }
  | { kind: 'week' };

export const SESSION_COLUMNS = ['channel', 'source', 'medium', 'campaign', 'device_type', 'os', 'entry_page', 'referrer_domain'] as const;
export type SessionColumn = (typeof SESSION_COLUMNS)[number];

/** A funnel or retention request that cannot be read (bad syntax, an unknown unit). */
export class FunnelInputError extends Error {
  override name = 'FunnelInputError';
}

const KEY = /^[A-Za-z0-9_$@-]+(\.[A-Za-z0-9_$@-]+)*$/;

/** Splits on commas that are not inside `[...]`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '[') depth++;
    if (ch === ']') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

function parseFilter(text: string, step: string): StepFilter {
  const match = /^\s*([^=!\s]+)\s*(!=|=)\s*(.*?)\s*$/.exec(text);
  if (!match || !KEY.test(match[1]!)) {
    throw new FunnelInputError(`step "${step}": the filter "${text}" should read key=value or key!=value (e.g. category=Books)`);
  }
  return { key: match[1]!, op: match[2] as '=' | '!=', value: match[3]!.replace(/^"(.*)"$/, '$1') };
}

/** `Product Viewed[category=Books], Product Added, Order Completed` → steps. */
export function parseSteps(text: string): FunnelStep[] {
  const parts = splitTopLevel(text).filter((p) => p !== '');
  if (parts.length === 0) throw new FunnelInputError('give at least one step: --steps "Product Viewed,Product Added,Order Completed"');
  if (parts.length > 20) throw new FunnelInputError(`a funnel has at most 20 steps, got ${String(parts.length)}`);
  return parts.map((label) => {
    const match = /^([^[\]]+?)\s*(?:\[(.*)\])?$/.exec(label);
    if (!match) throw new FunnelInputError(`step "${label}" should read Event Name or Event Name[key=value,…]`);
    const filters = match[2] === undefined || match[2].trim() === '' ? [] : match[2].split(',').map((f) => parseFilter(f, label));
    return { label, event: match[1]!.trim(), filters };
  });
}

/** `30m`, `1d`, `1d12h`, `90s`, `1w` → seconds (0 is allowed here; the funnel says why it is empty). */
export function parseConversionWindow(text: string): number {
  const seconds = parseDuration(text);
  if (seconds === null) throw new FunnelInputError(`--within ${text} is not a window: give a number and a unit, e.g. 30m, 2h, 1d, 7d, 1d12h`);
  return seconds;
}

/** 86400 → `1d`, 5400 → `90m`. */
export function formatWindow(seconds: number): string {
  for (const [unit, size] of [['w', 604_800], ['d', 86_400], ['h', 3600], ['m', 60]] as const) {
    if (seconds >= size && seconds % size === 0) return `${String(seconds / size)}${unit}`;
  }
  return `${String(seconds)}s`;
}

/** `device`, `channel`, `property.X`, `context.a.b`, `session.channel`, `segment[:NAME]`, `day`, `week`. */
export function parseBreakdown(text: string): FunnelBreakdown {
  const value = text.trim();
  if (value === 'device' || value === 'channel' || value === 'day' || value === 'week') return { kind: value };
  if (value === 'segment') return { kind: 'segment', segmentation: 'rfm' };
  const [head, ...rest] = value.split(/[.:]/);
  const tail = value.slice((head ?? '').length + 1);
  if (head === 'segment' && rest.length > 0 && /^[A-Za-z0-9_-]+$/.test(tail)) return { kind: 'segment', segmentation: tail };
  if ((head === 'property' || head === 'properties') && KEY.test(tail)) return { kind: 'property', key: tail };
  if (head === 'context' && KEY.test(tail)) return { kind: 'context', key: tail };
  if (head === 'session' && (SESSION_COLUMNS as readonly string[]).includes(tail)) return { kind: 'session', column: tail as SessionColumn };
  throw new FunnelInputError(
    `--by ${text} is not known: use device, channel, day, week, property.NAME, context.PATH, segment (rfm) or segment:NAME, ` +
      `or session.${SESSION_COLUMNS.join('|session.')}`,
  );
}

/** The breakdown as the user would type it. */
export function formatBreakdown(b: FunnelBreakdown): string {
  switch (b.kind) {
    case 'property':
      return `property.${b.key}`;
    case 'context':
      return `context.${b.key}`;
    case 'session':
      return `session.${b.column}`;
    case 'segment':
      return `segment:${b.segmentation}`;
    default:
      return b.kind;
  }
}

/** `YYYY-MM-DD` as a day, or a FunnelInputError naming the flag. */
export function parseDay(value: string, flag: string): string {
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new FunnelInputError(`${flag} ${value} is not a day: give YYYY-MM-DD`);
  }
  return value;
}

/**
 * What to say about event names the store does not have: the closest known name ("did you
 * mean"), else the most common ones. `known` is ordered most common first.
 */
export function unknownNamesMessage(unknown: readonly string[], known: readonly string[]): string {
  if (known.length === 0) return 'the store has no named events yet: import some (cairn import) or run cairn demo';
  const parts = unknown.map((name) => {
    const lower = name.toLowerCase();
    let best: { name: string; d: number } | null = null;
    for (const k of known) {
      const d = distance(lower, k.toLowerCase());
      if (best === null || d < best.d) best = { name: k, d };
    }
    const close = best !== null && best.d <= Math.max(2, Math.floor(name.length / 3));
    return `no event is named "${name}"${close ? ` — did you mean "${best!.name}"?` : ''}`;
  });
  return `${parts.join('; ')}. Events in the store include: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}`;
}
