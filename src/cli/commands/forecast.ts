import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { forecastSeries, forecastTotal, ForecastInputError, parseHolidaysCsv, type ForecastResult, type ForecastTotal, type Holiday } from '../../models/index.js';
import { csvSeries, ForecastDataError, runForecast, type ForecastRunResult, type SeriesForecast } from '../../models/run/forecast.js';
import { openStore } from '../../store/index.js';
import { withStore } from '../context.js';
import { parseWith, UsageError } from '../errors.js';
import { printResult, say, type GlobalOptions } from '../output.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date');
const Flags = z.object({
  metric: z.enum(['revenue', 'orders'], { error: 'must be revenue or orders' }).default('revenue'),
  by: z.enum(['category'], { error: 'can only be category' }).optional(),
  horizon: z.coerce.number({ error: 'must be a whole number of days, e.g. 28' }).int('must be a whole number of days').min(1).max(3660).default(28),
  top: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1).max(500).default(15),
  holidays: z.string().min(1).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  csv: z.string().min(1).optional(),
  time: z.string().min(1).optional(),
  value: z.string().min(1).optional(),
});
type Flags = z.infer<typeof Flags>;

function parseFlags(raw: Record<string, unknown>): Flags {
  const f = parseWith(Flags, raw);
  if (f.csv && (!f.time || !f.value)) throw new UsageError('--csv needs --time COLUMN and --value COLUMN: the date column and the number to forecast');
  if (!f.csv && (f.time || f.value)) throw new UsageError('--time and --value go with --csv FILE');
  if (f.csv && f.by) throw new UsageError('--by category works on the store, not with --csv');
  if (f.csv && !(existsSync(f.csv) && statSync(f.csv).isFile())) throw new UsageError(`--csv ${f.csv}: no such file`);
  if (f.from && f.to && f.from > f.to) throw new UsageError(`--from ${f.from} is after --to ${f.to}`);
  return f;
}

function readHolidays(file: string | undefined): Holiday[] {
  if (!file) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read the holiday list ${file}: give a CSV with date and name columns`);
  }
  try {
    return parseHolidaysCsv(text);
  } catch (err) {
    throw new UsageError(`${file}: ${(err as Error).message}`);
  }
}

/** `cairn forecast`: daily revenue or orders ahead, from the store or from a CSV file. */
export function registerForecast(program: Command): void {
  program
    .command('forecast')
    .description('forecast daily revenue or orders (overall or per category) with intervals; back-tested against seasonal naive, written to the store')
    .option('--metric <revenue|orders>', 'what to forecast', 'revenue')
    .option('--by <category>', 'one forecast per product category (the top ones by value, the rest as "(other)")')
    .option('--top <n>', 'with --by category: how many categories get their own forecast', '15')
    .option('--horizon <days>', 'days to forecast', '28')
    .option('--holidays <file.csv>', 'holidays and events: CSV with date,name[,lower_window,upper_window] (Prophet\'s ds,holiday also read)')
    .option('--from <date>', 'ignore history before this day (YYYY-MM-DD)')
    .option('--to <date>', 'last day of history (default: the last order day; use the last complete day)')
    .option('--csv <file>', 'file mode: forecast a series from a CSV instead of the store (nothing is written)')
    .option('--time <column>', 'with --csv: the date or timestamp column (finer than a day is summed per day)')
    .option('--value <column>', 'with --csv: the number to forecast')
    .addHelpText('after', `
Days with no orders count as zero. Days are UTC days. With fewer than 14 days of history the
forecast is the daily mean (flagged); a model needs two weeks to learn the weekly pattern.

Examples:
  cairn forecast --horizon 28
  cairn forecast --metric orders --by category --holidays holidays.csv --json
  cairn forecast --csv daily-sales.csv --time date --value revenue --horizon 14 --json`)
    .action(async (raw: Record<string, unknown>, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const flags = parseFlags(raw);
      const holidays = readHolidays(flags.holidays);
      try {
        if (flags.csv) {
          const result = await forecastFile(flags, holidays);
          printResult(options, result, () => describeFile(result));
          return;
        }
        const result = await withStore(options, (store) =>
          runForecast(store, {
            metric: flags.metric,
            byCategory: flags.by === 'category',
            horizon: flags.horizon,
            holidays,
            top: flags.top,
            ...(flags.from && { from: flags.from }),
            ...(flags.to && { to: flags.to }),
            onSeries: (s, i, n) => {
              if (n > 1) say(`forecast: ${s} (${i + 1}/${n})`);
            },
          }),
        );
        printResult(options, result, () => describeRun(result));
      } catch (err) {
        if (err instanceof ForecastDataError || err instanceof ForecastInputError) throw new UsageError(err.message);
        throw err;
      }
    });
}

interface FileForecast {
  file: string;
  column: string;
  rows: number;
  skippedRows: number;
  totals: ForecastTotal[];
  forecast: ForecastResult;
}

async function forecastFile(flags: Flags, holidays: Holiday[]): Promise<FileForecast> {
  const store = await openStore({ location: ':memory:' });
  let series;
  try {
    series = await csvSeries(store, flags.csv!, flags.time!, flags.value!);
  } finally {
    await store.close();
  }
  if (series.skipped) say(`forecast: ${series.skipped} of ${series.rows} rows had no readable date or number and were left out`);
  const forecast = forecastSeries(series.values, { start: series.start, horizon: flags.horizon, holidays });
  const totals = [...new Set([7, 28].map((d) => Math.min(d, flags.horizon)))].map((d) => forecastTotal(forecast, d));
  return { file: flags.csv!, column: series.series, rows: series.rows, skippedRows: series.skipped, totals, forecast };
}

const fmt = (x: number) => (Math.abs(x) >= 10 || x === 0 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));
const pct = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(1)}%`);

function totalLine(t: ForecastTotal): string {
  const bands = t.intervals.map((i) => `${Math.round(i.level * 100)}%: ${fmt(i.lower)}–${fmt(i.upper)}`).join(', ');
  return `next ${t.days} days: ${fmt(t.yhat)} (${bands})`;
}

/** The lines a marketer reads for one series. */
function describeSeries(name: string, f: ForecastResult, totals: readonly ForecastTotal[]): string[] {
  const lines = [`${name}: ${totals.map(totalLine).join('; ')}`, `  model: ${f.description}`];
  const bt = f.backtest;
  if (bt) {
    const chosen = bt.scores.find((s) => s.model === f.model);
    const naive = bt.scores.find((s) => s.model === 'seasonal-naive');
    if (chosen && naive) {
      const verdict = chosen.model === naive.model ? 'seasonal naive itself was best' : chosen.smape < naive.smape ? 'better than' : 'not better than';
      lines.push(`  back-test (${bt.origins.length} origins × ${bt.horizon} days): sMAPE ${pct(chosen.smape)} vs seasonal naive ${pct(naive.smape)} (${verdict}${chosen.model === naive.model ? '' : ' repeating last week'}), MASE ${chosen.mase?.toFixed(2) ?? 'n/a'}`);
    }
    if (bt.coverage.length) lines.push(`  intervals held in the back-test: ${bt.coverage.map((c) => `${Math.round(c.level * 100)}% → ${Math.round(c.share * 100)}%`).join(', ')}`);
  }
  for (const e of f.holidayEffects.slice(0, 5)) lines.push(`  ${e.holiday}: ${e.change >= 0 ? '+' : ''}${e.unit === 'percent' ? `${e.change.toFixed(0)}%` : `${fmt(e.change)} per day`}`);
  for (const note of f.notes) lines.push(`  note: ${note}`);
  return lines;
}

function dailyTable(f: ForecastResult, days = 7): string[] {
  const i80 = f.intervals.find((i) => i.level === 0.8);
  return f.dates.slice(0, days).map((d, h) => `  ${d}  ${fmt(f.yhat[h]!).padStart(10)}${i80 ? `  (80%: ${fmt(i80.lower[h]!)}–${fmt(i80.upper[h]!)})` : ''}`);
}

function describeRun(r: ForecastRunResult): string {
  const lines = [`Forecast of daily ${r.metric}, ${r.horizon} days ahead (run ${r.runId}, ${r.written} rows written to forecasts)`];
  const one = (s: SeriesForecast) => describeSeries(s.series === 'all' ? 'all sales' : s.series.replace(/^category:/, ''), s.forecast, s.totals);
  for (const s of r.series) lines.push(...one(s));
  if (r.series.length === 1) lines.push('  first days:', ...dailyTable(r.series[0]!.forecast));
  lines.push(`(${r.seconds.toFixed(1)} s)`);
  return lines.join('\n');
}

function describeFile(r: FileForecast): string {
  const f = r.forecast;
  return [`Forecast of ${r.column} from ${r.file} (${f.history.days} days, ${f.history.start} … ${f.history.end}), ${f.horizon} days ahead`, ...describeSeries(r.column, f, r.totals), '  first days:', ...dailyTable(f)].join('\n');
}
