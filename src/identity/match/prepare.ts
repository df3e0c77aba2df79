import type { FieldKind } from './fields.js';
import { normaliseDate, normaliseEmail, normaliseName, normalisePhone, normalisePostcode, normaliseText, postcodeOutward } from './normalise.js';
import { soundex } from './phonetic.js';

/** Raw person records, column by column: one entry per record, null or '' when missing. */
export interface PersonFile {
  fields: Partial<Record<FieldKind, readonly (string | null)[]>>;
  /**
   * When linking two files rather than deduplicating one: which file each record comes from
   * (0 or 1). Only pairs across the two files are compared.
   */
  source?: Uint8Array;
}

/** The fields the comparisons use, cleaned once; null where a value is missing. */
export interface PreparedRecords {
  count: number;
  /** Field kinds present in the input (a full name counts as first name and surname). */
  present: ReadonlySet<FieldKind>;
  source: Uint8Array | undefined;
  first: (string | null)[];
  surname: (string | null)[];
  /** Soundex of first name and surname ('' when missing). */
  firstSoundex: string[];
  surnameSoundex: string[];
  /** "yyyymmdd". */
  dob: (string | null)[];
  email: (string | null)[];
  emailLocal: (string | null)[];
  phone: (string | null)[];
  postcode: (string | null)[];
  postcodeOutward: (string | null)[];
  city: (string | null)[];
  address: (string | null)[];
}

function column(file: PersonFile, kind: FieldKind, count: number, clean: (raw: string | null | undefined) => string | null): (string | null)[] {
  const raw = file.fields[kind];
  const out = new Array<string | null>(count);
  for (let i = 0; i < count; i++) out[i] = raw ? clean(raw[i]) : null;
  return out;
}

function recordCount(file: PersonFile): number {
  let count = -1;
  for (const [kind, values] of Object.entries(file.fields)) {
    if (!values) continue;
    if (count >= 0 && values.length !== count) throw new RangeError(`field ${kind} has ${values.length} values, others have ${count}`);
    count = values.length;
  }
  if (file.source && count >= 0 && file.source.length !== count) throw new RangeError(`source has ${file.source.length} entries for ${count} records`);
  return Math.max(0, count);
}

/** Cleans every field once (names folded, dates parsed, phones reduced to digits, …). */
export function prepareRecords(file: PersonFile): PreparedRecords {
  const count = recordCount(file);
  const present = new Set<FieldKind>(Object.keys(file.fields).filter((k) => file.fields[k as FieldKind]) as FieldKind[]);
  let first = column(file, 'first_name', count, normaliseName);
  let surname = column(file, 'surname', count, normaliseName);
  const full = file.fields.full_name;
  if (full && !(present.has('first_name') && present.has('surname'))) {
    // "Anna Maria Schulz" → first "anna maria", surname "schulz".
    first = new Array<string | null>(count);
    surname = new Array<string | null>(count);
    for (let i = 0; i < count; i++) {
      const name = normaliseName(full[i]);
      const cut = name ? name.lastIndexOf(' ') : -1;
      first[i] = name && cut > 0 ? name.slice(0, cut) : null;
      surname[i] = name ? name.slice(cut + 1) : null;
    }
    present.add('first_name').add('surname');
  }
  present.delete('full_name');
  const email = column(file, 'email', count, normaliseEmail);
  const postcode = column(file, 'postcode', count, normalisePostcode);
  return {
    count,
    present,
    source: file.source,
    first,
    surname,
    firstSoundex: first.map((n) => (n ? soundex(n) : '')),
    surnameSoundex: surname.map((n) => (n ? soundex(n) : '')),
    dob: column(file, 'dob', count, normaliseDate),
    email,
    emailLocal: email.map((e) => (e ? e.slice(0, e.indexOf('@')) : null)),
    phone: column(file, 'phone', count, normalisePhone),
    postcode,
    postcodeOutward: postcode.map((p) => (p ? postcodeOutward(p) : null)),
    city: column(file, 'city', count, normaliseText),
    address: column(file, 'address', count, normaliseText),
  };
}

/** How often each record's value occurs among the records that have one (Splink's term frequency). */
export function termFrequencies(values: readonly (string | null)[]): Float64Array {
  const counts = new Map<string, number>();
  let present = 0;
  for (const v of values) {
    if (v === null) continue;
    present++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const tf = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    tf[i] = v === null || v === undefined ? 0 : (counts.get(v) ?? 0) / present;
  }
  return tf;
}
