import { sqlIdent, sqlString, type Store } from '../store/index.js';
import { mappingSource } from './mapping/mapping-source.js';
import { readMappingFile } from './mapping/parse-mapping.js';
import { quarantineWhere, type QuarantineFilter } from './quarantine.js';
import type { LoadOutcome, SourceDefinition } from './source.js';
import { resolveSource } from './resolve-source.js';
import { countRows, runId } from './steps.js';
import { openRawIn } from './quarantine-seal.js';

/** Which quarantined records to replay, and the (fixed) source to load them with. */
export interface ReplayOptions {
  source: SourceDefinition;
  ids?: readonly number[] | undefined;
  reason?: string | undefined;
  importId?: string | undefined;
  /** The store secret: opens sealed raw text, and lets the source vault what it must. */
  secret?: Buffer | undefined;
}

/** What a replay did. */
export interface ReplayReport {
  replayId: string;
  source: string;
  /** Records waiting in the quarantine that matched. */
  selected: number;
  /** Records the file reader could not split: they cannot be replayed, only re-imported from a fixed file. */
  notReplayable: number;
  accepted: number;
  duplicates: number;
  /** Records that failed again and stay in the quarantine, with their new reason. */
  stillQuarantined: number;
  written: Record<string, number>;
  /** The records still waiting among those selected, by reason. */
  remaining: { reason: string; count: number }[];
  elapsedMs: number;
}

const SELECTED = 'cairn_replay_selected';
const STAGE = 'cairn_stage';
/** SQL: the raw payload when it is a JSON object (a parsed row), else NULL. */
const OBJECT = `(CASE WHEN json_valid(raw) THEN CASE WHEN json_type(raw) = 'OBJECT' THEN raw END END)`;

/**
 * Loads quarantined records again with `source` (typically after fixing its mapping), in one
 * transaction: their raw payloads are staged with the columns they came with, the source's load
 * runs as in an import, records that now pass are marked `replayed_at`, and records that fail
 * again keep their place with the new reason. Replayed records are never selected again.
 */
export async function replayQuarantine(store: Store, options: ReplayOptions): Promise<ReplayReport> {
  const started = Date.now();
  const { source } = options;
  const replayId = runId('rpl', started);
  const filter: QuarantineFilter = { source: source.name, reason: options.reason, importId: options.importId, ids: options.ids };
  const { where, params } = quarantineWhere(filter);
  return store.transaction(async () => {
    await store.execute(`CREATE OR REPLACE TEMP TABLE ${SELECTED} AS SELECT quarantine_id, file, line, raw, reason FROM quarantine WHERE ${where}`, params);
    await openRawIn(store, SELECTED, 'quarantine_id', options.secret);
    // Sources that stage whole lines (JSONL, and fixed-width or tab files read as one `line` column) replay the raw line.
    const lineBased = source.read.format === 'jsonl' || (source.read.csv?.columns?.length === 1 && source.read.csv.columns[0] === 'line');
    await store.exec(`ALTER TABLE ${SELECTED} ADD COLUMN replayable BOOLEAN; UPDATE ${SELECTED} SET replayable = ${lineBased ? 'true' : `${OBJECT} IS NOT NULL`}`);
    const selected = await countRows(store, `SELECT count(*) AS n FROM ${SELECTED}`);
    const replayable = await countRows(store, `SELECT count(*) AS n FROM ${SELECTED} WHERE replayable`);
    let outcome: LoadOutcome = { accepted: 0, duplicates: 0, written: {} };
    let failed = 0;
    if (replayable > 0) {
      await store.execute(`INSERT INTO imports (import_id, source, files, started_at, status) VALUES (?, ?, '["quarantine"]', now()::TIMESTAMP, 'running')`, [replayId, source.name]);
      const columns = lineBased ? ['line'] : await payloadColumns(store);
      await stagePayloads(store, columns, lineBased);
      outcome = await source.load({ store, source: source.name, importId: replayId, file: 'quarantine', stage: STAGE, columns, secret: options.secret });
      failed = await settle(store, replayId);
      await store.exec(`DROP TABLE IF EXISTS ${STAGE}`);
    }
    const remaining = await store.query<{ reason: string; count: number }>(
      `SELECT reason, count(*) AS count FROM quarantine WHERE replayed_at IS NULL AND quarantine_id IN (SELECT quarantine_id FROM ${SELECTED}) GROUP BY reason ORDER BY count DESC, reason`,
    );
    const report: ReplayReport = {
      replayId,
      source: source.name,
      selected,
      notReplayable: selected - replayable,
      accepted: outcome.accepted,
      duplicates: outcome.duplicates,
      stillQuarantined: failed,
      written: outcome.written,
      remaining,
      elapsedMs: Date.now() - started,
    };
    if (replayable > 0) {
      await store.execute(`UPDATE imports SET status = 'done', finished_at = now()::TIMESTAMP, report = ? WHERE import_id = ?`, [JSON.stringify(report), replayId]);
    }
    return report;
  });
}

/** The fields of the selected payloads, in the order they first appear. */
async function payloadColumns(store: Store): Promise<string[]> {
  const rows = await store.query<{ k: string }>(`
    SELECT k FROM (
      SELECT unnest(json_keys(${OBJECT})) AS k, unnest(range(len(json_keys(${OBJECT})))) AS i, quarantine_id
      FROM ${SELECTED} WHERE replayable
    ) GROUP BY k ORDER BY min(quarantine_id), min(i)`);
  return rows.map((r) => r.k);
}

/**
 * Stages the payloads as an import would: the original fields as text, `_file` and `_row` the
 * original file and line (a record with no line gets a negative stand-in, unique to it).
 */
async function stagePayloads(store: Store, columns: readonly string[], lineBased: boolean): Promise<void> {
  const fields = lineBased ? ['raw AS line'] : columns.map((c) => `${OBJECT} ->> ${sqlString(`$.${JSON.stringify(c)}`)} AS ${sqlIdent(c)}`);
  await store.exec(`CREATE OR REPLACE TEMP TABLE ${STAGE} AS
    SELECT ${fields.join(', ')}, file AS _file, coalesce(line, -quarantine_id) AS _row
    FROM ${SELECTED} WHERE replayable ORDER BY quarantine_id`);
}

/**
 * Moves the replay's fresh rejects onto the records they came from (new reason and detail) and
 * marks the other replayed records done. Returns how many records failed again.
 */
async function settle(store: Store, replayId: string): Promise<number> {
  const fresh = `(SELECT file, line, any_value(reason) AS reason, any_value(detail) AS detail FROM quarantine WHERE import_id = ${sqlString(replayId)} GROUP BY file, line)`;
  const match = `o.file IS NOT DISTINCT FROM n.file AND coalesce(o.line, -o.quarantine_id) = n.line`;
  const selected = `o.quarantine_id IN (SELECT quarantine_id FROM ${SELECTED} WHERE replayable)`;
  const failed = await store.execute(`UPDATE quarantine AS o SET reason = n.reason, detail = n.detail FROM ${fresh} AS n WHERE ${selected} AND ${match}`);
  await store.execute(`UPDATE quarantine AS o SET replayed_at = now()::TIMESTAMP WHERE ${selected} AND NOT EXISTS (SELECT 1 FROM ${fresh} AS n WHERE ${match})`);
  await store.execute(`DELETE FROM quarantine WHERE import_id = ?`, [replayId]);
  return failed;
}

/**
 * `--source` for a replay: a built-in name, or a mapping file whose format, when it does not say
 * it, follows the files its quarantined records came from.
 */
export async function resolveReplaySource(store: Store, nameOrPath: string): Promise<SourceDefinition> {
  if (!nameOrPath.toLowerCase().endsWith('.json')) return resolveSource(nameOrPath);
  const parsed = readMappingFile(nameOrPath);
  const files = await store.query<{ file: string }>(
    `SELECT DISTINCT file FROM quarantine WHERE source = ? AND replayed_at IS NULL AND file IS NOT NULL`,
    [parsed.mapping.name],
  );
  return mappingSource(parsed, files.map((f) => f.file));
}
