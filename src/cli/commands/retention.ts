import type { Command } from 'commander';
import {
  FunnelInputError, parseCohortBy, parseDay, retention, RETENTION_PERIODS,
  type RetentionMetric, type RetentionOptions, type RetentionPeriod, type RetentionReport,
} from '../../analytics/index.js';
import { withStore } from '../context.js';
import { UsageError } from '../errors.js';
import { formatTable, printResult, say, type GlobalOptions } from '../output.js';

interface RetentionFlags extends GlobalOptions {
  cohort: string;
  period: string;
  metric: string;
  unbounded?: boolean;
  return?: string;
  from?: string;
  to?: string;
  periods?: string;
}

function parseFlags(f: RetentionFlags): RetentionOptions {
  try {
    if (!(RETENTION_PERIODS as readonly string[]).includes(f.period)) throw new FunnelInputError(`--period ${f.period} is not known: use day, week or month`);
    if (f.metric !== 'customers' && f.metric !== 'revenue') throw new FunnelInputError(`--metric ${f.metric} is not known: use customers or revenue`);
    if (f.periods !== undefined && (!/^\d+$/.test(f.periods) || Number(f.periods) < 1)) throw new FunnelInputError(`--periods must be a whole number of at least 1, got ${f.periods}`);
    if (f.cohort.trim() === '') throw new FunnelInputError('--cohort needs first-event, first-purchase or an event name');
    return {
      cohort: parseCohortBy(f.cohort),
      period: f.period as RetentionPeriod,
      metric: f.metric as RetentionMetric,
      unbounded: f.unbounded === true,
      ...(f.return === undefined ? {} : { returnEvent: f.return }),
      ...(f.from === undefined ? {} : { from: parseDay(f.from, '--from') }),
      ...(f.to === undefined ? {} : { to: parseDay(f.to, '--to') }),
      ...(f.periods === undefined ? {} : { periods: Number(f.periods) }),
    };
  } catch (err) {
    if (err instanceof FunnelInputError) throw new UsageError(err.message);
    throw err;
  }
}

/** `cairn retention`: cohorts by first event or first purchase and how many come back. */
export function registerRetention(program: Command): void {
  program
    .command('retention')
    .description('retention cohorts by first event, a named event or first purchase, by day, week or month; people or revenue')
    .option('--cohort <by>', 'first-event, first-purchase, or an event name (cohort by its first time)', 'first-event')
    .option('--period <period>', 'day, week (ISO, from Monday) or month', 'week')
    .option('--metric <metric>', 'customers (people active) or revenue (orders net of returns ÷ the first period)', 'customers')
    .option('--unbounded', 'count people active in period N or any later one (default: in period N)')
    .option('--return <event>', 'only this event makes a person active again (cohorts by event; default any event)')
    .option('--from <date>', 'cohorts whose first time is on or after this day (YYYY-MM-DD, UTC)')
    .option('--to <date>', 'count activity up to this day (default the last day with data)')
    .option('--periods <n>', 'most periods to show, period 0 included')
    .addHelpText('after', `
Periods are calendar periods (UTC): week N is the Nth week after the cohort's week. A period after
the last day of data has not happened yet and shows as blank (null in --json). Cohorts by first
purchase count orders; a cohort by first event counts any event. Examples:
  cairn retention
  cairn retention --cohort first-purchase --period month --metric revenue
  cairn retention --cohort "Signed Up" --period day --unbounded --json`)
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<RetentionFlags>();
      const options = parseFlags(flags);
      const report = await withStore(flags, (store) => retention(store, options));
      if (report.message) say(`retention: ${report.message}`);
      printResult(flags, report, () => describe(report));
    });
}

const SHOWN = 13;
const LETTER: Record<RetentionPeriod, string> = { day: 'D', week: 'W', month: 'M' };
const pct = (x: number | null) => (x === null ? '' : `${Math.round(100 * x)}%`);

function describe(r: RetentionReport): string {
  const by = r.cohortBy === 'first-event' ? 'first event' : r.cohortBy === 'first-purchase' ? 'first purchase' : `first "${r.cohortBy}"`;
  const what = r.metric === 'revenue'
    ? `revenue in ${r.period} N${r.unbounded ? ' and after' : ''} ÷ the cohort's first ${r.period}`
    : `share of the cohort active in ${r.period} N${r.unbounded ? ' or later' : ''}${r.returnEvent ? ` (${r.returnEvent})` : ''}`;
  const lines = [`Retention: ${r.period}ly cohorts by ${by} · ${what}${r.through ? ` · data through ${r.through}` : ''}`];
  if (r.message) lines.push(`note: ${r.message}`);
  if (r.cohorts.length === 0) return lines.join('\n');
  const shown = Math.min(r.periods, SHOWN);
  const cols = Array.from({ length: shown }, (_, k) => `${LETTER[r.period]}${String(k)}`);
  const first = r.metric === 'revenue' ? ['cohort', 'people', 'revenue 0'] : ['cohort', 'people'];
  const rows = r.cohorts.map((c) => ({
    cohort: c.cohort,
    people: c.size.toLocaleString('en-US'),
    'revenue 0': (c.values[0] ?? 0).toLocaleString('en-US', { maximumFractionDigits: 0 }),
    ...Object.fromEntries(cols.map((col, k) => [col, pct(c.rates[k] ?? null)])),
  }));
  rows.push({ cohort: 'all cohorts', people: r.cohorts.reduce((s, c) => s + c.size, 0).toLocaleString('en-US'), 'revenue 0': '', ...Object.fromEntries(cols.map((col, k) => [col, pct(r.average[k] ?? null)])) });
  lines.push('', formatTable([...first, ...cols], rows, 400));
  if (r.periods > shown) lines.push(`(${String(r.periods - shown)} later ${r.period}s in --json)`);
  return lines.join('\n');
}
