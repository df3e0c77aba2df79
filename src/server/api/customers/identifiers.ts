import { toE164 } from '../../../ingest/index.js';
import { badRequest } from '../http-error.js';

/**
 * Identifiers as ingest hashes them, so that a lookup by the keyed hash finds what import stored.
 * Mirrors normalise.ts `looksLikeEmail` (SQL) and phones.ts `toE164`.
 */
const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function looksLikeEmailAddress(text: string): boolean {
  return EMAIL_SHAPE.test(text);
}

/** A phone number in E.164 as stored ('possible' check, as the segment source accepts), or a 400. */
export function phoneForLookup(raw: string, region: string | undefined): string {
  const e164 = toE164(raw.trim(), region?.toUpperCase(), 'possible');
  if (!e164) {
    throw badRequest(
      region ? `query parameter phone: is not a possible phone number of ${region.toUpperCase()}` : 'query parameter phone: give it in international form (+49 30 1234567), or add region=DE for a national number',
    );
  }
  return e164;
}
