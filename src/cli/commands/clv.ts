import type { Command } from 'commander';
import { fitBgNbd, fitGammaGamma, probabilityAlive, type BgNbdParams, type GammaGammaParams } from '../../models/index.js';
import { ClvInputError, runClv, type ClvRunResult, type PurchaseModelKind } from '../../models/run/clv.js';
import { openStore, sqlString } from '../../store/index.js';
import { withStore } from '../context.js';
import { UsageError } from '../errors.js';
import { printResult, say, type GlobalOptions } from '../output.js';

/** Column names a lifetimes summary may use for each input (lifetimes' own first). */
const ALIASES = {
  frequency: ['frequency', 'x'],
  recency: ['recency', 't_x'],
  T: ['T'],
  monetary: ['monetary_value', 'zbar', 'monetary'],
} as const;

interface ClvFitResult {
  file: string;
  customers: number;
  bgnbd: { params: BgNbdParams; logLikelihood: number; converged: boolean; iterations: number; seconds: number; meanProbabilityAlive: number };
  gammaGamma?: { params: GammaGammaParams; customers: number; logLikelihood: number; converged: boolean; seconds: number };
}

/** Reads a summary CSV with DuckDB's reader (any size, no store needed). */
async function readSummary(file: string): Promise<Record<keyof typeof ALIASES, Float64Array | undefined>> {
  const store = await openStore({ location: ':memory:' });
  try {
    const { columns } = await store.queryWithColumns(`SELECT * FROM read_csv(${sqlString(file)}) LIMIT 0`);
    const pick = (names: readonly string[]) => names.find((n) => columns.includes(n));
    const chosen = Object.fromEntries(Object.entries(ALIASES).map(([k, names]) => [k, pick(names)])) as Record<keyof typeof ALIASES, string | undefined>;
    const missing = (['frequency', 'recency', 'T'] as const).filter((k) => !chosen[k]);
    if (missing.length) {
      throw new UsageError(`${file} has no ${missing.join(', ')} column (it has: ${columns.join(', ')}); a lifetimes summary has frequency, recency, T and optionally monetary_value`);
    }
    const select = Object.entries(chosen).filter(([, c]) => c).map(([k, c]) => `try_cast("${c}" AS DOUBLE) AS "${k}"`).join(', ');
    const rows = await store.query<Record<string, number | null>>(`SELECT ${select} FROM read_csv(${sqlString(file)})`);
    const column = (k: keyof typeof ALIASES) => (chosen[k] ? Float64Array.from(rows, (r) => r[k] ?? Number.NaN) : undefined);
    return { frequency: column('frequency'), recency: column('recency'), T: column('T'), monetary: column('monetary') };
  } finally {
    await store.close();
  }
}

interface ClvStoreOptions {
  calibrationEnd?: string;
  holdoutEnd?: string;
  model: string;
  unit: string;
  months: string;
  discountRate: string;
  within: string;
  write: boolean;
}

/**
 * `cairn clv` fits on the store's orders and writes every customer's prediction;
 * `cairn clv fit --summary FILE` fits a lifetimes-format summary, no store needed.
 */
export function registerClv(program: Command): void {
  const clv = program
    .command('clv')
    .description('customer lifetime value from the store: BG/NBD (or Pareto/NBD) purchases and P(alive), Gamma-Gamma spend, discounted CLV, next purchase')
    .option('--calibration-end <date>', 'last day (YYYY-MM-DD) of the history the model learns from (default: the last order day)')
    .option('--holdout-end <date>', 'compare predictions with what customers really bought after the calibration end, up to this day')
    .option('--model <name>', 'purchase model: bgnbd or pareto-nbd', 'bgnbd')
    .option('--unit <unit>', 'time unit of the model: day or week', 'day')
    .option('--months <n>', 'CLV horizon in months', '12')
    .option('--discount-rate <rate>', 'monthly discount rate for CLV', '0.01')
    .option('--within <days>', 'report the chance of buying within this many days', '30')
    .option('--no-write', 'do not write predictions to the store')
    .addHelpText('after', `
Writes one row per customer to predictions (model 'clv', version '<model>+gg@<calibration end>')
with score = CLV and values {probabilityAlive, expectedPurchases, expectedSpend, nextPurchaseDate, …}.

Examples:
  cairn clv                                   # fit on all history, predict the next 12 months
  cairn clv --calibration-end 1997-09-30 --holdout-end 1998-06-30 --unit week --json`)
    .action(async (opts: ClvStoreOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const model = opts.model as PurchaseModelKind;
      if (model !== 'bgnbd' && model !== 'pareto-nbd') throw new UsageError(`--model ${opts.model} is not known: use bgnbd or pareto-nbd`);
      if (opts.unit !== 'day' && opts.unit !== 'week') throw new UsageError(`--unit ${opts.unit} is not known: use day or week`);
      const months = positive('--months', opts.months, true);
      const monthlyDiscount = Number(opts.discountRate);
      if (!(monthlyDiscount >= 0 && monthlyDiscount < 1)) throw new UsageError(`--discount-rate ${opts.discountRate} must be a monthly rate between 0 and 1, e.g. 0.01`);
      const withinDays = positive('--within', opts.within, false);
      if (!options.json) say('fitting the purchase and spend models on the store\'s orders…');
      const result = await withStore(options, async (store) => {
        try {
          return await runClv(store, { calibrationEnd: opts.calibrationEnd, holdoutEnd: opts.holdoutEnd, model, unit: opts.unit as 'day' | 'week', months, monthlyDiscount, withinDays, write: opts.write });
        } catch (err) {
          if (err instanceof ClvInputError) throw new UsageError(err.message);
          throw err;
        }
      });
      printResult(options, result, () => describeRun(result));
    });
  clv
    .command('fit')
    .description('fit BG/NBD (and Gamma-Gamma when there is a monetary column) to an RFM summary file, as the lifetimes package does')
    .requiredOption('--summary <file.csv>', 'columns frequency, recency, T (same time unit) and optionally monetary_value; x, t_x, zbar also understood')
    .addHelpText('after', `
Example (CDNOW, Fader, Hardie & Lee 2005):
  cairn clv fit --summary ../shared/data/cdnow-lifetimes/cdnow_customers_summary_with_transactions.csv --json`)
    .action(async (opts: { summary: string }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const s = await readSummary(opts.summary);
      const summary = { frequency: s.frequency!, recency: s.recency!, T: s.T! };
      let started = performance.now();
      let bg;
      try {
        bg = fitBgNbd(summary);
      } catch (err) {
        if (err instanceof RangeError) throw new UsageError(`${opts.summary}: ${err.message}`);
        throw err;
      }
      const bgSeconds = (performance.now() - started) / 1000;
      let alive = 0;
      for (let i = 0; i < summary.frequency.length; i++) alive += probabilityAlive(bg.params, summary.frequency[i]!, summary.recency[i]!, summary.T[i]!);
      const result: ClvFitResult = {
        file: opts.summary,
        customers: bg.customers,
        bgnbd: { params: bg.params, logLikelihood: bg.logLikelihood, converged: bg.converged, iterations: bg.iterations, seconds: bgSeconds, meanProbabilityAlive: alive / bg.customers },
      };
      if (s.monetary) {
        started = performance.now();
        const gg = fitGammaGamma(summary.frequency, s.monetary);
        result.gammaGamma = { params: gg.params, customers: gg.customers, logLikelihood: gg.logLikelihood, converged: gg.converged, seconds: (performance.now() - started) / 1000 };
      }
      printResult(options, result, () => describe(result));
    });
}

function describe(r: ClvFitResult): string {
  const f = (x: number) => x.toPrecision(4);
  const { params: p } = r.bgnbd;
  const lines = [
    `BG/NBD on ${r.customers.toLocaleString('en-US')} customers: r=${f(p.r)} alpha=${f(p.alpha)} a=${f(p.a)} b=${f(p.b)}, log-likelihood ${r.bgnbd.logLikelihood.toFixed(2)}${r.bgnbd.converged ? '' : ' (did not converge: best point shown)'}, ${r.bgnbd.seconds.toFixed(2)} s`,
    `  on average a customer is still active with probability ${(100 * r.bgnbd.meanProbabilityAlive).toFixed(0)}%`,
  ];
  if (r.gammaGamma) {
    const g = r.gammaGamma.params;
    lines.push(`Gamma-Gamma on ${r.gammaGamma.customers.toLocaleString('en-US')} repeat customers: p=${f(g.p)} q=${f(g.q)} v=${f(g.v)}, log-likelihood ${r.gammaGamma.logLikelihood.toFixed(2)}`);
    lines.push(`  the average spend per purchase across customers is ${f((g.p * g.v) / (g.q - 1))}`);
  }
  return lines.join('\n');
}

function positive(flag: string, raw: string, integer: boolean): number {
  const n = Number(raw);
  if (!(n > 0) || (integer && !Number.isInteger(n))) throw new UsageError(`${flag} ${raw} must be a positive ${integer ? 'whole ' : ''}number`);
  return n;
}

function stopNote(stop: string): string {
  if (stop === 'stalled') return ' (the likelihood is flat along a ridge, so some parameters are at a boundary; predictions use the best point)';
  if (stop === 'max-iterations') return ' (did not converge: best point used)';
  return '';
}

function describeRun(r: ClvRunResult): string {
  const money = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
  const f = (x: number) => x.toPrecision(4);
  const params = Object.entries(r.purchaseModel.params).map(([k, v]) => `${k}=${f(v as number)}`).join(' ');
  const lines = [
    `Customer lifetime value, ${r.model === 'bgnbd' ? 'BG/NBD' : 'Pareto/NBD'} + Gamma-Gamma, history up to ${r.calibrationEnd} (${r.customers.toLocaleString('en-US')} customers, ${r.repeatCustomers.toLocaleString('en-US')} bought more than once)`,
    `  purchase model (per ${r.unit}): ${params}, log-likelihood ${r.purchaseModel.logLikelihood.toFixed(2)}${stopNote(r.purchaseModel.stop)}`,
    'params' in r.gammaGamma
      ? `  spend model: p=${f(r.gammaGamma.params.p)} q=${f(r.gammaGamma.params.q)} v=${f(r.gammaGamma.params.v)} on ${r.gammaGamma.customers.toLocaleString('en-US')} repeat customers`
      : `  spend model: ${r.gammaGamma.skipped}`,
    `Over the next ${r.horizonMonths} months (discounted at ${(100 * r.monthlyDiscount).toFixed(1)}% a month): ${money(r.totals.expectedPurchases)} purchases worth ${money(r.totals.clv)}; on average a customer is still active with probability ${(100 * r.totals.meanProbabilityAlive).toFixed(0)}%.`,
    'Most valuable customers:',
    ...r.top.map((v) => `  ${v.customerId}  CLV ${money(v.clv)}  P(active) ${(100 * v.probabilityAlive).toFixed(0)}%  next purchase ${v.nextPurchaseDate ?? 'unlikely'}`),
  ];
  if (r.holdout) {
    const h = r.holdout;
    lines.push(`Holdout ${r.calibrationEnd} → ${r.holdoutEnd}: predicted ${h.predictedTotal.toFixed(0)} repeat purchases, actual ${h.actualTotal.toFixed(0)}; per-customer MAE ${h.meanAbsoluteError.toFixed(3)}, correlation ${h.correlation.toFixed(3)}`);
    lines.push('  purchases before → mean predicted vs actual after:');
    for (const b of h.buckets) if (b.customers) lines.push(`    ${b.frequency.padStart(2)}: ${b.predicted.toFixed(2)} vs ${b.actual.toFixed(2)}  (${b.customers} customers)`);
  }
  lines.push(r.written ? `Wrote ${r.written.toLocaleString('en-US')} predictions as clv ${r.version}.` : 'Nothing written (--no-write).');
  return lines.join('\n');
}
