import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  buildSessions, funnel, funnelDropped, FunnelInputError, formatWindow, parseBreakdown, parseConversionWindow, parseDay, parseSteps,
  type FunnelDropped, type FunnelOptions, type FunnelReport, type FunnelStepResult,
} from '../../analytics/index.js';
import { withStore } from '../context.js';
import { UsageError } from '../errors.js';
import { formatTable, printResult, say, type GlobalOptions } from '../output.js';

interface FunnelFlags extends GlobalOptions {
  steps: string;
  within: string;
  order: string;
  by?: string;
  from?: string;
  to?: string;
  droppedAt?: string;
  out?: string;
  groups: string;
}

/** Flags into funnel options; a malformed value is a UsageError (exit 2). */
function parseFlags(f: FunnelFlags): { options: FunnelOptions; droppedAt: number | null } {
  try {
    if (f.order !== 'strict' && f.order !== 'any') throw new FunnelInputError(`--order ${f.order} is not known: use strict or any`);
    if (!/^\d+$/.test(f.groups) || Number(f.groups) < 1) throw new FunnelInputError(`--groups must be a whole number of at least 1, got ${f.groups}`);
    if (f.droppedAt !== undefined && !/^\d+$/.test(f.droppedAt)) throw new FunnelInputError(`--dropped-at must be a step number (2 for the second step), got ${f.droppedAt}`);
    if (f.out !== undefined && f.droppedAt === undefined) throw new FunnelInputError('--out writes the customers of --dropped-at N: give both');
    return {
      options: {
        steps: parseSteps(f.steps),
        withinSeconds: parseConversionWindow(f.within),
        order: f.order,
        groups: Number(f.groups),
        ...(f.by === undefined ? {} : { breakdown: parseBreakdown(f.by) }),
        ...(f.from === undefined ? {} : { from: parseDay(f.from, '--from') }),
        ...(f.to === undefined ? {} : { to: parseDay(f.to, '--to') }),
      },
      droppedAt: f.droppedAt === undefined ? null : Number(f.droppedAt),
    };
  } catch (err) {
    if (err instanceof FunnelInputError) throw new UsageError(err.message);
    throw err;
  }
}

/** `cairn funnel`: how many people get through ordered steps within a window, and where they drop. */
export function registerFunnel(program: Command): void {
  program
    .command('funnel')
    .description('conversion through ordered steps within a window: people per step, conversion, drop-off, median times, breakdowns, who dropped')
    .requiredOption('--steps <list>', 'event names in order, comma-separated; a step may filter on properties: "Product Viewed[category=Books]"')
    .option('--within <window>', 'conversion window from the first step to the last: 30m, 2h, 1d, 7d', '1d')
    .option('--order <order>', 'strict (each step after the one before; other events may happen between) or any', 'strict')
    .option('--by <breakdown>', 'split by device, channel, day, week, property.NAME, context.PATH, session.channel|source|campaign|…, segment or segment:NAME')
    .option('--from <date>', 'first day of events (YYYY-MM-DD, UTC)')
    .option('--to <date>', 'last day of events (YYYY-MM-DD, UTC)')
    .option('--dropped-at <n>', 'list the customers who reached step n−1 and not step n')
    .option('--out <file>', 'with --dropped-at: write them to a CSV file (customer_id)')
    .option('--groups <n>', 'most breakdown groups to show, largest first', '20')
    .addHelpText('after', `
A person is the customer, else the visitor behind an anonymous id, so someone who browses
anonymously and signs in to buy counts once. A person reaches step k when steps 1…k happen in
order (or in any order, with --order any) with the last at most --within after the first;
breakdowns use the event that starts the person's furthest path. Examples:
  cairn funnel --steps "Product Viewed,Product Added,Order Completed" --within 1d
  cairn funnel --steps "Checkout Started,Order Completed" --within 2h --by day --from 2026-10-01
  cairn funnel --steps "Product Viewed[category=Books],Product Added,Order Completed" --by device --json
  cairn funnel --steps "Product Added,Checkout Started,Order Completed" --dropped-at 3 --out lost.csv`)
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<FunnelFlags>();
      const { options, droppedAt } = parseFlags(flags);
      const result = await withStore(flags, async (store) => {
        if (options.breakdown?.kind === 'session') {
          const built = await buildSessions(store);
          if (built.eventsFiled > 0) say(`funnel: filed ${built.eventsFiled.toLocaleString('en-US')} new events under visits first`);
        }
        return droppedAt === null ? await funnel(store, options) : await funnelDropped(store, options, droppedAt);
      });
      if (result.message) say(`funnel: ${result.message}`);
      if ('customers' in result) {
        if (flags.out !== undefined) writeFileSync(flags.out, ['customer_id', ...result.customers].join('\n') + '\n');
        printResult(flags, { ...result, ...(flags.out === undefined ? {} : { file: flags.out }) }, () => describeDropped(result, flags.out));
      } else {
        printResult(flags, result, () => describe(result));
      }
    });
}

/** 45 → 45s, 600 → 10m, 5400 → 1h 30m, 93600 → 1d 2h. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${String(s)}s`;
  if (s < 3600) return `${String(Math.round(s / 60))}m`;
  if (s < 86_400) return `${String(Math.floor(s / 3600))}h${s % 3600 >= 60 ? ` ${String(Math.round((s % 3600) / 60))}m` : ''}`;
  return `${String(Math.floor(s / 86_400))}d${s % 86_400 >= 3600 ? ` ${String(Math.round((s % 86_400) / 3600))}h` : ''}`;
}

const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
const BAR = 40;

function stepLines(steps: FunnelStepResult[]): string[] {
  const top = Math.max(1, ...steps.map((s) => s.people));
  const width = Math.max(...steps.map((s) => s.label.length));
  return steps.map((s) => {
    const bar = '#'.repeat(Math.round((BAR * s.people) / top)).padEnd(BAR);
    const after = s.step === 1 ? '' : `  ${pct(s.conversionFromPrevious)} of step ${String(s.step - 1)}, ${n(s.dropOff)} dropped, median ${duration(s.medianSecondsFromPrevious)} after it`;
    return `  ${String(s.step).padStart(2)}  ${s.label.padEnd(width)}  ${bar}  ${n(s.people).padStart(7)}  ${pct(s.conversionFromFirst).padStart(6)}${after}`;
  });
}

function describe(r: FunnelReport): string {
  const range = r.range.from === null && r.range.to === null ? 'all dates' : `${r.range.from ?? 'start'} … ${r.range.to ?? 'end'}`;
  const lines = [`Funnel: ${r.steps.join(' → ')}`, `${r.order === 'strict' ? 'in order' : 'in any order'} within ${formatWindow(r.withinSeconds)} · ${range} · people who reached each step (share of step 1)`, ''];
  if (r.message) lines.push(`note: ${r.message}`, '');
  lines.push(...stepLines(r.total));
  const last = r.total[r.total.length - 1];
  if (last && r.total.length > 1) lines.push('', `Overall conversion ${pct(last.conversionFromFirst)}, median ${duration(last.medianSecondsFromFirst)} from the first step to the last.`);
  if (r.breakdown !== null && r.groups.length > 0) {
    lines.push('', `By ${r.breakdown} (of the event that starts each person's path):`);
    const columns = ['value', ...r.steps.map((_, i) => `step ${String(i + 1)}`), 'conversion'];
    lines.push(formatTable(columns, r.groups.map((g) => ({
      value: g.value ?? '(none)',
      ...Object.fromEntries(g.steps.map((s) => [`step ${String(s.step)}`, s.step === 1 ? n(s.people) : `${n(s.people)} (${pct(s.conversionFromPrevious)})`])),
      conversion: pct(g.steps[g.steps.length - 1]?.conversionFromFirst ?? null),
    }))));
    if (r.otherGroups > 0) lines.push(`… ${n(r.otherGroups)} smaller groups not shown (--groups N shows more)`);
  }
  return lines.join('\n');
}

function describeDropped(d: FunnelDropped, file: string | undefined): string {
  const lines = [`${n(d.customers.length)} customers reached step ${String(d.step - 1)} and not step ${String(d.step)} (${d.label})` +
    (d.anonymousVisitors > 0 ? `; ${n(d.anonymousVisitors)} anonymous visitors dropped there too (not listed)` : '')];
  if (d.message) lines.push(`note: ${d.message}`);
  if (file !== undefined) lines.push(`Wrote their customer ids to ${file}.`);
  else if (d.customers.length > 0) lines.push(...d.customers.slice(0, 50).map((c) => `  ${c}`), ...(d.customers.length > 50 ? [`  … ${n(d.customers.length - 50)} more (--out FILE writes them all)`] : []));
  return lines.join('\n');
}
