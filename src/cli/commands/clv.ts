import type { Command } from 'commander';
import { fitBgNbd, fitGammaGamma, probabilityAlive, type BgNbdParams, type GammaGammaParams } from '../../models/index.js';
import { openStore, sqlString } from '../../store/index.js';
import { UsageError } from '../errors.js';
import { printResult, type GlobalOptions } from '../output.js';

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

/** `cairn clv fit --summary FILE`: BG/NBD and Gamma-Gamma on a lifetimes-format summary, no store needed. */
export function registerClv(program: Command): void {
  const clv = program.command('clv').description('customer lifetime value: BG/NBD purchase and churn model, Gamma-Gamma spend model');
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
