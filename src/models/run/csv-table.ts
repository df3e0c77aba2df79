import { existsSync, statSync } from 'node:fs';
import { openStore, sqlString } from '../../store/index.js';
import { TabularInputError, type Table } from '../tabular/index.js';

/**
 * Reads a CSV with DuckDB's reader (delimiter, quoting and header sniffed) into a table of text
 * values; types are inferred afterwards from the values, in TypeScript, so that a blank in a
 * number column is a counted missing value rather than a reason to read the column as text.
 */
export async function readCsvTable(file: string, what = '--csv'): Promise<Table> {
  if (!(existsSync(file) && statSync(file).isFile())) throw new TabularInputError(`${what} ${file}: no such file`);
  const store = await openStore({ location: ':memory:' });
  try {
    const reader = `read_csv(${sqlString(file)}, all_varchar = true, header = true)`;
    let result: { columns: string[]; rows: Record<string, string | null>[] };
    try {
      result = await store.queryWithColumns<Record<string, string | null>>(`SELECT * FROM ${reader}`);
    } catch (err) {
      throw new TabularInputError(`${what} ${file} could not be read as CSV: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
    const { columns, rows } = result;
    if (rows.length === 0) throw new TabularInputError(`${what} ${file} has no rows`);
    return { columns, values: columns.map((c) => rows.map((r) => r[c] ?? null)), rows: rows.length };
  } finally {
    await store.close();
  }
}
