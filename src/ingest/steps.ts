import { randomUUID } from 'node:crypto';
import { sqlIdent, sqlString, type SqlValue, type StageReject, type Store } from '../store/index.js';
import type { LoadContext } from './source.js';

/**
 * Pipeline steps shared by the sources. Each is a small SQL statement over the staged rows; an
 * expected reject becomes a quarantine row with a reason, never an exception.
 */

/** A rule: rows for which `when` (SQL over the typed columns) holds go to quarantine with `reason`. */
export interface RejectRule {
  when: string;
  reason: string;
  /** SQL for a per-row detail, e.g. the offending value. */
  detail?: string;
}

/**
 * The staged row's original fields as a JSON object (or the raw line for line-based sources), so
 * a quarantined row can be replayed exactly as it came.
 */
export function rawPayloadSql(columns: readonly string[]): string {
  // A blank line reads as NULL; its raw text is the empty string.
  if (columns.length === 1 && columns[0] === 'line') return `coalesce(line, '')`;
  return `json_object(${columns.map((c) => `${sqlString(c)}, ${sqlIdent(c)}`).join(', ')})::VARCHAR`;
}

/**
 * Builds the temp table `table` from the stage: every staged column, the typed columns given
 * (`name → SQL expression`), and `_reason`/`_detail` from the first rule that matches. Rows with
 * a reason are copied to the quarantine; returns how many.
 */
export async function classifyRows(
  ctx: LoadContext,
  table: string,
  typed: Readonly<Record<string, string>>,
  rules: readonly RejectRule[],
): Promise<number> {
  // DuckDB names are case-insensitive: a typed `country` would shadow the file's `Country`.
  const clash = Object.keys(typed).find((name) => ctx.columns.some((c) => c.toLowerCase() === name.toLowerCase()));
  if (clash) throw new Error(`typed column "${clash}" has the name of a column of the file; name it differently`);
  const typedSql = Object.entries(typed).map(([name, expr]) => `${expr} AS ${sqlIdent(name)}`);
  const reason = rules.length ? `CASE ${rules.map((r) => `WHEN ${r.when} THEN ${sqlString(r.reason)}`).join(' ')} END` : 'NULL';
  const detail = rules.length ? `CASE ${rules.map((r) => `WHEN ${r.when} THEN ${r.detail ?? 'NULL'}`).join(' ')} END` : 'NULL';
  await ctx.store.exec(`
    CREATE OR REPLACE TEMP TABLE ${sqlIdent(table)} AS
    SELECT *, ${reason} AS _reason, ${detail}::VARCHAR AS _detail
    FROM (SELECT s.*${typedSql.length ? `, ${typedSql.join(', ')}` : ''} FROM ${sqlIdent(ctx.stage)} s)`);
  return quarantineFrom(ctx, table, '_reason IS NOT NULL', '_reason', '_detail');
}

/** Copies the rows of `table` matching `where` to the quarantine; returns how many. */
export async function quarantineFrom(ctx: LoadContext, table: string, where: string, reasonSql: string, detailSql = 'NULL'): Promise<number> {
  return ctx.store.execute(
    `INSERT INTO quarantine (import_id, source, file, line, raw, reason, detail, received_at)
     SELECT ?, ?, _file, _row, ${rawPayloadSql(ctx.columns)}, ${reasonSql}, ${detailSql}, now()::TIMESTAMP
     FROM ${sqlIdent(table)} WHERE ${where}`,
    [ctx.importId, ctx.source],
  );
}

/**
 * Inserts the rows of `select` whose `key` is not yet in `table` (nor repeated within `select`:
 * one of the repeats is kept). Returns rows inserted; the caller counts the rest as duplicates.
 */
export async function insertNew(
  store: Store,
  table: string,
  key: string,
  columns: readonly string[],
  select: string,
): Promise<number> {
  const cols = columns.map(sqlIdent).join(', ');
  return store.execute(`
    INSERT INTO ${sqlIdent(table)} (${cols})
    SELECT ${cols} FROM (
      SELECT * FROM (${select}) n
      WHERE NOT EXISTS (SELECT 1 FROM ${sqlIdent(table)} t WHERE t.${sqlIdent(key)} = n.${sqlIdent(key)})
      QUALIFY row_number() OVER (PARTITION BY n.${sqlIdent(key)}) = 1
    )`);
}

/** Empty or missing values per column of the stage (a blank or whitespace-only field counts). */
export async function missingValues(store: Store, stage: string, columns: readonly string[]): Promise<Record<string, number>> {
  if (columns.length === 0) return {};
  const parts = columns.map((c, i) => `count(*) FILTER (WHERE ${sqlIdent(c)} IS NULL OR trim(${sqlIdent(c)}::VARCHAR) = '') AS m${i}`);
  const rows = await store.query<Record<string, number>>(`SELECT ${parts.join(', ')} FROM ${sqlIdent(stage)}`);
  const row = rows[0] ?? {};
  return Object.fromEntries(columns.map((c, i) => [c, row[`m${i}`] ?? 0]));
}

/** SQL: a text field trimmed, with blank turned into NULL. */
export function text(column: string): string {
  return `nullif(trim(${sqlIdent(column)}), '')`;
}

/** SQL: runs a `SELECT count(*) AS n …` and returns n. */
export async function countRows(store: Store, sql: string, params?: readonly SqlValue[]): Promise<number> {
  const rows = await store.query<{ n: number }>(sql, params);
  return rows[0]?.n ?? 0;
}

/**
 * Read options for line-based text files: each whole line is one text field `line` (no
 * delimiter, no quoting), so a line keeps its raw text and the source splits it in SQL.
 */
export const wholeLines = {
  format: 'csv',
  csv: { header: false, columns: ['line'], delimiter: '\x1f', quote: '' },
} as const;

/** A rule for a non-blank value that did not parse as its type (`typed` is NULL while the text is not blank). */
export function wrongType(column: string, typed: string, what: string): RejectRule {
  return { when: `${typed} IS NULL AND ${text(column)} IS NOT NULL`, reason: 'wrong type', detail: `'${column} is not ${what}: ' || ${sqlIdent(column)}` };
}

/**
 * SQL: a stable key of a record's content (md5 of its fields as they came, blank and missing
 * alike), for sources whose records carry no id of their own: the same record imported again
 * gets the same key.
 */
export function rowHash(columns: readonly string[]): string {
  return `md5(concat_ws('|', ${columns.map((c) => `coalesce(${sqlIdent(c)}, '')`).join(', ')}))`;
}

/** Puts the lines the file reader could not split into the quarantine, under `source`; returns how many. */
export async function quarantineRejects(store: Store, importId: string, source: string, rejects: readonly StageReject[]): Promise<number> {
  await store.appendRows(
    'quarantine',
    ['import_id', 'source', 'file', 'line', 'raw', 'reason', 'detail', 'received_at'],
    rejects.map((r) => [importId, source, r.file, r.line, r.raw, r.reason, r.detail, new Date().toISOString().replace('T', ' ').replace('Z', '')]),
  );
  return rejects.length;
}

/** A sortable id for one import or replay run: `<prefix>_<UTC yyyymmddhhmmss>_<8 random hex>`. */
export function runId(prefix: string, startedMs: number): string {
  return `${prefix}_${new Date(startedMs).toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}_${randomUUID().slice(0, 8)}`;
}
