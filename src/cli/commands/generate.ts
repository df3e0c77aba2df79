import type { Command } from 'commander';
import { generateShop, GenerateOptionsSchema, type GenerateSummary } from '../../generate/index.js';
import { parseWith } from '../errors.js';
import { printResult, type GlobalOptions } from '../output.js';
import { withProgress } from '../progress.js';

interface GenerateFlags extends GlobalOptions {
  customers?: string;
  days?: string;
  seed?: string;
  out?: string;
  start?: string;
}

function describe(out: string, s: GenerateSummary, seconds: number): string {
  const events = s.files['events.jsonl'];
  const n = (x: number): string => x.toLocaleString('en-US');
  return [
    `wrote a shop of ${n(s.people.total)} customers over ${s.flags.days} days (${s.period.start.slice(0, 10)} to ${s.period.end.slice(0, 10)}, seed ${s.seed}) to ${out}`,
    `  events.jsonl    ${n(events.lines)} lines: ${n(events.valid)} events in ${n(events.sessions)} sessions, ${n(events.duplicates)} duplicates, ${n(events.malformed.total)} malformed`,
    `  products.csv    ${n(s.files['products.csv'].rows)} products`,
    `  pos_orders.csv  ${n(s.files['pos_orders.csv'].rows)} lines on ${n(s.files['pos_orders.csv'].receipts)} receipts (${n(s.files['pos_orders.csv'].returns)} returns)`,
    `  crm.csv         ${n(s.files['crm.csv'].rows)} records of ${n(s.files['crm.csv'].people)} people (${n(s.files['crm.csv'].duplicateRecords)} duplicates)`,
    `  reviews.csv     ${n(s.files['reviews.csv'].rows)} reviews`,
    `  truth/          customers.csv, personas.json, incidents.json, summary.json`,
    `in ${seconds.toFixed(1)} s (${n(Math.round(events.lines / Math.max(seconds, 1e-3)))} events/s)`,
  ].join('\n');
}

/** `cairn generate`: writes a seeded shop with ground truth (see src/generate). */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write a realistic seeded shop (events, orders, CRM, reviews) with ground truth to a folder')
    .option('--customers <n>', 'number of people to simulate (default 5000)')
    .option('--days <n>', 'length of the period in days (default 365)')
    .option('--seed <n>', 'random seed; the same seed and flags give byte-identical files (default 42)')
    .option('--out <dir>', 'folder to write to (default ./shop)')
    .option('--start <date>', 'first day, YYYY-MM-DD (default: so that the data ends on 2026-10-31)')
    .addHelpText('after', `
Files: events.jsonl (Segment messages), products.csv, pos_orders.csv, crm.csv, reviews.csv,
truth/customers.csv, truth/personas.json, truth/incidents.json, truth/summary.json, and
mappings/products.json, mappings/reviews.json (mapping files for cairn import --source).

Examples:
  cairn generate                                  # ~1M events, 5,000 customers, one year
  cairn generate --customers 200 --days 60 --seed 7 --out ./small-shop
  cairn generate --start 2025-01-01 --days 90 --json`)
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<GenerateFlags>();
      const options = parseWith(GenerateOptionsSchema, {
        customers: flags.customers, days: flags.days, seed: flags.seed, out: flags.out, start: flags.start,
      });
      const started = performance.now();
      const summary = await withProgress('generate', async (onProgress) => generateShop(options, onProgress));
      const seconds = (performance.now() - started) / 1000;
      printResult(flags, { out: options.out, seconds: Math.round(seconds * 1000) / 1000, ...summary }, () => describe(options.out, summary, seconds));
    });
}
