import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { DuckDBInstance, StatementType, type DuckDBConnection } from '@duckdb/node-api';
import type { QueryResult, Row, SqlValue, StageFilesOptions, StagedFiles, StageReject, Store } from '../store.js';
import { ReadOnlyViolation, StoreError, StoreLockedError } from '../errors.js';
import { hmacPads } from '../secret.js';
import { migrations } from './migrations.js';
import { sqlIdent, sqlString, toPlain } from './values.js';

export interface DuckDbStoreOptions {
  /** File path, or `:memory:`. */
  location: string;
  /** Key of `cairn_hmac`; see store/secret.ts. */
  secret: Buffer;
  /** Cap on DuckDB's buffer memory, e.g. '1GB'. Beyond it DuckDB spills to a temp folder. */
  memoryLimit?: string;
  threads?: number;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

const READING_STATEMENTS = new Set<StatementType>([
  StatementType.SELECT,
  StatementType.EXPLAIN,
  StatementType.PRAGMA,
  StatementType.RELATION,
]);

/** The embedded default store: one DuckDB file, one connection, one writer process. */
export class DuckDbStore implements Store {
  readonly dialect = 'duckdb' as const;
  /**
   * A server shares this one connection between the loader's transactions and the requests of
   * the API: a statement issued from outside the open transaction would run inside it (and be
   * rolled back with it), so it waits for the transaction to end. `insideTransaction` marks the
   * calls that come from the transaction's own function.
   */
  private readonly insideTransaction = new AsyncLocalStorage<true>();
  private transactionDone: Promise<unknown> | undefined;
  /**
   * User SQL (`cairn sql`) runs on a connection of its own without the `cairn_*` macros: a macro's
   * text (visible through duckdb_functions() or EXPLAIN) holds the HMAC pads, i.e. the key.
   */
  private reader: DuckDBConnection | undefined;

  private constructor(
    readonly location: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async open(options: DuckDbStoreOptions): Promise<DuckDbStore> {
    const config: Record<string, string> = {};
    if (options.memoryLimit) config['memory_limit'] = options.memoryLimit;
    if (options.threads) config['threads'] = String(options.threads);
    refuseForeignFile(options.location);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(options.location, config);
    } catch (err) {
      throw translateOpenError(options.location, err);
    }
    const conn = await instance.connect();
    const store = new DuckDbStore(options.location, instance, conn);
    await store.defineFunctions(options.secret);
    if (options.migrate !== false) await store.migrate();
    return store;
  }

  /**
   * Keyed hash and pseudonym as connection-local macros, so the key never lands in the file.
   * HMAC-SHA256 is built from DuckDB's sha256 over BLOBs (RFC 2104), checked against node:crypto
   * in duckdb-store.test.ts.
   */
  private async defineFunctions(secret: Buffer): Promise<void> {
    const { ipad, opad } = hmacPads(secret);
    await this.conn.run(`
      CREATE OR REPLACE TEMP MACRO cairn_hmac(v) AS
        CASE WHEN v IS NULL THEN NULL ELSE
        sha256(from_hex('${opad}') || from_hex(sha256(from_hex('${ipad}') || encode(v::VARCHAR)))) END;
      CREATE OR REPLACE TEMP MACRO cairn_pseudonym(ns, v) AS
        CASE WHEN v IS NULL THEN NULL ELSE 'c_' || left(cairn_hmac(ns || ':' || v::VARCHAR), 20) END;
    `);
  }

  async migrate(): Promise<number[]> {
    await this.conn.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`);
    // Apply every migration not yet recorded, not only those above the highest: a store made while
    // a later migration landed before an earlier one must still get the earlier one.
    const done = new Set((await this.query<{ v: number }>('SELECT version AS v FROM schema_migrations')).map((r) => r.v));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await this.transaction(async () => {
        await this.conn.run(m.sql);
        await this.conn.run(`INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)`, [m.version, m.name]);
      });
      applied.push(m.version);
    }
    return applied;
  }

  async tempTables(): Promise<string[]> {
    const rows = await this.query<{ name: string }>('SELECT table_name AS name FROM duckdb_tables() WHERE temporary ORDER BY name');
    return rows.map((r) => r.name);
  }

  async schemaVersion(): Promise<number> {
    const rows = await this.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    return rows[0]?.v ?? 0;
  }

  /**
   * What a caller must wait for before issuing a statement: the open transaction, unless the
   * caller is that transaction. Callers loop `for (let w = this.busy(); w; w = this.busy()) await w;`
   * so that the check and the statement that follows it run in one go, with no other caller between.
   */
  private busy(): Promise<unknown> | undefined {
    if (!this.transactionDone || this.insideTransaction.getStore()) return undefined;
    return this.transactionDone.catch(() => undefined);
  }

  async query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return (await this.queryWithColumns<T>(sql, params)).rows;
  }

  async queryWithColumns<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<QueryResult<T>> {
    for (let w = this.busy(); w; w = this.busy()) await w;
    const reader = await this.conn.runAndReadAll(sql, params ? [...params] : undefined);
    const columns = reader.columnNames();
    const rows = reader.getRowObjectsJS().map((r) => toPlain(r) as T);
    return { columns, rows };
  }

  async exec(sql: string): Promise<void> {
    for (let w = this.busy(); w; w = this.busy()) await w;
    await this.conn.run(sql);
  }

  async execute(sql: string, params?: readonly SqlValue[]): Promise<number> {
    for (let w = this.busy(); w; w = this.busy()) await w;
    const result = await this.conn.run(sql, params ? [...params] : undefined);
    return Number(result.rowsChanged);
  }

  async readOnlyQuery(sql: string): Promise<QueryResult> {
    this.reader ??= await this.instance.connect();
    const extracted = await this.reader.extractStatements(sql);
    const count = extracted.count;
    if (count === 0) throw new StoreError('the query is empty: give one SELECT statement');
    if (count > 1) throw new StoreError('give one statement at a time');
    const prepared = await extracted.prepare(0);
    if (!READING_STATEMENTS.has(prepared.statementType)) {
      throw new ReadOnlyViolation(StatementType[prepared.statementType] ?? String(prepared.statementType));
    }
    // PRAGMA can also write settings; only the reading pragmas are let through.
    if (prepared.statementType === StatementType.PRAGMA && !/^\s*pragma\s+(table_info|show_tables|database_size|storage_info|version|show)\b/i.test(sql)) {
      throw new ReadOnlyViolation('PRAGMA');
    }
    const reader = await prepared.runAndReadAll();
    return { columns: reader.columnNames(), rows: reader.getRowObjectsJS().map((r) => toPlain(r) as Row) };
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.insideTransaction.getStore()) throw new StoreError('a transaction is already open on this store');
    // Another caller's transaction (a concurrent request of the server) is waited for, not refused.
    for (let w = this.busy(); w; w = this.busy()) await w;
    const run = this.insideTransaction.run(true, async () => {
      await this.conn.run('BEGIN TRANSACTION');
      try {
        const result = await fn();
        await this.conn.run('COMMIT');
        return result;
      } catch (err) {
        await this.conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
    this.transactionDone = run;
    try {
      return await run;
    } finally {
      if (this.transactionDone === run) this.transactionDone = undefined;
    }
  }

  async stageFiles(options: StageFilesOptions): Promise<StagedFiles> {
    for (let w = this.busy(); w; w = this.busy()) await w;
    const table = sqlIdent(options.table);
    const rejects: StageReject[] = [];
    let columns: string[] | undefined;
    if (!options.append) await this.conn.run(`DROP TABLE IF EXISTS ${table}`);
    const existing = await this.query<{ n: number }>(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ? AND temporary`, [options.table]);
    let created = (existing[0]?.n ?? 0) > 0;
    // Lines before the first record: the header and any skipped lines.
    const lead = options.format === 'csv' ? (options.csv?.header === false ? 0 : 1) + (options.csv?.skip ?? 0) : 0;
    for (const file of options.files) {
      const reader = this.readerSql(file, options);
      const select = `SELECT *, ${sqlString(file)} AS _file, row_number() OVER () + ${lead} AS _row FROM ${reader}`;
      try {
        if (!created) await this.conn.run(`CREATE TEMP TABLE ${table} AS ${select}`);
        else await this.conn.run(`INSERT INTO ${table} BY NAME ${select}`);
        created = true;
      } catch (err) {
        throw new StoreError(`could not read ${file}: ${firstLine(err)}`, this.location, { cause: err });
      }
      const fileRejects = options.format === 'csv' || options.format === 'jsonl' ? await this.takeRejects(file) : [];
      if (fileRejects.length > 0) await this.shiftPastRejects(table, file, lead, fileRejects.map((r) => r.line));
      const origin = options.origin;
      if (origin) {
        await this.conn.run(`UPDATE ${table} SET _file = ?, _row = _row + ? WHERE _file = ?`, [origin.file, origin.firstLine - 1, file]);
        for (const r of fileRejects) Object.assign(r, { file: origin.file, line: r.line + origin.firstLine - 1 });
      }
      rejects.push(...fileRejects);
    }
    if (created) {
      const info = await this.query<{ name: string }>(`SELECT name FROM pragma_table_info(${sqlString(options.table)})`);
      columns = info.map((c) => c.name).filter((c) => c !== '_file' && c !== '_row');
    }
    const count = await this.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
    return { table: options.table, columns: columns ?? [], rows: count[0]?.n ?? 0, rejects };
  }

  /** The table function that reads one file, every field as text. */
  private readerSql(file: string, options: StageFilesOptions): string {
    const path = sqlString(file);
    if (options.format === 'parquet') return `read_parquet(${path})`;
    if (options.format === 'jsonl') {
      // One text column per line, so that a malformed line keeps its raw text for the quarantine.
      return `read_csv(${path}, header=false, columns={'line': 'VARCHAR'}, delim='\\x1f', quote='', escape='',
        auto_detect=false, store_rejects=true, rejects_scan='cairn_reject_scans', rejects_table='cairn_reject_errors')`;
    }
    const csv = options.csv ?? {};
    // RFC 4180 by default, and no sniffing when the columns are known: the sniffer gives up on a
    // file with an unterminated quote, where the reader rejects the broken record instead (an
    // unterminated quote runs to the end of the file: that record's raw text holds the rest).
    const args = [
      'all_varchar=true',
      `header=${csv.header === false ? 'false' : 'true'}`,
      `delim=${sqlString(csv.delimiter ?? ',')}`,
      `quote=${sqlString(csv.quote ?? '"')}`,
      `escape=${sqlString(csv.quote ?? '"')}`,
      'store_rejects=true',
      "rejects_scan='cairn_reject_scans'",
      "rejects_table='cairn_reject_errors'",
      'strict_mode=true',
      'null_padding=false',
      'max_line_size=8000000',
    ];
    if (csv.skip !== undefined) args.push(`skip=${csv.skip}`);
    if (csv.columns) {
      args.push('auto_detect=false');
      args.push(`columns={${csv.columns.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}}`);
    }
    return `read_csv(${path}, ${args.join(', ')})`;
  }

  /**
   * Makes `_row` the file line of each kept record when the reader rejected lines before it: the
   * j-th rejected line (1-based, sorted) sits before kept record number `line - lead - (j - 1)`,
   * so a record moves down by the number of rejects whose slot is at or before it. Exact unless a
   * quoted field spans lines.
   */
  private async shiftPastRejects(table: string, file: string, lead: number, lines: number[]): Promise<void> {
    const slots = [...lines].sort((a, b) => a - b).map((line, j) => line - lead - j);
    await this.conn.run(
      `UPDATE ${table} SET _row = _row + (SELECT count(*) FROM unnest([${slots.join(', ')}]) s(slot) WHERE s.slot <= _row - ${lead})
       WHERE _file = ${sqlString(file)}`,
    );
  }

  private async takeRejects(file: string): Promise<StageReject[]> {
    const exists = await this.query<{ n: number }>(
      `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'cairn_reject_errors'`,
    );
    if (!exists[0]?.n) return [];
    const rows = await this.query<{ line: number; raw: string | null; error_type: string; error_message: string }>(
      // DuckDB records one error per missing column of a short line: one reject per line.
      `SELECT line, arg_min(csv_line, column_idx) AS raw, arg_min(error_type, column_idx) AS error_type,
         arg_min(error_message, column_idx) AS error_message
       FROM cairn_reject_errors GROUP BY line ORDER BY line`,
    );
    await this.conn.run('DROP TABLE IF EXISTS cairn_reject_errors; DROP TABLE IF EXISTS cairn_reject_scans;');
    return rows.map((r) => ({
      file,
      line: r.line,
      raw: r.raw ?? '',
      reason: rejectReason(r.error_type),
      detail: firstLine(r.error_message),
    }));
  }

  async appendRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    if (rows.length === 0) return;
    for (let w = this.busy(); w; w = this.busy()) await w;
    // Rows travel as one JSON text per slice and DuckDB unpacks them; each value is cast to its
    // column's type by the INSERT. Prepared multi-row VALUES took 5 s for 23,500 CLV predictions
    // (one statement per ~330 rows); this takes ~0.2 s. The appender would need every column in
    // table order.
    const cols = columns.map(sqlIdent).join(', ');
    const picks = columns.map((_, j) => `json_extract_string(r, '$[${j}]')`).join(', ');
    const slice = 50_000;
    for (let i = 0; i < rows.length; i += slice) {
      const text = JSON.stringify(rows.slice(i, i + slice), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
      await this.conn.run(`INSERT INTO ${sqlIdent(table)} (${cols}) SELECT ${picks} FROM (SELECT unnest(from_json(?::VARCHAR, '["JSON"]')) AS r)`, [text]);
    }
  }

  async close(): Promise<void> {
    this.reader?.closeSync();
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? message;
}

/** DuckDB's CSV error types, in the words of the quarantine. */
function rejectReason(errorType: string): string {
  switch (errorType) {
    case 'TOO FEW COLUMNS':
    case 'MISSING COLUMNS':
      return 'missing field';
    case 'TOO MANY COLUMNS':
      return 'extra field';
    case 'UNQUOTED VALUE':
    case 'UNTERMINATED QUOTE':
      return 'broken quoting';
    case 'INVALID UNICODE':
    case 'INVALID ENCODING':
      return 'unreadable encoding';
    case 'LINE SIZE OVER MAXIMUM':
      return 'line too long';
    default:
      return `unreadable line (${errorType.toLowerCase()})`;
  }
}

function translateOpenError(location: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (/Could not set lock on file/i.test(message)) {
    const holder = /Conflicting lock is held in (.*?)(?:\.|\s+See also|$)/.exec(message)?.[1];
    return new StoreLockedError(location, holder, { cause: err });
  }
  if (/not a valid DuckDB database file|Unable to open database|database file .* is not/i.test(message)) {
    return new StoreError(`${location} is not a Cairn store (DuckDB could not open it: ${firstLine(err)}); pass --db with another path`, location, { cause: err });
  }
  return new StoreError(`could not open the store ${location}: ${firstLine(err)}`, location, { cause: err });
}

/**
 * An existing file that is not a DuckDB database (a CSV or JSON given to --db by mistake) is
 * refused before DuckDB sees it: DuckDB would open some of them as something else and the import
 * would land nowhere. A DuckDB file carries "DUCK" at byte 8.
 */
function refuseForeignFile(location: string): void {
  if (location === ':memory:' || !existsSync(location)) return;
  const fd = openSync(location, 'r');
  const head = Buffer.alloc(12);
  let bytes: number;
  try {
    bytes = readSync(fd, head, 0, 12, 0);
  } finally {
    closeSync(fd);
  }
  if (bytes < 12 || head.subarray(8, 12).toString('latin1') !== 'DUCK') {
    throw new StoreError(`${location} is not a Cairn store (not a DuckDB database file); pass --db with the store's path, or a new file name to create one`, location);
  }
}
