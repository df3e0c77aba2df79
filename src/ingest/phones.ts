import parsePhoneNumber, { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { sqlIdent, type Store } from '../store/index.js';

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

/**
 * Like `loadPhoneLookup`, for files that say each row's country: `table(raw, region, e164)` with
 * national numbers read in the row's own country (`regionSql`, an ISO code), `defaultRegion`
 * where the row has none. A Vienna number `0699 7618113` is Austrian, not German.
 */
export async function loadRegionalPhoneLookup(store: Store, table: string, stage: string, rawSql: string, regionSql: string, defaultRegion: string): Promise<number> {
  const distinct = await store.query<{ raw: string; region: string | null }>(
    `SELECT DISTINCT ${rawSql} AS raw, ${regionSql} AS region FROM ${sqlIdent(stage)} WHERE ${rawSql} IS NOT NULL`,
  );
  await store.exec(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(table)} (raw VARCHAR, region VARCHAR, e164 VARCHAR)`);
  await store.appendRows(table, ['raw', 'region', 'e164'], distinct.map((r) => [r.raw, r.region, toE164(r.raw, r.region ?? defaultRegion)]));
  return distinct.length;
}

/**
 * A phone number in E.164 (`+4930123456`), or null when it is not a valid number — or, with
 * `check: 'possible'`, not even of a possible length for its country (what the segment source accepts).
 */
export function toE164(raw: string, defaultRegion: string | null | undefined, check: 'valid' | 'possible' = 'valid'): string | null {
  const region = defaultRegion && isSupportedCountry(defaultRegion) ? (defaultRegion as CountryCode) : undefined;
  const parsed = parsePhoneNumber(raw, region ? { defaultCountry: region } : undefined);
  const ok = check === 'valid' ? parsed?.isValid() : parsed?.isPossible();
  return ok && parsed ? parsed.number : null;
}
