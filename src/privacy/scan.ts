import parsePhoneNumber, { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { sqlIdent, sqlString, type Store } from '../store/index.js';

/**
 * A privacy scan: looks for known raw e-mail addresses and phone numbers (those of the people in
 * a data set) anywhere in the store or in a log, to prove that they are kept only in `pii_vault`.
 * E-mails match lower-cased as substrings, also URL-encoded (`jo%40example.com`). A phone matches
 * by its national number's digits (`+49 177 41969948`, `0177 41969948`, `0049177/41969948` all
 * hold `17741969948`) in the text with the usual separators (spaces, `()./-+`, also URL-encoded) taken out; other
 * characters still part digits, so digits of two neighbouring fields (say in JSON) never join.
 */

/** What to look for: raw values as a data set holds them, in any format and case. */
export interface ScanNeedles {
  emails?: Iterable<string>;
  phones?: Iterable<string>;
  /** Country of phone numbers written without one (default DE); only its trunk prefix matters. */
  defaultRegion?: string;
}

/** Needles ready to match: lower-cased e-mails (and their URL-encoded forms), phone digits. */
export interface PreparedNeedles {
  emails: string[];
  phones: string[];
}

/** Rows of one column that hold some of the needles. */
export interface StoreHit {
  table: string;
  column: string;
  rows: number;
  /** Up to five of the needles found (as matched: lower-cased e-mail, phone digits). */
  needles: string[];
}

export interface StoreScan {
  /** Every table of the store (base tables; temporary tables are not the store's). */
  tables: string[];
  /** Columns scanned, as `table.column`. */
  columns: string[];
  hits: StoreHit[];
}

/** A line of a text that holds some of the needles. */
export interface TextHit {
  /** 1-based. */
  line: number;
  needles: string[];
}

/** Characters a phone number is written with besides its digits, also URL-encoded (`%20`, `%2b`…), in lower-cased text. */
const PHONE_SEPARATORS_JS = /[\s().\-/+]|%2[0-9a-f]/g;
const PHONE_SEPARATORS_SQL = "'[\\s().\\-/+]|%2[0-9a-f]'";
/** Fewer digits than this would match ids and amounts by chance. */
const MIN_PHONE_DIGITS = 6;
/** Column types that cannot hold text or a phone number's digits. */
const UNSCANNED_TYPE = /^(BOOLEAN|DATE|TIME|INTERVAL|FLOAT|DOUBLE|REAL|UUID)/i;

/**
 * The national number's digits of a raw phone number (`+49 177 41969948` → `17741969948`), or
 * null for a placeholder (`0000000000`) or anything too short to tell from other numbers.
 */
export function phoneDigits(raw: string, defaultRegion = 'DE'): string | null {
  const region = isSupportedCountry(defaultRegion) ? (defaultRegion as CountryCode) : undefined;
  let digits: string | undefined;
  try {
    digits = parsePhoneNumber(raw, region ? { defaultCountry: region } : undefined)?.nationalNumber;
  } catch {
    digits = undefined;
  }
  digits ??= raw.replace(/\D/g, '').replace(/^0+/, '');
  if (digits.length < MIN_PHONE_DIGITS || /^(\d)\1*$/.test(digits)) return null;
  return digits;
}

/** Needles deduplicated and normalised; blanks, e-mails without `@` and placeholder phones left out. */
export function prepareNeedles(input: ScanNeedles): PreparedNeedles {
  const emails = new Set<string>();
  for (const raw of input.emails ?? []) {
    const email = raw.trim().toLowerCase();
    if (!email.includes('@') || email.length < 5) continue;
    emails.add(email);
    emails.add(encodeURIComponent(email).toLowerCase());
  }
  const phones = new Set<string>();
  for (const raw of input.phones ?? []) {
    const digits = phoneDigits(raw.trim(), input.defaultRegion);
    if (digits) phones.add(digits);
  }
  return { emails: [...emails].sort(), phones: [...phones].sort() };
}

/**
 * Scans every column that can hold text or digits (VARCHAR, JSON, BLOB read as text, lists,
 * integers…) of every table of the store for the needles. `except` names columns not to scan,
 * as `table.column` (default: the vault's ciphertext). DuckDB SQL.
 */
export async function scanStoreForValues(store: Store, input: ScanNeedles, options: { except?: readonly string[] } = {}): Promise<StoreScan> {
  const needles = prepareNeedles(input);
  const except = new Set(options.except ?? ['pii_vault.ciphertext']);
  const listed = await store.query<{ schema: string; table: string; column: string | null; type: string | null }>(`
    SELECT t.table_schema AS schema, t.table_name AS "table", c.column_name AS "column", c.data_type AS type
    FROM information_schema.tables t
    LEFT JOIN information_schema.columns c USING (table_catalog, table_schema, table_name)
    WHERE t.table_type = 'BASE TABLE' AND t.table_schema NOT IN ('information_schema', 'pg_catalog')
    ORDER BY t.table_name, c.ordinal_position`);
  const tables = new Set<string>();
  const columns: string[] = [];
  const hits: StoreHit[] = [];
  const values = needleValues(needles);
  for (const { schema, table, column, type } of listed) {
    const name = schema === 'main' ? table : `${schema}.${table}`;
    tables.add(name);
    if (column === null || type === null || UNSCANNED_TYPE.test(type) || except.has(`${name}.${column}`)) continue;
    columns.push(`${name}.${column}`);
    if (!values) continue;
    const [found] = await store.query<{ rows: number; needles: string[] | null }>(
      columnScanSql(`${sqlIdent(schema)}.${sqlIdent(table)}`, sqlIdent(column), values),
    );
    if (found && found.rows > 0) hits.push({ table: name, column, rows: found.rows, needles: (found.needles ?? []).slice(0, 5) });
  }
  return { tables: [...tables], columns, hits };
}

/** The needles as an SQL VALUES list of (kind, needle), or null when there are none. */
function needleValues(needles: PreparedNeedles): string | null {
  const rows = [...needles.emails.map((n) => `('e', ${sqlString(n)})`), ...needles.phones.map((n) => `('p', ${sqlString(n)})`)];
  return rows.length ? `VALUES ${rows.join(', ')}` : null;
}

/**
 * SQL: rows of one column holding a needle, and which. Only texts with `@` (or `%40`) are
 * searched for e-mails, and only texts with digits for phones, each a join against its needles.
 */
function columnScanSql(table: string, column: string, values: string): string {
  return `
    WITH needles(kind, needle) AS (${values}),
    cells AS (SELECT row_number() OVER () AS r, lower(CAST(${column} AS VARCHAR)) AS v FROM ${table} WHERE ${column} IS NOT NULL),
    texts AS (
      SELECT r, 'e' AS kind, v AS t FROM cells WHERE contains(v, '@') OR contains(v, '%40')
      UNION ALL
      SELECT r, 'p' AS kind, regexp_replace(v, ${PHONE_SEPARATORS_SQL}, '', 'g') AS t FROM cells WHERE regexp_matches(v, '[0-9]')
    )
    SELECT count(DISTINCT r)::BIGINT AS rows, list(DISTINCT needle ORDER BY needle) AS needles
    FROM texts JOIN needles USING (kind) WHERE contains(t, needle)`;
}

/** Lines of a text (a log, a command's output) that hold a needle, matched as the store scan does. */
export function scanTextForValues(text: string, input: ScanNeedles): TextHit[] {
  const { emails, phones } = prepareNeedles(input);
  const hits: TextHit[] = [];
  text.split('\n').forEach((line, i) => {
    const lower = line.toLowerCase();
    const digits = lower.replace(PHONE_SEPARATORS_JS, '');
    const found = [...emails.filter((n) => lower.includes(n)), ...phones.filter((n) => digits.includes(n))];
    if (found.length) hits.push({ line: i + 1, needles: found.slice(0, 5) });
  });
  return hits;
}
