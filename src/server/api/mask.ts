/**
 * Personal data taken out of values the API passes on without the vault's protection (the live
 * feed's properties, quarantine details). The rules follow what the segment source applies at
 * import (ingest/sources/segment-privacy.ts), in JavaScript: e-mail addresses (also URL-encoded)
 * anywhere in a text, phone-number values, and keys that name identifying traits, or `traits`.
 */

const EMAIL = /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** A whole value that is a phone number: international, or North American with separators. */
const PHONE_VALUE = /^(?:\+[0-9][0-9 ().-]{6,18}[0-9]|\(?[0-9]{3}\)?[ .-][0-9]{3}[ .-][0-9]{4})$/;
const PHONE_IN_TEXT = /\+[0-9][0-9 ().-]{6,18}[0-9]/g;

/** Keys (lower case, letters and digits only) whose values identify a person wherever they are. */
const PERSONAL_KEYS = new Set([
  'fullname', 'firstname', 'lastname', 'middlename', 'username', 'birthday', 'birthdate', 'dateofbirth', 'dob',
  'avatar', 'street', 'postalcode', 'postcode', 'zip', 'zipcode', 'ssn', 'ip', 'traits',
]);
const PERSONAL_PARTS = ['email', 'phone', 'address', 'mobile'];
/** In traits (an identify's), `id` and `name` are the person's too; in an event's properties they are a product's. */
const TRAIT_KEYS = new Set(['id', 'name']);

export type MaskRules = 'properties' | 'traits';

export function identifyingKey(key: string, rules: MaskRules): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return PERSONAL_KEYS.has(k) || PERSONAL_PARTS.some((p) => k.includes(p)) || (rules === 'traits' && TRAIT_KEYS.has(k));
}

/** A text with e-mail addresses and phone numbers replaced. */
export function maskText(text: string): string {
  if (PHONE_VALUE.test(text.trim())) return '[redacted phone]';
  let out = text;
  if (out.includes('@') || out.includes('%40')) out = out.replace(EMAIL, '[redacted email]');
  return out.replace(PHONE_IN_TEXT, '[redacted phone]');
}

/** A JSON value with identifying keys dropped and its texts masked, at any depth. */
export function maskValue(value: unknown, rules: MaskRules = 'properties'): unknown {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map((v) => maskValue(v, rules));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!identifyingKey(k, rules)) out[k] = maskValue(v, rules);
    return out;
  }
  return value;
}

/**
 * A quarantine `detail` for a key that may not see personal data: the quoted values that details
 * cite from the rejected record (`Email "jo@ example" is not a valid email`) are left out.
 */
export function maskDetail(detail: string | null): string | null {
  if (detail === null) return null;
  return maskText(detail.replace(/"[^"]*"/g, '"…"'));
}
