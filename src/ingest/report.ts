/** What an import did, printed at the end (and as one JSON document with --json). */
export interface ImportReport {
  importId: string;
  source: string;
  files: number;
  /** Input records read (lines, rows or messages), including the ones the reader could not split. */
  rowsRead: number;
  /** Records accepted into the store. */
  accepted: number;
  /** Records already in the store, or repeated within the import: counted, not stored again. */
  duplicates: number;
  /** Records put in the quarantine. */
  quarantined: number;
  /** Rows written per canonical table. */
  written: Record<string, number>;
  quarantine: QuarantineSummary[];
  /** Blank or missing values per input column. */
  missing: Record<string, number>;
  elapsedMs: number;
  rowsPerSecond: number;
}

export interface QuarantineSummary {
  reason: string;
  count: number;
  example: { file: string | null; line: number | null; detail: string | null; raw: string };
}

/** The report as text for a person at a terminal. */
export function formatReport(r: ImportReport): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `Imported ${n(r.files)} file${r.files === 1 ? '' : 's'} as ${r.source} in ${(r.elapsedMs / 1000).toFixed(1)} s (${n(Math.round(r.rowsPerSecond))} rows/s)`,
    `  read         ${n(r.rowsRead)}`,
    `  accepted     ${n(r.accepted)}`,
    `  duplicates   ${n(r.duplicates)}`,
    `  quarantined  ${n(r.quarantined)}`,
  ];
  const written = Object.entries(r.written).filter(([, v]) => v > 0);
  if (written.length) {
    lines.push('Written:');
    for (const [table, count] of written) lines.push(`  ${table.padEnd(14)} ${n(count)}`);
  }
  if (r.quarantine.length) {
    lines.push('Quarantined (see `cairn quarantine list`):');
    for (const q of r.quarantine) {
      const where = q.example.file ? `${q.example.file.split('/').pop()}:${q.example.line ?? '?'}` : '';
      lines.push(`  ${q.reason.padEnd(20)} ${n(q.count).padStart(8)}  e.g. ${where}${q.example.detail ? ` ${q.example.detail}` : ''}`);
    }
  }
  const missing = Object.entries(r.missing).filter(([, v]) => v > 0);
  if (missing.length) {
    lines.push('Missing values:');
    for (const [column, count] of missing) lines.push(`  ${column.padEnd(20)} ${n(count).padStart(8)} (${((100 * count) / Math.max(1, r.rowsRead)).toFixed(1)}%)`);
  }
  return lines.join('\n');
}
