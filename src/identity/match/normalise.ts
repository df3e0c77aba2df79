/**
 * Field cleaning before comparison. Every function returns null for a value that carries no
 * information (empty, a placeholder), so that it falls in the comparison's null level.
 */

const ASCII = /^[ -~]*$/;

/** Lower-case a–z with German transliteration (ü → ue, ß → ss) and other accents dropped. */
export function foldText(text: string): string {
  // Most values are plain ASCII: skip the transliteration and Unicode normalisation for them
  // (prepare took 31 s for 2M records without this shortcut).
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** A name as letters only, spaces and hyphens kept as single spaces: "Müller-Lüdenscheidt " → "mueller luedenscheidt". */
export function normaliseName(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const folded = foldText(raw).replace(/[^a-z]+/g, ' ').trim();
  return folded.length === 0 ? null : folded;
}

/** Free text (city, address) folded like a name but keeping digits. */
export function normaliseText(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const folded = foldText(raw).replace(/[^a-z0-9]+/g, ' ').trim();
  return folded.length === 0 ? null : folded;
}

/** An e-mail address trimmed and lower-cased; null when it has no "@" with text on both sides. */
export function normaliseEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const email = raw.trim().toLowerCase();
  const at = email.indexOf('@');
  return at > 0 && at < email.length - 1 ? email : null;
}

/**
 * A phone number as its digits with the international ("00", "+") and trunk ("0") prefixes
 * dropped, so "+49 40 3591035", "0049403591035" and "040/3591035" become "49403591035" or
 * "403591035". Null for fewer than six digits or one digit repeated ("0000000000").
 */
export function normalisePhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const digits = raw.replace(/\D/g, '').replace(/^0+/, '');
  if (digits.length < 6) return null;
  if (/^(\d)\1+$/.test(digits)) return null;
  return digits;
}

/** A postcode upper-cased without spaces or hyphens. */
export function normalisePostcode(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const code = raw.toUpperCase().replace(/[\s-]/g, '');
  return code.length === 0 ? null : code;
}

/**
 * The district part of a postcode: a UK-style code without its last three characters
 * ("SW1A1AA" → "SW1A"), otherwise the first three characters (German "10115" → "101").
 */
export function postcodeOutward(code: string): string {
  if (/[A-Z]/.test(code) && code.length >= 5) return code.slice(0, -3);
  return code.slice(0, Math.min(3, code.length));
}

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/;
const DAY_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * A date of birth as "yyyymmdd" from ISO (2001-07-30, 2001/07/30), day-first (30/07/2001,
 * 30.07.2001; month-first only when the first part cannot be a month… day, i.e. 07/30/2001) or
 * compact (20010730) text; a time after the date is ignored. Null for anything else or an
 * impossible date.
 */
export function normaliseDate(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const text = raw.trim();
  let y: number;
  let m: number;
  let d: number;
  let match = ISO.exec(text);
  if (match) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = DAY_FIRST.exec(text))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (m > 12 && d <= 12) [d, m] = [m, d];
  } else if ((match = COMPACT.exec(text))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    return null;
  }
  if (y < 1850 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}
