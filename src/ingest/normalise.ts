import { createRequire } from 'node:module';
import { sqlIdent, sqlString, type Store } from '../store/index.js';

/**
 * Normalisation as SQL expressions over text fields, so a million rows are cleaned inside the
 * database rather than one by one in JavaScript.
 */

/** A timestamp in the source's local time zone (or with its own offset) as UTC `TIMESTAMP`. */
export function utcTimestamp(expr: string, formats: readonly string[], timeZone: string): string {
  const naive = `try_strptime(trim(${expr}), [${formats.map(sqlString).join(', ')}])`;
  return `timezone('UTC', timezone(${sqlString(timeZone)}, ${naive}))::TIMESTAMP`;
}

/** An ISO-8601 timestamp with `Z` or an offset (as Segment sends) as UTC `TIMESTAMP`. */
export function isoTimestamp(expr: string): string {
  return `timezone('UTC', try_cast(trim(${expr}) AS TIMESTAMPTZ))::TIMESTAMP`;
}

/** A decimal amount; NULL when the text is not a number. */
export function decimal(expr: string): string {
  return `try_cast(trim(${expr}) AS DECIMAL(18,4))`;
}

/** SQL: true when a text, trimmed, is shaped like an e-mail address (the whole of it). */
export function looksLikeEmail(expr: string): string {
  return `regexp_full_match(trim(${expr}), '[^@\\s]+@[^@\\s]+\\.[^@\\s]+')`;
}

/** An e-mail address trimmed and lower-cased; NULL when it is blank or not shaped like one. */
export function email(expr: string): string {
  const e = `lower(trim(${expr}))`;
  return `CASE WHEN ${looksLikeEmail(e)} THEN ${e} END`;
}

/** A categorical value: trimmed, runs of white space folded, lower case; blank is NULL. */
export function category(expr: string): string {
  return `nullif(lower(regexp_replace(trim(${expr}), '\\s+', ' ', 'g')), '')`;
}

/** A numeric id exported as a float (`17850.0`) back to its integer text (`17850`). */
export function integerId(expr: string): string {
  return `nullif(regexp_replace(trim(${expr}), '\\.0+$', ''), '')`;
}

/** Country names (and the usual aliases in exports) to ISO 3166-1 alpha-2 codes. */
const COUNTRY_ALIASES: Record<string, string | null> = {
  eire: 'IE',
  rsa: 'ZA',
  usa: 'US',
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  'czech republic': 'CZ',
  'channel islands': 'JE',
  'european community': null,
  unspecified: null,
};

let countryRows: [string, string | null][] | undefined;

function countryTable(): [string, string | null][] {
  if (countryRows) return countryRows;
  const require = createRequire(import.meta.url);
  const countries = require('i18n-iso-countries') as {
    registerLocale(locale: unknown): void;
    getNames(lang: string, opts: { select: 'all' }): Record<string, string[]>;
  };
  countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
  const byName = new Map<string, string | null>();
  for (const [code, names] of Object.entries(countries.getNames('en', { select: 'all' }))) {
    byName.set(code.toLowerCase(), code);
    for (const n of names) byName.set(n.toLowerCase(), code);
  }
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) byName.set(alias, code);
  countryRows = [...byName.entries()];
  return countryRows;
}

/** Loads the country lookup into the connection as temp table `cairn_countries(name, code)`. */
export async function loadCountries(store: Store): Promise<void> {
  if ((await store.tempTables()).includes('cairn_countries')) return;
  await store.exec('CREATE TEMP TABLE cairn_countries (name VARCHAR PRIMARY KEY, code VARCHAR)');
  await store.appendRows('cairn_countries', ['name', 'code'], countryTable());
}

/** SQL: the ISO code of a country name in `expr` (NULL when unknown or not a country). Needs `loadCountries`. */
export function countryCode(expr: string): string {
  return `(SELECT code FROM cairn_countries WHERE name = lower(trim(${expr})))`;
}

/** SQL: an identifier column quoted. */
export const col = sqlIdent;

/** A whole number (`12`, `-3`); NULL when the text is blank or anything else (`1.5`, `abc`). */
export function wholeNumber(expr: string): string {
  const t = `trim(${expr})`;
  return `CASE WHEN regexp_full_match(${t}, '[+-]?\\d{1,18}') THEN try_cast(${t} AS BIGINT) END`;
}

/** `Yes`/`No` (any case, also `1`/`0`, `true`/`false`) as BOOLEAN; NULL otherwise. */
export function yesNo(expr: string): string {
  const t = `lower(trim(${expr}))`;
  return `CASE WHEN ${t} IN ('yes', '1', 'true') THEN true WHEN ${t} IN ('no', '0', 'false') THEN false END`;
}
