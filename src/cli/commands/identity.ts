import type { Command } from 'commander';
import { dedupeFile, DedupeInputError, type DedupeFileReport } from '../../identity/index.js';
import { UsageError } from '../errors.js';
import { matcherFlags } from './match-flags.js';
import { printResult, say, type GlobalOptions } from '../output.js';
import { registerIdentityGraph } from './identity-graph.js';
import { registerIdentityMatch } from './identity-match.js';

interface DedupeOptions {
  csv: string;
  id: string;
  fields?: string;
  threshold: string;
  reviewFrom: string;
  out: string;
  review?: string;
  seed: string;
}

/**
 * `cairn identity …`: resolving people. `dedupe` works on a file, no store needed; the
 * store-backed `match` and `split` join it as sub-commands.
 */
export function registerIdentity(program: Command): void {
  const identity = program.command('identity').description('work out which records are the same person');
  registerIdentityMatch(identity);
  registerIdentityGraph(identity);
  identity
    .command('dedupe')
    .description('find the records of one person in any person CSV (Fellegi–Sunter with EM, as Splink does), no store needed')
    .requiredOption('--csv <file>', 'the person file (CSV with a header)')
    .requiredOption('--id <column>', 'the column that identifies each record')
    .option('--fields <list>', 'fields to match on, comma-separated: first_name, surname, full_name, dob, email, phone, postcode, city, address; kind=Column names a column the auto-mapping missed (default: every column recognised by name)')
    .option('--threshold <p>', 'match probability at or above which two records are one person', '0.9')
    .option('--review-from <p>', 'pairs from this probability up to the threshold go to the review list', '0.5')
    .requiredOption('--out <clusters.csv>', 'where to write each record id with its cluster id')
    .option('--review <review.csv>', 'where to write the borderline pairs with the fields that decided them')
    .option('--seed <n>', 'seed of the random sampling (the same seed gives the same result)', '1')
    .addHelpText('after', `
Columns are recognised by name (first_name/given_name/forename, surname/last_name, dob/date_of_birth,
email, phone/mobile, postcode/zip/plz, city/town, address/street; name/full_name when there are no
separate name columns). Each cluster is named by the id of its first record.

Examples:
  cairn identity dedupe --csv shop/crm.csv --id crm_id --out clusters.csv --review review.csv
  cairn identity dedupe --csv people.csv --id id --fields first_name=Vorname,surname=Nachname,dob,email --threshold 0.95 --out c.csv --json`)
    .action(async (opts: DedupeOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const { threshold, reviewFrom, seed } = matcherFlags(opts);
      const fields = opts.fields?.split(',').map((f) => f.trim()).filter(Boolean);
      const started = Date.now();
      let report: DedupeFileReport;
      try {
        report = await dedupeFile({
          csv: opts.csv,
          idColumn: opts.id,
          fields,
          threshold,
          reviewFrom,
          out: opts.out,
          review: opts.review,
          seed,
          onProgress: (phase) => say(`identity dedupe: ${phase} (${((Date.now() - started) / 1000).toFixed(1)} s)`),
        });
      } catch (err) {
        if (err instanceof DedupeInputError) throw new UsageError(err.message);
        throw err;
      }
      printResult(options, report, () => describe(report));
    });
}

function describe(r: DedupeFileReport): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `${n(r.records)} records of ${r.file}; fields: ${Object.entries(r.fields).map(([k, c]) => (k === c ? k : `${k} (${c})`)).join(', ')}`,
    `Compared ${n(r.pairsCompared)} candidate pairs of ${n(r.possiblePairs)} possible (${(100 * r.pairsCompared / Math.max(1, r.possiblePairs)).toPrecision(2)}%):`,
    ...r.blocking.map((b) => `  ${b.rule}: ${n(b.pairs)} new pairs${b.oversizedBlocks ? `, ${n(b.oversizedBlocks)} oversized blocks (${n(b.oversizedRecords)} records) skipped` : ''}`),
    `Model: probability that two random records match ${r.model.probabilityTwoRandomRecordsMatch.toExponential(2)}; u from ${n(r.model.uPairsSampled)} random pairs, m by EM`,
  ];
  for (const c of r.model.comparisons) {
    lines.push(`  ${c.field}${c.estimatedBy.length ? '' : ' (m not estimated: starting guess)'}`);
    for (const l of c.levels) lines.push(`    ${l.level.padEnd(36)} m=${l.m.toFixed(4)}  u=${l.u.toExponential(2)}  weight ${l.weight >= 0 ? '+' : ''}${l.weight.toFixed(2)}`);
  }
  lines.push(
    `At match probability ≥ ${r.threshold}: ${n(r.matchedPairs)} matched pairs, ${n(r.clusters)} clusters (${n(r.recordsInSharedClusters)} records share a cluster with another)`,
    `${n(r.reviewPairs)} borderline pairs (${r.reviewFrom} ≤ p < ${r.threshold})${r.review ? ` written to ${r.review}` : ' (write them with --review FILE)'}`,
    `Clusters written to ${r.out}. ${r.seconds.total.toFixed(1)} s (read ${r.seconds.read.toFixed(1)}, blocking ${r.seconds.blocking.toFixed(1)}, training ${r.seconds.training.toFixed(1)}, scoring ${r.seconds.scoring.toFixed(1)})`,
  );
  if (r.duplicateIds) lines.push(`Note: ${n(r.duplicateIds)} ids occur more than once in --id ${r.idColumn}; each row is still one record.`);
  return lines.join('\n');
}
