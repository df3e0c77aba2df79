import { dayNumber } from './calendar.js';

/**
 * A holiday or event, in Prophet's shape: its date, a name shared by every year's occurrence (so
 * the effect is learnt once across years), and optional days before (`lowerWindow` ≤ 0) and after
 * (`upperWindow` ≥ 0) that get their own effects — the Saturday after Black Friday, say.
 */
export interface Holiday {
  date: string;
  name: string;
  lowerWindow?: number;
  upperWindow?: number;
}

/** The holiday effects that touch each day of a span: one key per (name, offset from the holiday). */
export interface HolidayCalendar {
  /** Effect names, e.g. `Black Friday` and `Black Friday +1`. */
  keys: string[];
  /** For each day of the span, the indexes into `keys` of the effects on that day. */
  onDay: number[][];
}

/** Lays holidays over `length` days from `firstDay` (a day number). */
export function holidayCalendar(holidays: readonly Holiday[], firstDay: number, length: number): HolidayCalendar {
  const keys: string[] = [];
  const index = new Map<string, number>();
  const onDay: number[][] = Array.from({ length }, () => []);
  for (const h of holidays) {
    const day = dayNumber(h.date);
    for (let offset = Math.min(0, h.lowerWindow ?? 0); offset <= Math.max(0, h.upperWindow ?? 0); offset++) {
      const at = day + offset - firstDay;
      if (at < 0 || at >= length) continue;
      const key = offset === 0 ? h.name : `${h.name} ${offset > 0 ? '+' : ''}${offset}`;
      let k = index.get(key);
      if (k === undefined) {
        k = keys.length;
        keys.push(key);
        index.set(key, k);
      }
      if (!onDay[at]!.includes(k)) onDay[at]!.push(k);
    }
  }
  return { keys, onDay };
}

/** Splits one CSV line, honouring double quotes. */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  out.push(cell.trim());
  return out;
}

/**
 * Reads a holiday list: a CSV with a header naming `date` (or Prophet's `ds`) and `name` (or
 * `holiday`), and optionally `lower_window` and `upper_window`. A bad line is a RangeError that
 * names the line.
 */
export function parseHolidaysCsv(text: string): Holiday[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.toLowerCase());
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const dateCol = col('date', 'ds');
  const nameCol = col('name', 'holiday');
  if (dateCol < 0 || nameCol < 0) {
    throw new RangeError(`a holiday list needs a header with date (or ds) and name (or holiday) columns; it has: ${header.join(', ') || 'nothing'}`);
  }
  const lowerCol = col('lower_window');
  const upperCol = col('upper_window');
  return lines.slice(1).map((line, i) => {
    const cells = splitCsvLine(line);
    const date = cells[dateCol] ?? '';
    const name = cells[nameCol] ?? '';
    try {
      dayNumber(date);
    } catch (err) {
      throw new RangeError(`holiday list line ${i + 2}: ${(err as Error).message}`, { cause: err });
    }
    if (!name) throw new RangeError(`holiday list line ${i + 2}: the name is empty`);
    const window = (c: number, sign: 1 | -1) => {
      if (c < 0 || !cells[c]) return undefined;
      const v = Number(cells[c]);
      if (!Number.isInteger(v) || v * sign < 0 || Math.abs(v) > 30) {
        throw new RangeError(`holiday list line ${i + 2}: ${header[c]} must be a whole number of days, ${sign < 0 ? '≤ 0' : '≥ 0'} and at most 30 away`);
      }
      return v;
    };
    const holiday: Holiday = { date: date.slice(0, 10), name };
    const lower = window(lowerCol, -1);
    const upper = window(upperCol, 1);
    if (lower !== undefined) holiday.lowerWindow = lower;
    if (upper !== undefined) holiday.upperWindow = upper;
    return holiday;
  });
}
