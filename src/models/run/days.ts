/** Whether `text` is a calendar day written YYYY-MM-DD, as the `--as-of`/`--…-end` flags take it. */
export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text));
}

/** The day `days` after `day` (negative: before), both YYYY-MM-DD in UTC. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
