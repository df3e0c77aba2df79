import { z } from 'zod';
import { IDENTITY_KINDS, TARGET_TABLE_NAMES, VALUE_TYPES } from './tables.js';

/** How a text value is cleaned before it is typed (strings only). */
export const PARSERS = ['trim', 'email', 'phone', 'country', 'category', 'currency', 'integerId'] as const;
export type Parser = (typeof PARSERS)[number];

export const FORMATS = ['csv', 'tsv', 'jsonl', 'parquet'] as const;
export type MappingFormat = (typeof FORMATS)[number];

const ColumnSchema = z.strictObject({
  /** A column (CSV/TSV/Parquet) or top-level field (JSONL) of the file. */
  from: z.string().min(1).optional(),
  /** A DuckDB SQL expression over the file's columns (which are text). */
  expr: z
    .string()
    .min(1)
    .refine((s) => !s.includes(';'), 'an expression is one SQL expression, without ";"')
    .optional(),
  /** A constant. */
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  type: z.enum(VALUE_TYPES).optional(),
  /** strptime formats for timestamp and date columns, e.g. "%d/%m/%Y %H:%M". */
  formats: z.array(z.string().min(1)).min(1).optional(),
  parser: z.enum(PARSERS).optional(),
  /** Store a pseudonym instead of the identifier, and its keyed hash in `identities` as this kind. */
  pseudonymise: z.enum(IDENTITY_KINDS).optional(),
  required: z.boolean().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});

const CsvSchema = z.strictObject({
  delimiter: z.string().min(1).optional(),
  header: z.boolean().optional(),
  quote: z.string().optional(),
  skip: z.number().int().min(0).optional(),
  /** Column names for a file without a header row. */
  columns: z.array(z.string().min(1)).min(1).optional(),
});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The mapping file, as written by the user (before the checks against the target table). */
export const MappingSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Recorded as the source of every row and quarantined record. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a name of letters, digits, ".", "_" and "-", e.g. "shop-crm"'),
  description: z.string().optional(),
  table: z.enum(TARGET_TABLE_NAMES),
  format: z.enum(FORMATS).optional(),
  csv: CsvSchema.optional(),
  timezone: z.string().refine(isTimeZone, 'an IANA time zone such as "Europe/Berlin" or "UTC"').default('UTC'),
  defaultRegion: z.string().regex(/^[A-Z]{2}$/, 'a two-letter ISO country code such as "DE"').optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO currency code such as "EUR"').optional(),
  /** Namespace of the pseudonyms (default: name); mappings of one system share it so their ids agree. */
  namespace: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  columns: z.record(z.string().min(1), ColumnSchema).refine((c) => Object.keys(c).length > 0, 'map at least one column'),
});

export type Mapping = z.output<typeof MappingSchema>;
export type MappingColumn = z.output<typeof ColumnSchema>;

/** Valid keys of the objects in a mapping, by where they sit, for "did you mean" hints. */
export function validKeysAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return Object.keys(MappingSchema.shape);
  if (path.length === 1 && path[0] === 'csv') return Object.keys(CsvSchema.shape);
  if (path.length === 2 && path[0] === 'columns') return Object.keys(ColumnSchema.shape);
  return [];
}
