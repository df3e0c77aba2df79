import type { Command } from 'commander';
import { z } from 'zod';
import { buildSessions, sessionSummary, type BuildSessionsReport, type SessionGroup, type SessionSummary } from '../../analytics/index.js';
import { withStore } from '../context.js';
import { parseWith, UsageError } from '../errors.js';
import { formatTable, printResult, say, type GlobalOptions } from '../output.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date');
const Flags = z.object({
  rebuild: z.boolean().optional(),
  since: isoDate.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

function parseFlags(raw: Record<string, unknown>): z.infer<typeof Flags> {
  const f = parseWith(Flags, raw);
  if (f.rebuild && f.since) throw new UsageError('--rebuild builds every visit again; --since only those from a day on: give one of them');
  if (f.from && f.to && f.from > f.to) throw new UsageError(`--from ${f.from} is after --to ${f.to}: the range would be empty`);
  return f;
}

/** What `cairn sessions` prints as JSON. */
export interface SessionsResult {
  build: BuildSessionsReport;
  summary: SessionSummary;
}

/** `cairn sessions`: files new events under visits, then summarises visits by channel and device. */
export function registerSessions(program: Command): void {
  program
    .command('sessions')
    .description('build visits from events (SDK session id, else 30 minutes of inactivity) and summarise them by channel and device')
    .option('--rebuild', 'throw every visit away and build them all again (after an identity split or merge, say)')
    .option('--since <date>', 'build again the visits ending on or after this day (YYYY-MM-DD)')
    .option('--from <date>', 'summarise visits starting on or after this day (YYYY-MM-DD)')
    .option('--to <date>', 'summarise visits starting on or before this day (YYYY-MM-DD)')
    .addHelpText('after', `
Each run files only the events that have no visit yet, and re-opens a visit when new events
continue it. The channel is the visit's landing UTM tags and referrer (direct, organic_search,
paid_search, social, paid_social, email, referral, affiliate, in_store). Days are UTC days.

Examples:
  cairn sessions
  cairn sessions --rebuild --json
  cairn sessions --from 2026-10-01 --to 2026-10-31`)
    .action(async (raw: Record<string, unknown>, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const flags = parseFlags(raw);
      const result = await withStore(options, async (store): Promise<SessionsResult> => {
        const build = await buildSessions(store, {
          ...(flags.rebuild && { rebuild: true }),
          ...(flags.since && { since: flags.since }),
          onProgress: (phase) => say(`sessions: ${phase}…`),
        });
        const summary = await sessionSummary(store, { ...(flags.from && { from: flags.from }), ...(flags.to && { to: flags.to }) });
        return { build, summary };
      });
      printResult(options, result, () => describe(result));
    });
}

const pct = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
const num = (x: number | null, digits = 1): string => (x === null ? '–' : x.toFixed(digits));
const money = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

function table(title: string, groups: SessionGroup[]): string {
  const rows = groups.map((g) => ({
    [title]: g.key, sessions: g.sessions, visitors: g.visitors, bounce: pct(g.bounceRate), 'pages/visit': num(g.pagesPerSession),
    'avg duration': g.avgDurationS === null ? '–' : `${Math.round(g.avgDurationS)} s`, conversion: pct(g.conversionRate), orders: g.orders, revenue: money(g.revenue),
  }));
  return formatTable([title, 'sessions', 'visitors', 'bounce', 'pages/visit', 'avg duration', 'conversion', 'orders', 'revenue'], rows);
}

function describe(r: SessionsResult): string {
  const b = r.build;
  const lines = [
    `Filed ${b.eventsFiled.toLocaleString('en-US')} events under ${b.sessionsWritten.toLocaleString('en-US')} visits (${b.sessionsReopened.toLocaleString('en-US')} re-opened); ${b.sessionsTotal.toLocaleString('en-US')} visits in the store (${b.seconds.toFixed(1)} s)`,
  ];
  const s = r.summary;
  if (s.total.sessions === 0) {
    lines.push(b.sessionsTotal === 0 ? 'No visits yet: import events first (cairn import, or cairn demo).' : 'No visits start in that range.');
    return lines.join('\n');
  }
  lines.push(`${s.total.sessions.toLocaleString('en-US')} visits by ${s.total.visitors.toLocaleString('en-US')} visitors from ${s.from?.slice(0, 10) ?? '?'} to ${s.to?.slice(0, 10) ?? '?'}: conversion ${pct(s.total.conversionRate)}, bounce ${pct(s.total.bounceRate)}`, '');
  lines.push(table('channel', s.byChannel), '', table('device', s.byDevice));
  return lines.join('\n');
}
