/**
 * The one boundary every stage talks to. `store/duckdb/` implements it for the embedded default
 * and `store/postgres/` (later) for scale-out; both pass `store.case.test.ts`.
 *
 * SQL text that a feature needs lives beside the feature; the store runs it. Functions a feature
 * may call in its SQL whatever the dialect: `cairn_hmac(text)` (the keyed hash used for every
 * identifier outside the vault, hex) and `cairn_pseudonym(namespace, text)` (a short stable id).
 */
export type Dialect = 'duckdb' | 'postgres';

/** A value bound to a `?` / `$n` parameter. */
export type SqlValue = string | number | bigint | boolean | null;

/**
 * A row as plain JSON-safe values: integers that fit become numbers, timestamps ISO-8601
 * strings in UTC, DECIMAL numbers, JSON columns strings.
 */
export type Row = Record<string, unknown>;

export interface QueryResult<T extends Row = Row> {
  columns: string[];
  rows: T[];
}

/** Which files a bulk read takes and how they are laid out. */
export interface StageFilesOptions {
  files: readonly string[];
  format: 'csv' | 'jsonl' | 'parquet';
  /** Name of the temporary table to create; it lives as long as the connection. */
  table: string;
  /** Add the rows to the table left by an earlier call instead of replacing it. */
  append?: boolean;
  /**
   * The single file read is a part of a larger one (a piece of a split file): its rows and rejects
   * are labelled with that file and its line numbers.
   */
  origin?: { file: string; firstLine: number };
  csv?: {
    delimiter?: string;
    header?: boolean;
    /**
     * Column names, in file order: for a file without a header, or the header's own names read
     * beforehand (then the reader does not sniff, and skips the header line).
     */
    columns?: readonly string[];
    quote?: string;
    /** Rows to skip before the header. */
    skip?: number;
  };
}

/** What a bulk read staged: every field as text, plus where each row came from. */
export interface StagedFiles {
  table: string;
  /** Data columns, in file order (`_file` and `_row` are added beside them). */
  columns: string[];
  rows: number;
  /** Lines the reader could not split into the expected columns, with the raw line. */
  rejects: StageReject[];
}

export interface StageReject {
  file: string;
  line: number;
  raw: string;
  reason: string;
  detail: string;
}

export interface Store {
  readonly dialect: Dialect;
  /** File path (or `:memory:`) the store lives in. */
  readonly location: string;
  /** Runs one statement and returns its rows. Parameters bind to `?` (DuckDB) or `$n`. */
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Like `query`, with the column names (kept even when there are no rows). */
  queryWithColumns<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<QueryResult<T>>;
  /** Runs one or more statements that return nothing worth reading. */
  exec(sql: string): Promise<void>;
  /** Runs one writing statement and returns how many rows it inserted, updated or deleted. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs only statements that cannot change data; anything else is a `ReadOnlyViolation`. */
  readOnlyQuery(sql: string): Promise<QueryResult>;
  /** Runs `fn` in one transaction: all of its writes land, or none do. Not re-entrant. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Reads files with the database's own bulk reader into a temporary all-text table with
   * `_file` and `_row` columns: `_row` is the record's line in its file (header included; exact
   * unless a quoted field spans lines), so a quarantined record can be found in the file.
   */
  stageFiles(options: StageFilesOptions): Promise<StagedFiles>;
  /** Appends rows to a table in bulk. */
  appendRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void>;
  /** Names of this connection's temporary tables (a load's working tables). */
  tempTables(): Promise<string[]>;
  /** Highest migration applied. */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}
