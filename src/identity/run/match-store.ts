import type { SqlValue, Store } from '../../store/index.js';
import { matchRecords, MatchInputError, probabilityFromWeight, type MatchResult } from '../match/matcher.js';
import { loadCrmMembers } from './match-members.js';

/** Sources `cairn identity match --source` knows. */
export const MATCH_SOURCES = ['crm'] as const;
export type MatchSource = (typeof MATCH_SOURCES)[number];

/** A match run that cannot be done as asked (nothing to match, too few fields). */
export class MatchStoreInputError extends Error {
  override name = 'MatchStoreInputError';
}

export interface MatchStoreOptions {
  source: MatchSource;
  /** The store secret: opens the vault. */
  secret: Buffer;
  /** Default 0.9, as `identity dedupe`. */
  threshold?: number;
  /** Default 0.5. */
  reviewFrom?: number;
  seed?: number;
  onProgress?: (phase: string) => void;
}

/** One field's level and what it added to a pair's match weight: what `decided_by` holds (never a value). */
export interface DecidingField {
  field: string;
  level: string;
  weight: number;
}

export interface MatchStoreReport {
  runId: string;
  source: MatchSource;
  records: { source: number; others: number; total: number; sourceWithoutFields: number; shreddedValues: number };
  fields: string[];
  possiblePairs: number;
  pairsCompared: number;
  blocking: MatchResult['blocking'];
  model: {
    probabilityTwoRandomRecordsMatch: number;
    uPairsSampled: number;
    comparisons: { field: string; estimatedBy: string[]; levels: { level: string; m: number; u: number; weight: number }[] }[];
  };
  threshold: number;
  reviewFrom: number;
  /** Pairs written with status match / review (pairs between two members of other sources are not this run's to decide). */
  matches: number;
  reviewPairs: number;
  /** Pairs a person already accepted or rejected: their decision stands, the run does not write them again. */
  keptDecisions: number;
  seconds: { load: number; match: number; write: number; total: number };
}

const round = (x: number, digits: number) => +x.toFixed(digits);

/** A run id that sorts by time: `match-2026-05-01T10:00:00.000Z`. */
function newRunId(now: Date): string {
  return `match-${now.toISOString()}`;
}

let working = 0;

/**
 * `cairn identity match --source crm`: loads the CRM's members with their vaulted person fields,
 * and every other member with identifying fields, matches them with the record matcher
 * (Fellegi–Sunter with EM, blocking), and writes the pairs at or above `reviewFrom` that involve
 * a CRM member to `identity_match_pairs` (status `match` at or above the threshold, else
 * `review`). A run replaces the machine's earlier match/review pairs of these members; pairs a
 * person accepted or rejected keep that decision. The run is recorded in `identity_runs`.
 */
export async function matchStore(store: Store, options: MatchStoreOptions): Promise<MatchStoreReport> {
  const started = new Date();
  const t0 = performance.now();
  const say = options.onProgress ?? (() => {});
  say('loading members and opening the vault');
  const members = await loadCrmMembers(store, options.secret);
  const total = members.ids.length;
  if (members.sourceCount === 0) throw new MatchStoreInputError('no CRM record with person fields in the store: import one first (cairn import crm.csv --source shop-crm)');
  if (total < 2) throw new MatchStoreInputError('only one member with person fields: nothing to match');
  const loadSeconds = (performance.now() - t0) / 1000;

  let result: MatchResult;
  let lastPhase = '';
  try {
    result = matchRecords(members.file, {
      threshold: options.threshold,
      reviewFrom: options.reviewFrom,
      seed: options.seed,
      onProgress: (phase) => {
        if (phase !== lastPhase) say(phase);
        lastPhase = phase;
      },
    });
  } catch (err) {
    if (err instanceof MatchInputError) throw new MatchStoreInputError(err.message);
    throw err;
  }
  const matchSeconds = (performance.now() - t0) / 1000 - loadSeconds;

  say('writing pairs');
  const writeStart = performance.now();
  const runId = newRunId(started);
  const createdAt = started.toISOString();
  const { left, right, weight, count } = result.pairs;
  const reviewCut = Math.log2(result.reviewFrom / (1 - result.reviewFrom));
  const matchCut = Math.log2(result.threshold / (1 - result.threshold));
  const rows: SqlValue[][] = [];
  for (let p = 0; p < count; p++) {
    const w = weight[p]!;
    // Records of the source come first, and left < right: a pair with no CRM member is not ours.
    if (w < reviewCut || left[p]! >= members.sourceCount) continue;
    const a = members.ids[left[p]!]!;
    const b = members.ids[right[p]!]!;
    const decidedBy: DecidingField[] = result.explain(p).filter((e) => e.level !== 'null').map((e) => ({ field: e.field, level: e.level, weight: round(e.weight, 2) }));
    rows.push([...(a < b ? [a, b] : [b, a]), probabilityFromWeight(w), w, JSON.stringify(decidedBy), w >= matchCut ? 'match' : 'review']);
  }
  const report = (written: { matches: number; reviewPairs: number; keptDecisions: number }): MatchStoreReport => ({
    runId,
    source: options.source,
    records: { source: members.sourceCount, others: total - members.sourceCount, total, sourceWithoutFields: members.sourceWithoutFields, shreddedValues: members.shredded },
    fields: result.fields,
    possiblePairs: result.possiblePairs,
    pairsCompared: result.pairsCompared,
    blocking: result.blocking,
    model: {
      probabilityTwoRandomRecordsMatch: result.model.lambda,
      uPairsSampled: result.model.uPairsSampled,
      comparisons: result.model.comparisons.map((c) => ({
        field: c.name,
        estimatedBy: c.estimatedBy,
        levels: c.levels.slice(1).map((l) => ({ level: l.label, m: l.m, u: l.u, weight: l.weight })),
      })),
    },
    threshold: result.threshold,
    reviewFrom: result.reviewFrom,
    ...written,
    seconds: { load: loadSeconds, match: matchSeconds, write: (performance.now() - writeStart) / 1000, total: (performance.now() - t0) / 1000 },
  });

  const table = `identity_match_new_${process.pid}_${++working}`;
  const sourceMembers = `identity_match_members_${process.pid}_${working}`;
  const written = await store.transaction(async () => {
    await store.exec(`
      CREATE OR REPLACE TEMP TABLE ${table} (member_a VARCHAR, member_b VARCHAR, probability DOUBLE, weight DOUBLE, decided_by VARCHAR, status VARCHAR);
      CREATE OR REPLACE TEMP TABLE ${sourceMembers} (member_id VARCHAR PRIMARY KEY)`);
    await store.appendRows(table, ['member_a', 'member_b', 'probability', 'weight', 'decided_by', 'status'], rows);
    await store.appendRows(sourceMembers, ['member_id'], members.ids.slice(0, members.sourceCount).map((m) => [m]));
    // The machine's earlier verdicts on these members give way to this run's; a person's do not.
    await store.execute(`
      DELETE FROM identity_match_pairs WHERE status IN ('match', 'review')
        AND (member_a IN (SELECT member_id FROM ${sourceMembers}) OR member_b IN (SELECT member_id FROM ${sourceMembers}))`);
    const decided = `EXISTS (SELECT 1 FROM identity_match_pairs d WHERE d.member_a = n.member_a AND d.member_b = n.member_b AND d.status IN ('accepted', 'rejected'))`;
    const [kept] = await store.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table} n WHERE ${decided}`);
    await store.execute(
      `INSERT INTO identity_match_pairs (run_id, member_a, member_b, probability, weight, decided_by, status, created_at)
       SELECT ?, member_a, member_b, probability, weight, decided_by::JSON, status, ?::TIMESTAMP FROM ${table} n WHERE NOT ${decided}`,
      [runId, createdAt],
    );
    const [counts] = await store.query<{ matches: number; review: number }>(
      `SELECT count(*) FILTER (WHERE status = 'match')::INTEGER AS matches, count(*) FILTER (WHERE status = 'review')::INTEGER AS review
       FROM identity_match_pairs WHERE run_id = ?`,
      [runId],
    );
    const written = { matches: counts?.matches ?? 0, reviewPairs: counts?.review ?? 0, keptDecisions: kept?.n ?? 0 };
    await store.execute(
      'INSERT INTO identity_runs (run_id, started_at, finished_at, report) VALUES (?, ?::TIMESTAMP, now()::TIMESTAMP, ?::JSON)',
      [runId, createdAt, JSON.stringify(report(written))],
    );
    await store.exec(`DROP TABLE ${table}; DROP TABLE ${sourceMembers}`);
    return written;
  });
  return report(written);
}
