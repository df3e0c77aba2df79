/**
 * Days as whole numbers (days since 1970-01-01, UTC) so a daily series is a plain array indexed
 * from its first day. Dates in and out are ISO `YYYY-MM-DD`.
 */
const DAY_MS = 86_400_000;

/** The day number of an ISO date; a RangeError says what is wrong with a bad one. */
export function dayNumber(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso.trim());
  if (!m) throw new RangeError(`"${iso}" is not a date: write it as YYYY-MM-DD`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms).toISOString().slice(0, 10);
  if (back !== `${m[1]}-${m[2]}-${m[3]}`) throw new RangeError(`"${iso}" is not a real date`);
  return Math.round(ms / DAY_MS);
}

/** The ISO date of a day number. */
export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week, Monday 0 … Sunday 6 (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}
