/**
 * A CSV as read: column names and, per column, every row's value as text (`null` when the reader
 * saw nothing). Column-major because type inference and encoding look at one column at a time.
 */
export interface Table {
  readonly columns: readonly string[];
  /** `values[column][row]`. */
  readonly values: readonly (readonly (string | null)[])[];
  readonly rows: number;
}

/** A table the tabular layer cannot work with (one class, a test file with other columns …). */
export class TabularInputError extends Error {
  override name = 'TabularInputError';
}

/** Builds a table from row objects (tests, small hand-made inputs). */
export function tableFromRows(columns: readonly string[], rows: readonly (readonly (string | null)[])[]): Table {
  const values = columns.map((_, c) => rows.map((r) => r[c] ?? null));
  return { columns, values, rows: rows.length };
}

/** One column's values by name, or undefined when the table has no such column. */
export function columnValues(table: Table, name: string): readonly (string | null)[] | undefined {
  const i = table.columns.indexOf(name);
  return i < 0 ? undefined : table.values[i];
}

/** Keeps the rows whose index passes `keep`, in order. */
export function selectRows(table: Table, rows: readonly number[]): Table {
  return { columns: table.columns, values: table.values.map((col) => rows.map((r) => col[r] ?? null)), rows: rows.length };
}

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?', '-']);

/** The trimmed value, or null for the usual spellings of "nothing here" (blank, NA, N/A, null, ?). */
export function cleanValue(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const v = raw.trim();
  return MISSING.has(v.toLowerCase()) ? null : v;
}
