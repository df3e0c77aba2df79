/** Flags and steps that `cairn paths`, `clicks` and `carts` share. */
import { z } from 'zod';
import { buildSessions } from '../../analytics/index.js';
import type { Store } from '../../store/index.js';
import { say } from '../output.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date');
/** A whole-number flag. */
export const count = (what: string, min: number, max: number) =>
  z.coerce.number({ error: `must be a whole number (${what})` }).int(`must be a whole number (${what})`).min(min, `must be ${min} or more (${what})`).max(max, `must be at most ${max}`);

/** Flags shared by paths, clicks and carts: a range of days and whether to bring the visits up to date. */
export const RangeFlags = z.object({ from: isoDate.optional(), to: isoDate.optional(), sessions: z.boolean().default(true) });

/** `--from`/`--to` days (both included, UTC) as the analytics' since/until (until exclusive). */
export function dayRange(f: { from?: string | undefined; to?: string | undefined }): { since?: string; until?: string } {
  const next = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { ...(f.from && { since: f.from }), ...(f.to && { until: next(f.to) }) };
}

/** Files new events under visits first (unless --no-sessions), saying so when there were any. */
export async function updateVisits(store: Store, command: string, sessions: boolean): Promise<void> {
  if (!sessions) return;
  const built = await buildSessions(store);
  if (built.eventsFiled > 0) say(`${command}: filed ${built.eventsFiled.toLocaleString('en-US')} new events under visits first`);
}
