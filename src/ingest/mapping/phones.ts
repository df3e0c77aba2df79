import parsePhoneNumber, { type CountryCode } from 'libphonenumber-js';
import { sqlIdent, type Store } from '../../store/index.js';

/**
 * Loads the E.164 form of every distinct raw phone number of a column into the temp table
 * `table(raw, e164)`: one query for the distinct values, libphonenumber in JavaScript (it has no
 * SQL form), one bulk append; the rows are then cleaned by a join. `e164` is NULL when the text is
 * not a valid number (for `defaultRegion` when it has no country code).
 */
export async function loadPhoneLookup(store: Store, table: string, stage: string, rawSql: string, defaultRegion: string | undefined): Promise<number> {
  const distinct = await store.query<{ raw: string }>(`SELECT DISTINCT ${rawSql} AS raw FROM ${sqlIdent(stage)} WHERE ${rawSql} IS NOT NULL`);
  await store.exec(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(table)} (raw VARCHAR PRIMARY KEY, e164 VARCHAR)`);
  await store.appendRows(table, ['raw', 'e164'], distinct.map((r) => [r.raw, toE164(r.raw, defaultRegion)]));
  return distinct.length;
}

/** A phone number in E.164 (`+4930123456`), or null when it is not a valid number. */
export function toE164(raw: string, defaultRegion: string | undefined): string | null {
  const parsed = parsePhoneNumber(raw, defaultRegion ? { defaultCountry: defaultRegion as CountryCode } : undefined);
  return parsed?.isValid() ? parsed.number : null;
}
