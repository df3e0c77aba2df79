import type { Command } from 'commander';
import { z } from 'zod';
import { buildSessions, KpiRangeError, kpis, type KpiDay, type KpiReport, type KpiTotals } from '../../analytics/index.js';
import { withStore } from '../context.js';
import { parseWith, UsageError } from '../errors.js';
import { formatTable, printResult, say, type GlobalOptions } from '../output.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date');
const Flags = z.object({ from: isoDate.optional(), to: isoDate.optional(), sessions: z.boolean().default(true) });

function parseFlags(raw: Record<string, unknown>): z.infer<typeof Flags> {
  const f = parseWith(Flags, raw);
  if (f.from && f.to && f.from > f.to) throw new UsageError(`--from ${f.from} is after --to ${f.to}: the range would be empty`);
  return f;
}

/** `cairn kpis`: the morning numbers by day, beside the previous period. */
export function registerKpis(program: Command): void {
  program
    .command('kpis')
    .description('revenue, orders, AOV, conversion, new vs returning, repeat purchase, DAU/WAU/MAU and stickiness by day, with the previous period beside them')
    .option('--from <date>', 'first day (YYYY-MM-DD; default 29 days before --to)')
    .option('--to <date>', 'last day (YYYY-MM-DD; default the last day with data)')
    .option('--no-sessions', 'do not file new events under visits first (read the visits as they are)')
    .addHelpText('after', `
Days are UTC days. The previous period is the same number of days just before --from. Revenue
counts every channel, in-store receipts too, net of returns; conversion is visits with an order
over visits. A ratio with nothing under it prints as – (null in --json).

Examples:
  cairn kpis
  cairn kpis --from 2026-10-01 --to 2026-10-31 --json`)
    .action(async (raw: Record<string, unknown>, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const flags = parseFlags(raw);
      try {
        const report = await withStore(options, async (store) => {
          if (flags.sessions) {
            const built = await buildSessions(store);
            if (built.eventsFiled > 0) say(`kpis: filed ${built.eventsFiled.toLocaleString('en-US')} new events under visits first`);
          }
          return kpis(store, { ...(flags.from && { from: flags.from }), ...(flags.to && { to: flags.to }) });
        });
        if (report.message) say(`kpis: ${report.message}`);
        printResult(options, report, () => describe(report));
      } catch (err) {
        if (err instanceof KpiRangeError) throw new UsageError(err.message);
        throw err;
      }
    });
}

const money = (x: number | null): string => (x === null ? '–' : x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const pct = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
const int = (x: number | null): string => (x === null ? '–' : Math.round(x).toLocaleString('en-US'));
const change = (x: number | null | undefined): string => (x === null || x === undefined ? '' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(0)}%`);

const TOTAL_LINES: [string, keyof KpiTotals, (x: number | null) => string][] = [
  ['revenue', 'revenue', money], ['orders', 'orders', int], ['AOV', 'aov', money], ['sessions', 'sessions', int],
  ['conversion rate', 'conversionRate', pct], ['new customers', 'newCustomers', int], ['returning customers', 'returningCustomers', int],
  ['repeat-purchase rate', 'repeatPurchaseRate', pct], ['DAU (mean)', 'dau', int], ['MAU (mean)', 'mau', int], ['stickiness', 'stickiness', pct],
];

function dayRow(d: KpiDay, prev: KpiDay): Record<string, unknown> {
  return {
    day: d.date, revenue: money(d.revenue), 'prev rev': money(prev.revenue), orders: d.orders, AOV: money(d.aov),
    sessions: d.sessions, conv: pct(d.conversionRate), 'prev conv': pct(prev.conversionRate),
    new: d.newCustomers, returning: d.returningCustomers, DAU: d.dau, WAU: d.wau, MAU: d.mau, sticky: pct(d.stickiness),
  };
}

function describe(r: KpiReport): string {
  const lines = [`KPIs ${r.period.from} … ${r.period.to} against ${r.previousPeriod.from} … ${r.previousPeriod.to} (UTC days)`];
  if (r.message) lines.push(`note: ${r.message}`);
  lines.push('', formatTable(['', 'this period', 'previous', 'change'], TOTAL_LINES.map(([label, key, f]) => ({
    '': label, 'this period': f(r.totals[key]), previous: f(r.previousTotals[key]), change: change(r.change[key]),
  }))), '');
  lines.push(formatTable(['day', 'revenue', 'prev rev', 'orders', 'AOV', 'sessions', 'conv', 'prev conv', 'new', 'returning', 'DAU', 'WAU', 'MAU', 'sticky'],
    r.days.map((d) => dayRow(d.current, d.previous)), 400));
  return lines.join('\n');
}
