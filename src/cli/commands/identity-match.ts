import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import {
  decidePair, listReviewPairs, matchStore, MatchStoreInputError, MATCH_SOURCES, ReviewPairError,
  type MatchSource, type MatchStoreReport, type ReviewList, type ReviewPair,
} from '../../identity/index.js';
import { loadOrCreateSecret } from '../../store/index.js';
import { withStore } from '../context.js';
import { UsageError } from '../errors.js';
import { matcherFlags } from './match-flags.js';
import { printResult, say, type GlobalOptions } from '../output.js';

interface MatchFlags extends GlobalOptions {
  source: string;
  threshold: string;
  reviewFrom: string;
  seed: string;
}

interface ReviewFlags extends GlobalOptions {
  accept?: string;
  reject?: string;
  limit: string;
}

function pairOf(flag: string, raw: string): [string, string] {
  const ids = raw.split(',').map((s) => s.trim());
  if (ids.length !== 2 || !ids[0] || !ids[1] || ids[0] === ids[1]) throw new UsageError(`${flag} ${raw}: give two different member ids, comma-separated (as cairn identity review lists them)`);
  return [ids[0], ids[1]];
}

/** `cairn identity match` and `cairn identity review`: record matching on the store, and its review list. */
export function registerIdentityMatch(identity: Command): void {
  identity
    .command('match')
    .description("match a source's person records against each other and every other member (Fellegi–Sunter with EM), writing the pairs to identity_match_pairs")
    .requiredOption('--source <name>', `the source to match: ${MATCH_SOURCES.join(', ')}`)
    .option('--threshold <p>', 'match probability at or above which two members are one person', '0.9')
    .option('--review-from <p>', 'pairs from this probability up to the threshold go to the review list', '0.5')
    .option('--seed <n>', 'seed of the random sampling (the same seed gives the same result)', '1')
    .addHelpText('after', `
--source crm compares the CRM's records (crm_records, their names, e-mail, phone, date of birth
and postcode from the vault, city from their traits) with each other and with every other member
whose vault holds identifying fields (web users' identify traits). Pairs at or above the threshold
are written with status match (the identity graph links them); pairs from --review-from up to it
with status review (see cairn identity review). A new run replaces the earlier match and review
pairs of these members; pairs a person accepted or rejected keep that decision.

Examples:
  cairn identity match --source crm
  cairn identity match --source crm --threshold 0.95 --review-from 0.3 --json`)
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<MatchFlags>();
      if (!(MATCH_SOURCES as readonly string[]).includes(flags.source)) {
        throw new UsageError(`--source ${flags.source} is not supported: use ${MATCH_SOURCES.join(', ')} (any file of person records: cairn identity dedupe --csv FILE)`);
      }
      const { threshold, reviewFrom, seed } = matcherFlags(flags);
      const started = Date.now();
      const report = await withStore(flags, async (store) => {
        try {
          return await matchStore(store, {
            source: flags.source as MatchSource,
            secret: loadOrCreateSecret(store.location, loadConfig().secret),
            threshold,
            reviewFrom,
            seed,
            onProgress: (phase) => say(`identity match: ${phase} (${((Date.now() - started) / 1000).toFixed(1)} s)`),
          });
        } catch (err) {
          if (err instanceof MatchStoreInputError) throw new UsageError(err.message);
          throw err;
        }
      });
      printResult(flags, report, () => describeMatch(report));
    });

  identity
    .command('review')
    .description('list the borderline pairs of the record matcher (masked: member ids and field levels), and accept or reject one')
    .option('--accept <a,b>', 'the two members are one person: the pair becomes a link for the identity graph')
    .option('--reject <a,b>', 'the two members are different people: later match runs keep them apart')
    .option('--limit <n>', 'pairs to list at most', '50')
    .addHelpText('after', `
Examples:
  cairn identity review
  cairn identity review --accept cus_1a2b,cus_3c4d
  cairn identity review --reject cus_1a2b,cus_3c4d --json`)
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<ReviewFlags>();
      if (flags.accept && flags.reject) throw new UsageError('give --accept or --reject, not both');
      if (!/^\d+$/.test(flags.limit)) throw new UsageError(`--limit ${flags.limit} must be a whole number`);
      const decision = flags.accept ? { pair: pairOf('--accept', flags.accept), status: 'accepted' as const } : flags.reject ? { pair: pairOf('--reject', flags.reject), status: 'rejected' as const } : undefined;
      const result = await withStore(flags, async (store) => {
        let decided: ReviewPair | undefined;
        if (decision) {
          try {
            decided = await decidePair(store, decision.pair[0], decision.pair[1], decision.status);
          } catch (err) {
            if (err instanceof ReviewPairError) throw new UsageError(err.message);
            throw err;
          }
        }
        return { ...(decided ? { decided } : {}), ...(await listReviewPairs(store, Number(flags.limit))) };
      });
      printResult(flags, result, () => describeReview(result));
    });
}

const n = (x: number) => x.toLocaleString('en-US');

function describeMatch(r: MatchStoreReport): string {
  const lines = [
    `Run ${r.runId}: ${n(r.records.source)} ${r.source.toUpperCase()} members against each other and ${n(r.records.others)} other members; fields: ${r.fields.join(', ')}`,
    `Compared ${n(r.pairsCompared)} candidate pairs of ${n(r.possiblePairs)} possible (${((100 * r.pairsCompared) / Math.max(1, r.possiblePairs)).toPrecision(2)}%):`,
    ...r.blocking.map((b) => `  ${b.rule}: ${n(b.pairs)} new pairs${b.oversizedBlocks ? `, ${n(b.oversizedBlocks)} oversized blocks (${n(b.oversizedRecords)} records) skipped` : ''}`),
    `Model: probability that two random records match ${r.model.probabilityTwoRandomRecordsMatch.toExponential(2)}; u from ${n(r.model.uPairsSampled)} random pairs, m by EM`,
  ];
  for (const c of r.model.comparisons) {
    lines.push(`  ${c.field}${c.estimatedBy.length ? '' : ' (m not estimated: starting guess)'}`);
    for (const l of c.levels) lines.push(`    ${l.level.padEnd(36)} m=${l.m.toFixed(4)}  u=${l.u.toExponential(2)}  weight ${l.weight >= 0 ? '+' : ''}${l.weight.toFixed(2)}`);
  }
  lines.push(
    `${n(r.matches)} matched pairs (probability ≥ ${r.threshold}), ${n(r.reviewPairs)} pairs to review (${r.reviewFrom} ≤ p < ${r.threshold}: cairn identity review)${r.keptDecisions ? `; ${n(r.keptDecisions)} pairs already decided by a person kept their decision` : ''}`,
    `${r.seconds.total.toFixed(1)} s (load and open the vault ${r.seconds.load.toFixed(1)}, match ${r.seconds.match.toFixed(1)}, write ${r.seconds.write.toFixed(1)})`,
  );
  if (r.records.sourceWithoutFields) lines.push(`Note: ${n(r.records.sourceWithoutFields)} CRM members have no person fields in the vault (erased?) and were left out.`);
  return lines.join('\n');
}

function describeReview(r: ReviewList & { decided?: ReviewPair }): string {
  const lines: string[] = [];
  if (r.decided) lines.push(`${r.decided.memberA},${r.decided.memberB}: ${r.decided.status}`, '');
  if (r.total === 0) {
    lines.push('No pairs to review.');
    return lines.join('\n');
  }
  lines.push(`${n(r.total)} pairs to review${r.pairs.length < r.total ? ` (the ${r.pairs.length} most likely shown)` : ''}:`);
  for (const p of r.pairs) {
    lines.push(`  ${p.memberA},${p.memberB}  p=${p.probability.toFixed(3)}  weight ${p.weight.toFixed(1)}`);
    lines.push(`    ${p.evidence.join('; ')}`);
  }
  lines.push('', 'Decide one with --accept A,B (one person) or --reject A,B (two people).');
  return lines.join('\n');
}
