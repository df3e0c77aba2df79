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

/**
 * Cleans a column. Names, dates, postcodes and cities repeat, so `memo` cleans each distinct raw
 * value once (prepare of 2M records: 30 s without, about 8 s with); for near-unique columns
 * (e-mail, phone) the memo would cost more than it saves.
 */
function column(file: PersonFile, kind: FieldKind, count: number, clean: (raw: string | null | undefined) => string | null, memo = false): (string | null)[] {
  const raw = file.fields[kind];
  const out = new Array<string | null>(count);
  if (!raw) return out.fill(null);
  if (!memo) {
    for (let i = 0; i < count; i++) out[i] = clean(raw[i]);
    return out;
  }
  const seen = new Map<string, string | null>();
  for (let i = 0; i < count; i++) {
    const value = raw[i];
    if (value === null || value === undefined) {
      out[i] = null;
      continue;
    }
    let cleaned = seen.get(value);
    if (cleaned === undefined) {
      cleaned = clean(value);
      seen.set(value, cleaned);
    }
    out[i] = cleaned;
  }
  return out;
}

/** Soundex of each name, computed once per distinct name. */
function soundexColumn(names: (string | null)[]): string[] {
  const seen = new Map<string, string>();
  return names.map((n) => {
    if (!n) return '';
    let code = seen.get(n);
    if (code === undefined) {
      code = soundex(n);
      seen.set(n, code);
    }
    return code;
  });
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
  let first = column(file, 'first_name', count, normaliseName, true);
  let surname = column(file, 'surname', count, normaliseName, true);
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
  const postcode = column(file, 'postcode', count, normalisePostcode, true);
  return {
    count,
    present,
    source: file.source,
    first,
    surname,
    firstSoundex: soundexColumn(first),
    surnameSoundex: soundexColumn(surname),
    dob: column(file, 'dob', count, normaliseDate, true),
    email,
    emailLocal: email.map((e) => (e ? e.slice(0, e.indexOf('@')) : null)),
    phone: column(file, 'phone', count, normalisePhone),
    postcode,
    postcodeOutward: postcode.map((p) => (p ? postcodeOutward(p) : null)),
    city: column(file, 'city', count, normaliseText, true),
    address: column(file, 'address', count, normaliseText),
  };
}

/** A column's distinct values: each record's value as an id (-1 when missing) and how often each occurs. */
export interface InternedColumn {
  ids: Int32Array;
  values: string[];
  counts: Int32Array;
  /** Records with a value. */
  present: number;
}

/** Interns a column, so that comparisons test equality on integers and can memoise by value pair. */
export function intern(values: readonly (string | null)[]): InternedColumn {
  const index = new Map<string, number>();
  const ids = new Int32Array(values.length);
  const distinct: string[] = [];
  const counts: number[] = [];
  let present = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      ids[i] = -1;
      continue;
    }
    present++;
    let id = index.get(v);
    if (id === undefined) {
      id = distinct.length;
      index.set(v, id);
      distinct.push(v);
      counts.push(0);
    }
    counts[id]!++;
    ids[i] = id;
  }
  return { ids, values: distinct, counts: Int32Array.from(counts), present };
}

/** FNV-1a hash of a string, 32 bits. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) {
    h ^= text.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Records 0…n−1 with a key, as (hash of the key, record index) packed into one float each (hash in
 * the high bits) and sorted, so equal keys lie next to each other with no Map of strings: unpack
 * with hash = ⌊v / scale⌋, index = v − hash·scale. Records whose key is null are left out.
 */
export function sortByKeyHash(n: number, keyOf: (i: number) => string | null | undefined): { sorted: Float64Array; scale: number } {
  const indexBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const hashSpace = 2 ** Math.min(32, 53 - indexBits);
  const scale = 2 ** indexBits;
  const packed = new Float64Array(n);
  let used = 0;
  for (let i = 0; i < n; i++) {
    const key = keyOf(i);
    if (key !== null && key !== undefined) packed[used++] = (hashString(key) % hashSpace) * scale + i;
  }
  return { sorted: packed.subarray(0, used).sort(), scale };
}

/**
 * How often each record's value occurs among the records that have one (Splink's term
 * frequency). Counted by sorting (hash, record) packed into floats rather than in a Map: for
 * 2M near-unique e-mails the Map took seconds and most of the garbage collector's time. Two
 * values with one hash (a few among millions) share a count, which only lowers their weight a little.
 */
export function termFrequencies(column: InternedColumn | readonly (string | null)[]): Float64Array {
  if ('ids' in column) {
    const tf = new Float64Array(column.ids.length);
    for (let i = 0; i < tf.length; i++) {
      const id = column.ids[i]!;
      tf[i] = id < 0 ? 0 : column.counts[id]! / column.present;
    }
    return tf;
  }
  const n = column.length;
  const { sorted, scale } = sortByKeyHash(n, (i) => column[i]);
  const used = sorted.length;
  const tf = new Float64Array(n);
  let start = 0;
  while (start < used) {
    const hash = Math.floor(sorted[start]! / scale);
    let end = start + 1;
    while (end < used && Math.floor(sorted[end]! / scale) === hash) end++;
    const share = (end - start) / used;
    for (let x = start; x < end; x++) tf[sorted[x]! - hash * scale] = share;
    start = end;
  }
  return tf;
}
