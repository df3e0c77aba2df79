import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import {
  AttributionInputError,
  ATTRIBUTION_MODELS,
  buildSessions,
  CHANNELS,
  parseSpendCsv,
  runAttribution,
  type AttributionModel,
  type AttributionReport,
  type SpendFile,
} from '../../analytics/index.js';
import { withStore } from '../context.js';
import { parseWith, UsageError } from '../errors.js';
import { formatTable, printResult, say, type GlobalOptions } from '../output.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date');
/** `30d`, `4w` or a bare number of days. */
const days = (what: string) =>
  z.string().regex(/^\d+(\.\d+)?\s*[dw]?$/i, `must be a number of days such as 30d (or weeks, 4w)`).transform((s, ctx) => {
    const n = Number.parseFloat(s) * (/w$/i.test(s.trim()) ? 7 : 1);
    if (!(n > 0)) ctx.addIssue({ code: 'custom', message: `must be more than 0 days (${what})` });
    return n;
  });
const Flags = z.object({
  model: z.enum(['all', 'first', 'last', 'linear', 'time-decay', 'position', 'markov', 'shapley'], { error: `must be all or one of ${ATTRIBUTION_MODELS.join(', ')}` }).default('all'),
  order: z.coerce.number({ error: 'must be 1, 2 or 3' }).int('must be 1, 2 or 3').min(1, 'must be 1, 2 or 3').max(3, 'must be 1, 2 or 3').default(1),
  lookback: days('the window before each order').default(30).refine((n) => Number.isInteger(n) && n <= 3650, 'must be a whole number of days up to 3650'),
  halfLife: days('the time-decay half-life').default(7),
  spend: z.string().min(1).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  sessions: z.boolean().default(true),
});
type Flags = z.infer<typeof Flags>;

function parseFlags(raw: Record<string, unknown>): Flags {
  const data = parseWith(Flags, raw);
  if (data.from && data.to && data.from > data.to) throw new UsageError(`the range is empty: --from ${data.from} is after --to ${data.to}`);
  return data;
}

function readSpend(file: string | undefined): SpendFile | undefined {
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read the spend file ${file}: give a CSV with channel, period and cost columns`);
  }
  try {
    return parseSpendCsv(text, CHANNELS);
  } catch (err) {
    throw new UsageError(`${file}: ${(err as Error).message}`);
  }
}

/** `cairn attribution`: which channels earned the orders, by seven models, with ROI from a spend file. */
export function registerAttribution(program: Command): void {
  program
    .command('attribution')
    .description('multi-touch attribution of orders to channels: first, last, linear, time-decay, position-based, Markov (order 1-3) and Shapley; ROI with a spend file')
    .option('--model <name>', `all, or one of ${ATTRIBUTION_MODELS.join(', ')}`, 'all')
    .option('--order <1..3>', 'Markov order: how many past touches a state remembers', '1')
    .option('--lookback <days>', 'touches count for an order within this many days before it (30d, 4w)', '30d')
    .option('--half-life <days>', 'time decay: a touch this much older counts half', '7d')
    .option('--spend <file.csv>', 'marketing spend: CSV with channel, period (2024-05, 2024-05-03 or 2024-05-01..2024-05-14) and cost')
    .option('--from <date>', 'orders from this day (YYYY-MM-DD, UTC)')
    .option('--to <date>', 'orders up to and including this day')
    .option('--no-sessions', 'do not bring the visits (sessions) up to date with new events first')
    .addHelpText('after', `
A journey is a customer's visits (their channel: ${CHANNELS.join(', ')}) and store purchases
(in_store) in the lookback before an order and after the previous one (a visit counts for the
first order after it only); visitors with visits and no order are journeys that
did not convert (the Markov model needs them). Shapley is exact over every set of channels, in the
game of Zhao et al. (2018); Markov is the removal effect, as the R package ChannelAttribution
computes it, solved exactly. ROI = (attributed revenue - cost) / cost; CPA = cost / conversions.

Examples:
  cairn attribution
  cairn attribution --model markov --order 2 --lookback 14d --json
  cairn attribution --spend spend.csv --from 2024-05-01 --to 2024-05-31`)
    .action(async (raw: Record<string, unknown>, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const flags = parseFlags(raw);
      const spend = readSpend(flags.spend);
      for (const w of spend?.warnings ?? []) say(`warning: ${w}`);
      const models: AttributionModel[] = flags.model === 'all' ? [...ATTRIBUTION_MODELS] : [flags.model];
      try {
        const report = await withStore(options, async (store) => {
          if (flags.sessions) {
            const built = await buildSessions(store);
            if (built.sessionsWritten > 0) say(`sessions: ${built.sessionsWritten} visits built from ${built.eventsFiled} new events`);
          }
          return runAttribution(store, {
            models,
            order: flags.order,
            lookbackDays: flags.lookback,
            halfLifeDays: flags.halfLife,
            ...(flags.from && { from: flags.from }),
            ...(flags.to && { to: flags.to }),
            ...(spend && { spend }),
          });
        });
        for (const w of report.warnings) if (!spend?.warnings.includes(w)) say(`warning: ${w}`);
        if (report.message) say(report.message);
        printResult(options, report, () => describe(report));
      } catch (err) {
        if (err instanceof AttributionInputError) throw new UsageError(err.message);
        throw err;
      }
    });
}

function describe(r: AttributionReport): string {
  if (r.message) return r.message;
  const j = r.journeys;
  const lines = [
    `${j.converting} orders (${j.revenue.toFixed(2)} revenue), ${j.nonConverting} visitors without an order; ${j.meanTouches} touches per order, lookback ${r.lookbackDays} days`,
  ];
  for (const m of r.models) {
    const title = m.model === 'markov' ? `markov (order ${m.order ?? 1}, P(conversion) ${m.detail?.['conversionProbability'] ?? 0})` : m.model;
    const rows = m.channels
      .filter((c) => c.conversions !== 0 || c.cost !== undefined)
      .map((c) => ({
        channel: c.channel,
        conversions: c.conversions.toFixed(2),
        share: `${(c.share * 100).toFixed(1)}%`,
        revenue: c.revenue.toFixed(2),
        ...(c.removalEffect !== undefined && { 'removal effect': c.removalEffect.toFixed(3) }),
        ...(c.cost !== undefined && { cost: c.cost.toFixed(2), roi: c.roi === null || c.roi === undefined ? '-' : c.roi.toFixed(2), cpa: c.cpa === null || c.cpa === undefined ? '-' : c.cpa.toFixed(2) }),
      }));
    const columns = Object.keys(rows[0] ?? { channel: '', conversions: '', share: '', revenue: '' });
    lines.push('', title, formatTable(columns, rows));
  }
  return lines.join('\n');
}
