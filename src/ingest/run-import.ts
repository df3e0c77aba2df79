import { statSync } from 'node:fs';
import { sqlIdent, sqlString, type Store } from '../store/index.js';
import { ImportError } from './errors.js';
import { readFirstLine, splitHeader } from './files.js';
import type { ImportReport, QuarantineSummary } from './report.js';
import type { LoadContext, SourceDefinition } from './source.js';
import { builtInSources } from './sources/index.js';
import { batchesOf } from './pieces.js';
import { openRaw, protectNewRejects } from './quarantine-seal.js';
import { countRows, missingValues, quarantineRejects, runId } from './steps.js';

/** Where an import is: reported when a batch starts loading and when it is done. */
export interface ImportProgress {
  filesDone: number;
  files: number;
  /** Bytes of the files done, of all files: the measure of a bar (one big file is one batch). */
  bytesDone: number;
  bytes: number;
  /** Records read so far. */
  rows: number;
  file: string;
  phase: 'reading' | 'loading' | 'done';
  elapsedMs: number;
}

export interface ImportOptions {
  files: readonly string[];
  source: SourceDefinition;
  /** The store secret, passed to the source for the PII vault. */
  secret?: Buffer;
  onProgress?: (p: ImportProgress) => void;
  /** Size of the pieces a large JSONL file is loaded in (default PIECE_BYTES); smaller in tests. */
  pieceBytes?: number;
}

const STAGE = 'cairn_stage';

/**
 * Imports files with a source. Every header is checked before anything is written; then each
 * file (or batch of small files up to 64 MB, or piece of ~256 MB of a large JSONL file) is one
 * transaction: all of its accepted rows or none, so a failure leaves the store as it was after
 * the last whole batch, and running the same import again adds nothing.
 */
export async function importFiles(store: Store, options: ImportOptions): Promise<ImportReport> {
  const { source, files } = options;
  const started = Date.now();
  const headers = new Map(files.map((file) => [file, checkHeader(file, source)]));

  const importId = runId('imp', started);
  await store.execute(
    `INSERT INTO imports (import_id, source, files, started_at, status) VALUES (?, ?, ?, now()::TIMESTAMP, 'running')`,
    [importId, source.name, JSON.stringify(files)],
  );
  const totals = { rowsRead: 0, accepted: 0, duplicates: 0 };
  const written: Record<string, number> = {};
  const missing: Record<string, number> = {};
  try {
    let filesDone = 0;
    let bytesDone = 0;
    const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
    const progress = (file: string, phase: ImportProgress['phase']) =>
      options.onProgress?.({ filesDone, files: files.length, bytesDone, bytes, rows: totals.rowsRead, file, phase, elapsedMs: Date.now() - started });
    const sameHeader = (a: string, b: string) => (headers.get(a) ?? []).join('\u0000') === (headers.get(b) ?? []).join('\u0000');
    for await (const batch of batchesOf(files, source.read.format === 'jsonl', sameHeader, options.pieceBytes)) {
      progress(batch[0]!.file, 'reading');
      await store.transaction(async () => {
        const tempBefore = new Set(await store.tempTables());
        const quarantinedBefore = await countRows(store, 'SELECT coalesce(max(quarantine_id), 0) AS n FROM quarantine');
        let rows = 0;
        let columns: string[] = [];
        for (const [index, piece] of batch.entries()) {
          const { file } = piece;
          const header = headers.get(file);
          const read = header ? { ...source.read, csv: { ...source.read.csv, columns: header } } : source.read;
          const origin = piece.path === file ? {} : { origin: { file, firstLine: piece.firstLine } };
          const staged = await store.stageFiles({ files: [piece.path], table: STAGE, append: index > 0, ...read, ...origin });
          checkColumns(file, source, staged.columns);
          totals.rowsRead += await quarantineRejects(store, importId, source.name, staged.rejects);
          rows = staged.rows;
          columns = staged.columns;
        }
        progress(batch[batch.length - 1]!.file, 'loading');
        const ctx: LoadContext = { store, source: source.name, importId, file: batch.length === 1 ? batch[0]!.file : `${batch.length} files`, stage: STAGE, columns, secret: options.secret };
        const outcome = await source.load(ctx);
        totals.rowsRead += rows - (outcome.skipped ?? 0);
        totals.accepted += outcome.accepted;
        totals.duplicates += outcome.duplicates + (await protectNewRejects(store, options.secret, quarantinedBefore));
        for (const [table, n] of Object.entries(outcome.written)) written[table] = (written[table] ?? 0) + n;
        // A source that counts its own missing fields (a JSON message's, say) knows better than a scan of raw lines.
        if (!outcome.missing) {
          for (const [column, n] of Object.entries(await missingValues(store, STAGE, columns))) missing[column] = (missing[column] ?? 0) + n;
        }
        for (const [field, n] of Object.entries(outcome.missing ?? {})) missing[field] = (missing[field] ?? 0) + n;
        // The working tables of the load hold raw input (personal data too): gone with the batch.
        for (const table of await store.tempTables()) {
          if (!tempBefore.has(table)) await store.exec(`DROP TABLE IF EXISTS ${sqlIdent(table)}`);
        }
      });
      filesDone += batch.filter((p) => p.last).length;
      bytesDone += batch.reduce((sum, p) => sum + p.bytes, 0);
      progress(batch[batch.length - 1]!.file, 'done');
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await store.execute(`UPDATE imports SET status = 'failed', finished_at = now()::TIMESTAMP, report = ? WHERE import_id = ?`, [
      JSON.stringify({ error: message }),
      importId,
    ]);
    if (err instanceof ImportError) throw err;
    throw new ImportError(`import failed: ${message}. Files before the failing batch were imported whole; running the same import again is safe.`, undefined, { cause: err });
  }

  const quarantine = await quarantineSummary(store, importId, options.secret);
  const quarantined = quarantine.reduce((sum, q) => sum + q.count, 0);
  const elapsedMs = Date.now() - started;
  const report: ImportReport = {
    importId,
    source: source.name,
    files: files.length,
    ...totals,
    quarantined,
    written,
    quarantine,
    missing,
    elapsedMs,
    rowsPerSecond: totals.rowsRead / Math.max(0.001, elapsedMs / 1000),
  };
  // The stored report keeps no raw example or detail (which quotes the offending value): a rejected
  // record may carry personal data, which belongs in one place only (the sealed quarantine row).
  const stored = { ...report, quarantine: report.quarantine.map((q) => ({ ...q, example: { ...q.example, raw: undefined, detail: undefined } })) };
  await store.execute(`UPDATE imports SET status = 'done', finished_at = now()::TIMESTAMP, report = ? WHERE import_id = ?`, [
    JSON.stringify(stored),
    importId,
  ]);
  return report;
}

async function quarantineSummary(store: Store, importId: string, secret: Buffer | undefined): Promise<QuarantineSummary[]> {
  const rows = await store.query<{ reason: string; n: number; file: string | null; line: number | null; detail: string | null; raw: string }>(
    `SELECT reason, count(*) AS n, arg_min(file, quarantine_id) AS file, arg_min(line, quarantine_id) AS line,
       arg_min(detail, quarantine_id) AS detail, arg_min(raw, quarantine_id) AS raw
     FROM quarantine WHERE import_id = ${sqlString(importId)} GROUP BY reason ORDER BY n DESC, reason`,
  );
  return rows.map((r) => ({ reason: r.reason, count: r.n, example: { file: r.file, line: r.line, detail: r.detail === null ? null : openRaw(secret, r.detail), raw: openRaw(secret, r.raw).slice(0, 400) } }));
}

/**
 * Refuses a file that is not UTF-8 text, or a CSV whose header lacks the source's columns (naming
 * a built-in source that fits); returns the CSV header's column names.
 */
function checkHeader(file: string, source: SourceDefinition): string[] | undefined {
  if (source.read.format === 'parquet') return undefined; // binary by design: its columns are checked once staged
  const line = readFirstLine(file);
  if (source.firstLine && !source.firstLine.pattern.test(line)) {
    const fits = [...builtInSources.values()].find(
      (s) => s.read.format === 'csv' && s.requiredColumns.length > 0 && s.requiredColumns.every((c) => splitHeader(line, ',').includes(c)),
    );
    throw new ImportError(
      `${file} does not look like a ${source.name} file: its first line should be ${source.firstLine.looksLike}, not "${line.slice(0, 80)}". ` +
        (fits ? `It looks like a ${fits.name} export: use --source ${fits.name}.` : 'Check --source.'),
      file,
    );
  }
  if (source.read.format !== 'csv' || source.read.csv?.header === false || source.read.csv?.columns) return undefined;
  const columns = splitHeader(line, source.read.csv?.delimiter ?? ',');
  checkColumns(file, source, columns);
  return columns;
}

function checkColumns(file: string, source: SourceDefinition, columns: readonly string[]): void {
  const missing = source.requiredColumns.filter((c) => !columns.includes(c));
  if (missing.length === 0) return;
  const fits = [...builtInSources.values()].find(
    (s) => s.name !== source.name && s.read.format === source.read.format && s.requiredColumns.length > 0 && s.requiredColumns.every((c) => columns.includes(c)),
  );
  throw new ImportError(
    `${file} has no column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}, which source ${source.name} needs ` +
      `(the file has: ${columns.slice(0, 12).join(', ')}${columns.length > 12 ? ', …' : ''}). ` +
      (fits ? `It looks like a ${fits.name} export: use --source ${fits.name}.` : 'Check --source, or write a mapping file for this export (see `cairn import --help`).'),
    file,
  );
}


