import type { Rng } from './random.js';

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;
/** Milliseconds in a minute. */
export const MINUTE_MS = 60_000;

/** The generated window: [startMs, endMs), whole UTC days. */
export interface Period {
  startMs: number;
  endMs: number;
  days: number;
}

/** The fixed last day of the default shop, so output never depends on "now". */
export const DEFAULT_LAST_DAY = '2026-10-31';

/** The window of `days` days starting at `start` (YYYY-MM-DD), or ending on 2026-10-31. */
export function periodFor(days: number, start?: string): Period {
  const startMs = start ? Date.parse(`${start}T00:00:00.000Z`) : Date.parse(`${DEFAULT_LAST_DAY}T00:00:00.000Z`) - (days - 1) * DAY_MS;
  return { startMs, endMs: startMs + days * DAY_MS, days };
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
let cachedDay = Number.NaN;
let cachedPrefix = '';

/**
 * ISO-8601 UTC with milliseconds and `Z`, as Segment sends it. Equal to `toISOString()` for
 * years 0–9999; the date part is cached per day because this runs once per event.
 */
export function isoTime(ms: number): string {
  const t = Math.floor(ms);
  const day = Math.floor(t / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = t - day * DAY_MS;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  return `${cachedPrefix}${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}.${THREE_DIGITS[rest - second * 1000]}Z`;
}

/** YYYY-MM-DD of a UTC instant. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Day of week of a UTC instant, Monday = 0 … Sunday = 6. */
export function weekday(ms: number): number {
  // 1970-01-01 was a Thursday (Monday-based index 3).
  return (Math.floor(ms / DAY_MS) + 3) % 7;
}

const dstCache = new Map<number, [number, number]>();

/** UTC instants when Central European Summer Time starts and ends in `year`. */
function summerTime(year: number): [number, number] {
  let span = dstCache.get(year);
  if (!span) {
    // EU rule: last Sunday of March and of October, both at 01:00 UTC.
    const lastSunday = (month: number): number => {
      const last = Date.UTC(year, month + 1, 0);
      return last - ((weekday(last) + 1) % 7) * DAY_MS + 3_600_000;
    };
    span = [lastSunday(2), lastSunday(9)];
    dstCache.set(year, span);
  }
  return span;
}

/** Offset of Europe/Berlin from UTC at a UTC instant, in milliseconds (1 h or 2 h). */
export function berlinOffset(ms: number): number {
  const [from, to] = summerTime(new Date(ms).getUTCFullYear());
  return ms >= from && ms < to ? 7_200_000 : 3_600_000;
}

/** Berlin wall-clock time as `YYYY-MM-DD HH:MM:SS`, the way tills export it. */
export function berlinLocal(ms: number): string {
  const iso = new Date(ms + berlinOffset(ms)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** The UTC instant of Berlin wall-clock `secondOfDay` on the UTC date that starts at `dayStartMs`. */
export function berlinToUtc(dayStartMs: number, secondOfDay: number): number {
  const local = dayStartMs + secondOfDay * 1000;
  return local - berlinOffset(local - 7_200_000);
}

/** Draws indices in proportion to fixed weights, with the cumulative sums computed once. */
export class WeightedTable {
  private readonly cumulative: Float64Array;

  /** A table over `weights`; all must be ≥ 0 and at least one > 0. */
  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
  }

  /** One index. */
  draw(rng: Rng): number {
    const c = this.cumulative;
    const x = rng.next() * (c[c.length - 1] ?? 0);
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((c[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Local hours people browse on a computer: low at night, a dip after lunch, a peak at 20–22 h. */
const DESKTOP_HOURS = [0.5, 0.3, 0.15, 0.1, 0.1, 0.2, 0.5, 1.1, 1.8, 2.3, 2.6, 2.8, 3.0, 2.8, 2.6, 2.6, 2.7, 3.0, 3.3, 4.0, 4.6, 4.6, 3.6, 1.8];
/** Phones: commute, lunch and late-evening peaks. */
const MOBILE_HOURS = [1.0, 0.6, 0.3, 0.2, 0.2, 0.4, 1.2, 2.6, 2.4, 1.8, 1.9, 2.4, 3.2, 2.7, 2.0, 2.0, 2.4, 3.0, 3.4, 3.8, 4.4, 4.8, 4.2, 2.4];
/** Tills: the store is open 09:00–20:00, busiest late afternoon. */
const STORE_HOURS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0, 1.4, 1.8, 2.2, 2.0, 1.8, 2.0, 2.4, 2.8, 2.6, 1.6, 0, 0, 0, 0];

const tables = {
  desktop: new WeightedTable(DESKTOP_HOURS),
  mobile: new WeightedTable(MOBILE_HOURS),
  store: new WeightedTable(STORE_HOURS),
};

/** Which daily rhythm a timestamp follows. */
export type DailyRhythm = keyof typeof tables;

/** A second of the local day drawn from the rhythm's hourly profile. */
export function secondOfDay(rng: Rng, rhythm: DailyRhythm): number {
  return tables[rhythm].draw(rng) * 3600 + Math.floor(rng.next() * 3600);
}

/** Relative online traffic by weekday (Monday first): Sunday evening is the busiest. */
export const WEEKLY_TRAFFIC = [1.0, 0.95, 0.95, 1.0, 0.88, 0.92, 1.3] as const;
