import { looksLikeEmail } from '../normalise.js';

/**
 * SQL that keeps personal data out of what the segment source stores in the clear. Raw e-mail,
 * phone, name and address values may only reach `pii_vault` (encrypted); everything else the
 * source writes goes through these.
 */

/** An e-mail address anywhere in a text, also URL-encoded (`jo%40example.com` in a page URL). */
const EMAIL_RE = `[A-Za-z0-9._%+\\-]+(@|%40)[A-Za-z0-9\\-]+(\\.[A-Za-z0-9\\-]+)*\\.[A-Za-z]{2,}`;

/**
 * A JSON string value that is a phone number: international (`"+44 20 7946 0958"`,
 * `"0049 30 1234567"`), national with a trunk 0 and separators (`"0152 9186-877"`,
 * `"0351/5843498"`, `"(030) 1234567"`) or North American with separators (`"(415) 555-0132"`,
 * `"415.555.0132"`). Bare digit strings are left alone: they are far more often ids and epoch
 * times than phone numbers (unless their key says phone, below).
 */
const PHONE_VALUE_RE = `"(\\+[0-9][0-9 ().\\-]{6,18}[0-9]|00[1-9][0-9 ().\\-]{7,18}[0-9]|\\(?0[1-9][0-9]{1,4}\\)?[ /\\-][0-9][0-9 \\-]{3,10}[0-9]|\\(?[0-9]{3}\\)?[ .\\-][0-9]{3}[ .\\-][0-9]{4})"`;

/** A JSON key naming a phone (`"mobile"`, `"phoneNumber"`) with its text or digits value, in any format. */
const PHONE_KEYED_RE = `("[^"]*(?i:phone|mobile)[^"]*"\\s*:\\s*)("[^"]*"|[0-9]+)`;

/** A URL query parameter naming a phone (`?phone=%2B49%20171…`) with its value. */
const PHONE_PARAM_RE = `([?&][^=&"#]*(?i:phone|mobile)[^=&"#]*=)[^&"#]*`;

/**
 * SQL: the text of a JSON value with e-mail addresses and phone numbers replaced (phone-number
 * values, values of keys naming a phone, and URL parameters naming one); `expr` is repeated, so
 * give a column, not a computation. The e-mail regex runs only on texts with `@` or `%40` (by
 * `contains`: `strpos` counts characters, and was the slower on 200k contexts), and the phone
 * replaces only where one match of the three phone patterns finds something: a replace copies
 * the text even when nothing matches, and took 0.7 s of 1M contexts against 0.45 s for the
 * match first (measured figures). The keyed and URL-parameter patterns in that match about
 * doubled its time (0.27 → 0.5 s for the properties and contexts of 290k generated events).
 */
export function redactedText(expr: string): string {
  const j = `(${expr})::VARCHAR`;
  const emailsOut = `CASE WHEN contains(${j}, '@') OR contains(${j}, '%40')
    THEN regexp_replace(${j}, '${EMAIL_RE}', '[redacted email]', 'g') ELSE ${j} END`;
  const phonesOut = `regexp_replace(regexp_replace(regexp_replace(${emailsOut},
    '${PHONE_VALUE_RE}', '"[redacted phone]"', 'g'),
    '${PHONE_KEYED_RE}', '\\1"[redacted phone]"', 'g'),
    '${PHONE_PARAM_RE}', '\\1[redacted phone]', 'g')`;
  return `CASE WHEN regexp_matches(${emailsOut}, '${PHONE_VALUE_RE}|${PHONE_KEYED_RE}|${PHONE_PARAM_RE}')
    THEN ${phonesOut} ELSE ${emailsOut} END`;
}

/**
 * SQL: JSON `expr` redacted, given `redacted` (a column holding `redactedText(expr)`): the value
 * as it is when nothing was replaced, which spares re-parsing the text into JSON on nearly every row.
 */
export function redactedJson(expr: string, redacted: string): string {
  return `CASE WHEN ${redacted} = (${expr})::VARCHAR THEN (${expr})::JSON ELSE ${redacted}::JSON END`;
}

/**
 * SQL: an id as stored in `events` (`user_id`, `anonymous_id`): as sent, unless it is an e-mail
 * address (some shops use the address as their user id), which is stored as its keyed hash.
 */
export function storedId(expr: string): string {
  // The `contains` guard spares the regex on the ids without '@' (nearly all).
  return `CASE WHEN contains(${expr}, '@') AND ${looksLikeEmail(expr)} THEN 'hmac:' || cairn_hmac(lower(trim(${expr}))) ELSE ${expr} END`;
}

/**
 * SQL: a message's `context` without what identifies a person: `ip`, `traits` (Segment copies the
 * user's traits there) and precise `location.latitude`/`longitude` are dropped. Device, OS, page,
 * campaign, user agent, library, locale and time zone stay. E-mail and phone values left elsewhere
 * (say in `page.url`) are for `redactedText`, run on the result as a second step. `expr` is JSON
 * as DuckDB writes it (`json_extract`): a context without any of the three keys has nothing to
 * drop and is kept as it is, the same text the patch would give. (The patch on every row, and
 * then a substring test for the keys, cost 0.5 s and 0.2 s of 200k events; `json_exists` 0.1 s.)
 */
export function cleanContext(expr: string): string {
  const patch = `CASE WHEN json_type(${expr}, '$.location') = 'OBJECT'
    THEN '{"ip":null,"traits":null,"location":{"latitude":null,"longitude":null}}'
    ELSE '{"ip":null,"traits":null}' END`;
  const hasKeys = `list_contains(json_exists(${expr}, ['$.ip', '$.traits', '$.location']), true)`;
  return `CASE WHEN left((${expr})::VARCHAR, 1) = '{' THEN CASE WHEN ${hasKeys} THEN json_merge_patch(${expr}, ${patch}) ELSE ${expr} END END`;
}

/**
 * SQL: true when a trait (by its key, or its value) identifies a person and so belongs in the
 * vault: e-mail, phone, names, address (and everything under it), birthday, avatar, username, id.
 * `nk` is the key lower-cased with everything but letters and digits removed.
 */
export function identifyingTrait(key: string, value: string): string {
  const nk = `lower(regexp_replace(${key}, '[^A-Za-z0-9]', '', 'g'))`;
  return `(${nk} IN ('id', 'name', 'fullname', 'firstname', 'lastname', 'middlename', 'username', 'birthday', 'birthdate',
    'dateofbirth', 'dob', 'avatar', 'street', 'postalcode', 'zip', 'zipcode', 'ssn')
    OR ${nk} LIKE '%email%' OR ${nk} LIKE '%phone%' OR ${nk} LIKE '%address%' OR ${nk} LIKE '%mobile%'
    OR (json_type(${value}) = 'VARCHAR' AND ${looksLikeEmail(`(${value})->>'$'`)}))`;
}

/** SQL: the kind of identifier a trait key names, for `identities` (`email`, `phone`), or NULL. */
export function traitIdentityKind(key: string): string {
  const nk = `lower(regexp_replace(${key}, '[^A-Za-z0-9]', '', 'g'))`;
  return `CASE WHEN ${nk} LIKE '%email%' THEN 'email' WHEN ${nk} LIKE '%phone%' OR ${nk} = 'mobile' THEN 'phone' END`;
}
