import type { Command } from 'commander';
import { runSegment, SegmentInputError, SEGMENT_METHODS, type SegmentMethod, type SegmentRunResult } from '../../models/run/segment.js';
import type { RfmTransitions, SegmentCard } from '../../models/index.js';
import { withStore } from '../context.js';
import { UsageError } from '../errors.js';
import { printResult, say, type GlobalOptions } from '../output.js';

interface SegmentFlags extends GlobalOptions {
  asOf?: string;
  since?: string;
  method: string;
  k: string;
  seed: string;
}

/** `cairn segment`: RFM, k-means and DBSCAN segments of the store's customers, as cards a marketer reads. */
export function registerSegment(program: Command): void {
  program
    .command('segment')
    .description('segment customers (RFM, k-means, DBSCAN), write them to the segments table and print a card per segment')
    .option('--as-of <date>', 'last day of data to use, YYYY-MM-DD (default: the last day with an order or visit)')
    .option('--since <date>', 'an earlier as-of day: also show how customers moved between RFM segments since then')
    .option('--method <name>', 'rfm, kmeans, dbscan or all', 'all')
    .option('--k <n|auto>', 'number of k-means segments, or auto (2–8, by silhouette)', 'auto')
    .option('--seed <n>', 'random seed for k-means and sampling', '1')
    .addHelpText('after', `
Each run writes one row per customer and method to the segments table (segmentation, version,
segment name, values) and the segment cards to the models table. Examples:
  cairn segment
  cairn segment --method rfm --as-of 2026-06-30 --since 2026-03-31
  cairn segment --method kmeans --k 5 --json`)
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<SegmentFlags>();
      const methods = parseMethod(flags.method);
      const k = parseK(flags.k);
      if (!/^\d+$/.test(flags.seed)) throw new UsageError(`--seed must be a whole number, got ${flags.seed}`);
      const result = await withStore(flags, async (store) => {
        try {
          return await runSegment(store, {
            methods,
            k,
            seed: Number(flags.seed),
            skipImpossible: flags.method === 'all',
            ...(flags.asOf === undefined ? {} : { asOf: flags.asOf }),
            ...(flags.since === undefined ? {} : { since: flags.since }),
            onProgress: (step, done, total) => say(`segment: ${step} (${done}/${total})`),
          });
        } catch (err) {
          if (err instanceof SegmentInputError) throw new UsageError(err.message);
          throw err;
        }
      });
      printResult(flags, result, () => describe(result));
    });
}

function parseMethod(value: string): SegmentMethod[] {
  if (value === 'all') return [...SEGMENT_METHODS];
  const methods = value.split(',').map((m) => m.trim());
  for (const m of methods) {
    if (!(SEGMENT_METHODS as readonly string[]).includes(m)) throw new UsageError(`--method ${m} is not known: use rfm, kmeans, dbscan or all`);
  }
  return methods as SegmentMethod[];
}

function parseK(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--k must be a whole number of at least 1, or auto; got ${value}`);
  return Number(value);
}

const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number) => `${Math.round(100 * x)}%`;

function card(c: { name: string; customers: number; shareOfCustomers: number; shareOfRevenue: number; description: string; action: string }, index: number): string[] {
  return [
    `  ${index + 1}. ${c.name} — ${n(c.customers)} customers (${pct(c.shareOfCustomers)}), ${pct(c.shareOfRevenue)} of revenue`,
    `     ${c.description}`,
    `     → ${c.action}`,
  ];
}

function describe(r: SegmentRunResult): string {
  const lines = [`Customer segments as of ${r.asOf} · ${n(r.customers)} customers with an order or a visit${r.hasEvents ? '' : ' (no web or app events in the store: orders only)'}`];
  if (r.rfm) {
    lines.push('', `RFM: recency, frequency and spend scored 1–5 against the other ${n(r.rfm.customers)} buyers (${r.rfm.version})`);
    for (const note of r.rfm.notes) lines.push(`  note: ${note}`);
    r.rfm.cards.forEach((c, i) => lines.push(...card(c, i)));
    if (r.rfm.transitions) lines.push(...transitions(r.rfm.transitions));
  }
  if (r.kmeans) {
    const k = r.kmeans;
    const how = k.chosenBy === 'silhouette'
      ? `${k.k} segments, the number that separates customers best${k.elbowK !== undefined && k.elbowK !== k.k ? ` (the elbow suggests ${k.elbowK})` : ''}`
      : `${k.k} segments, as asked`;
    const stable = k.stability.meanAri >= 0.9 ? 'stable' : k.stability.meanAri >= 0.7 ? 'fairly stable' : 'unstable — treat the boundaries with care';
    lines.push('', `Behaviour groups (k-means): ${how}; ${stable} across random starts (agreement ${k.stability.meanAri.toFixed(2)}, worst ${k.stability.minAri.toFixed(2)}) · ${k.version}`);
    k.cards.forEach((c: SegmentCard, i) => lines.push(...card(c, i)));
  }
  if (r.dbscan) {
    const d = r.dbscan;
    lines.push('', `Density groups (DBSCAN): ${d.clusters} group${d.clusters === 1 ? '' : 's'} and ${n(d.noise)} customers who fit none (radius ${d.eps.toFixed(3)}, ${d.minPts} neighbours) · ${d.version}`);
    d.cards.forEach((c, i) => lines.push(...card(c, i)));
  }
  for (const s of r.skipped) lines.push('', `${s.method} skipped: ${s.reason}`);
  lines.push('', `Wrote ${n(r.written)} rows to the segments table in ${r.seconds.toFixed(1)} s. Query them with cairn sql "SELECT segmentation, segment, count(*) FROM segments GROUP BY ALL".`);
  return lines.join('\n');
}

function transitions(t: RfmTransitions & { since: string }): string[] {
  const lines = ['', `  Movement since ${t.since}: ${n(t.moved)} of ${n(t.both)} customers scored both times changed segment.`];
  const moves: { from: string; to: string; count: number }[] = [];
  t.counts.forEach((row, i) => row.forEach((count, j) => {
    if (count > 0 && t.from[i] !== t.to[j]) moves.push({ from: t.from[i]!, to: t.to[j]!, count });
  }));
  moves.sort((a, b) => b.count - a.count);
  for (const m of moves.slice(0, 10)) lines.push(`    ${m.from} → ${m.to}: ${n(m.count)}`);
  if (moves.length > 10) lines.push(`    … ${moves.length - 10} more moves (--json has the full matrix)`);
  return lines;
}
