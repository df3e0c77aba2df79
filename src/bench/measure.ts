import { join } from 'node:path';
import { builtInSources, importFiles, type ImportReport } from '../ingest/index.js';
import { openStore, sqlString } from '../store/index.js';

/** Imports `files` with a built-in source into a fresh store file in `dir`; returns the report. */
export async function timedImport(dir: string, source: string, files: string[]): Promise<ImportReport> {
  const definition = builtInSources.get(source);
  if (!definition) throw new Error(`no built-in source ${source}`);
  const store = await openStore({ location: join(dir, `${source}-${Date.now()}.duckdb`) });
  try {
    return await importFiles(store, { files, source: definition });
  } finally {
    await store.close();
  }
}

/**
 * DuckDB's bare reader into a table, in a fresh store file in `dir`: the figure Cairn's import is
 * measured against (same files, same machine, same run). Returns rows/s.
 */
export async function bareRead(dir: string, reader: string): Promise<{ rows: number; seconds: number }> {
  const store = await openStore({ location: join(dir, `bare-${Date.now()}.duckdb`) });
  try {
    const start = performance.now();
    await store.exec(`CREATE TABLE bare AS SELECT * FROM ${reader}`);
    const seconds = (performance.now() - start) / 1000;
    const counted = await store.query<{ n: number }>('SELECT count(*) AS n FROM bare');
    return { rows: counted[0]?.n ?? 0, seconds };
  } finally {
    await store.close();
  }
}

/** `read_csv([...files])` as SQL. */
export function readCsvSql(files: readonly string[], options = ''): string {
  return `read_csv([${files.map(sqlString).join(', ')}]${options ? `, ${options}` : ''})`;
}
