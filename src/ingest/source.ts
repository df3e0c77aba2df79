import type { StageFilesOptions, Store } from '../store/index.js';

/** How a source's files are read into the staging table (every field as text). */
export type ReadOptions = Pick<StageFilesOptions, 'format' | 'csv'>;

/** What one file's load step sees. */
export interface LoadContext {
  store: Store;
  /** The source's name, recorded on every row and quarantined record. */
  source: string;
  importId: string;
  file: string;
  /** Staging table: the file's fields as text, plus `_file` and `_row`. */
  stage: string;
  /** The file's own columns, in order. */
  columns: readonly string[];
  /** The store secret (privacy/keys.ts), for sources that write `pii_vault`; absent, nothing is vaulted. */
  secret?: Buffer;
}

/** What a load step did with the staged rows (the quarantine is counted by the caller). */
export interface LoadOutcome {
  /** Input rows that were accepted into the store. */
  accepted: number;
  /** Input rows already in the store, or repeated within the file. */
  duplicates: number;
  /** Lines that hold no record, such as a header the reader could not tell apart: not counted as read. */
  skipped?: number;
  /** Rows written per canonical table (one input row may write several tables). */
  written: Record<string, number>;
  /** Missing values per field the source reads inside its rows (e.g. JSON fields of a line). */
  missing?: Record<string, number>;
}

/**
 * A kind of export Cairn knows how to load: a built-in one (`online-retail`, `cdnow`, …) or one
 * described by a mapping file. `load` moves the staged rows into the canonical tables with SQL,
 * quarantining every row it cannot accept with a reason; it runs inside the file's transaction.
 */
export interface SourceDefinition {
  name: string;
  /** One line for `cairn import --help` and error messages. */
  description: string;
  read: ReadOptions;
  /** Columns the file must have; a file without them is refused whole, before anything is written. */
  requiredColumns: readonly string[];
  /**
   * For sources that read whole lines (no header to check): what the first line of a right file
   * looks like, and those words for the error when it does not.
   */
  firstLine?: { pattern: RegExp; looksLike: string };
  load(ctx: LoadContext): Promise<LoadOutcome>;
}
