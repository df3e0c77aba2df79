// Levenshtein from fastest-levenshtein (Myers' bit-parallel algorithm, no dependencies, types
// included, ~78M downloads a month): small and well kept, so not written here.
import { distance } from 'fastest-levenshtein';
import type { FieldKind } from './fields.js';
import { jaroWinkler } from './jaro-winkler.js';
import { intern, termFrequencies, type PreparedRecords } from './prepare.js';

/**
 * One field's comparison: an ordered list of levels, from the strongest agreement to "else".
 * Level 0 is always the null level (a value missing on either side), which carries weight 0.
 * `level(i, j)` returns the first level that records i and j fall in.
 */
export interface Comparison {
  name: string;
  /** Input fields it reads; a training block on one of them cannot estimate its m. */
  fields: readonly FieldKind[];
  /** Labels, index 0 = null. */
  levels: readonly string[];
  /** The exact-match level whose u is replaced by the value's term frequency, or -1. */
  tfLevel: number;
  /** Each record's term frequency of its value (when tfLevel >= 0). */
  tf: Float64Array | undefined;
  /** A weaker level whose u is raised to its shared value's frequency when that is higher. */
  secondaryTf?: { level: number; tf: Float64Array };
  level(i: number, j: number): number;
}

/** Jaro-Winkler bands used on names (Splink's NameComparison thresholds). */
const NAME_BANDS = [0.92, 0.88, 0.7] as const;

/**
 * Jaro-Winkler between interned values, memoised by value pair. Names and cities repeat, so
 * most pairs are pairs seen before: on 200k records (100k × 100k link) the memo cut the time in
 * Jaro-Winkler from 2.4 s to about 1 s. Keys stay small integers (below 2^31, so V8 keeps them
 * unboxed; boxed keys made the memo slower than no memo), which limits it to columns of up to
 * 46,340 distinct values; it stops growing at 4M entries (about 200 MB).
 */
function memoJaroWinkler(values: readonly string[]): (a: number, b: number) => number {
  const n = values.length;
  if (n > 46_340) return (a, b) => jaroWinkler(values[a]!, values[b]!);
  const cache = new Map<number, number>();
  return (a, b) => {
    const key = a < b ? a * n + b : b * n + a;
    let s = cache.get(key);
    if (s === undefined) {
      s = jaroWinkler(values[a]!, values[b]!);
      if (cache.size < 4_000_000) cache.set(key, s);
    }
    return s;
  };
}

function nameComparison(name: 'first_name' | 'surname', own: (string | null)[], other: (string | null)[]): Comparison {
  const column = intern(own);
  const { ids } = column;
  const similarity = memoJaroWinkler(column.values);
  return {
    name,
    fields: ['first_name', 'surname'],
    levels: ['null', 'exact', 'first name and surname swapped', 'Jaro-Winkler ≥ 0.92', 'Jaro-Winkler ≥ 0.88', 'Jaro-Winkler ≥ 0.7', 'else'],
    tfLevel: 1,
    tf: termFrequencies(column),
    level(i, j) {
      const ia = ids[i]!;
      const ib = ids[j]!;
      if (ia < 0 || ib < 0) return 0;
      if (ia === ib) return 1;
      const a = own[i]!;
      const b = own[j]!;
      // Swapped: each record's first name is the other's surname (typos allowed: Jaro-Winkler
      // ≥ 0.88 both ways, since a swapped record often has a typo too). Checked only
      // when a crossed pair shares its first letter: that skips two of three Jaro-Winkler calls
      // on most pairs (2.4 s → 1.1 s for a million random pairs), and misses only a swap with
      // typos in the first letters of both names.
      const ao = other[i];
      const bo = other[j];
      if (ao && bo && (a.charCodeAt(0) === bo.charCodeAt(0) || ao.charCodeAt(0) === b.charCodeAt(0))) {
        if (jaroWinkler(a, bo) >= NAME_BANDS[1] && jaroWinkler(ao, b) >= NAME_BANDS[1]) return 2;
      }
      const s = similarity(ia, ib);
      if (s >= NAME_BANDS[0]) return 3;
      if (s >= NAME_BANDS[1]) return 4;
      if (s >= NAME_BANDS[2]) return 5;
      return 6;
    },
  };
}

function emailComparison(r: PreparedRecords): Comparison {
  const { email, emailLocal } = r;
  return {
    name: 'email',
    fields: ['email'],
    levels: ['null', 'exact', 'same local part', 'Levenshtein ≤ 2', 'else'],
    tfLevel: 1,
    tf: termFrequencies(email),
    // Local parts are made of names ("t.weber"), so namesakes share them across providers far
    // more often than random pairs do: a frequent local part weighs less.
    secondaryTf: { level: 2, tf: termFrequencies(emailLocal) },
    level(i, j) {
      const a = email[i];
      const b = email[j];
      if (!a || !b) return 0;
      if (a === b) return 1;
      if (emailLocal[i] === emailLocal[j]) return 2;
      if (Math.abs(a.length - b.length) <= 2 && distance(a, b) <= 2) return 3;
      return 4;
    },
  };
}

/** Whether the longer number is the shorter with at most a 3-digit country code in front. */
function samePhone(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long.length - short.length <= 3 && short.length >= 7 && long.endsWith(short);
}

function phoneComparison(r: PreparedRecords): Comparison {
  const { phone } = r;
  return {
    name: 'phone',
    fields: ['phone'],
    levels: ['null', 'exact', 'same last 8 digits', 'same last 7 digits', 'else'],
    tfLevel: 1,
    tf: termFrequencies(phone.map((p) => (p ? p.slice(-9) : null))),
    level(i, j) {
      const a = phone[i];
      const b = phone[j];
      if (!a || !b) return 0;
      if (a === b || samePhone(a, b)) return 1;
      if (a.length >= 8 && b.length >= 8 && a.endsWith(b.slice(-8))) return 2;
      if (a.endsWith(b.slice(-7))) return 3;
      return 4;
    },
  };
}

function postcodeComparison(r: PreparedRecords): Comparison {
  const { postcode, postcodeOutward } = r;
  return {
    name: 'postcode',
    fields: ['postcode'],
    levels: ['null', 'exact', 'same district (outward part)', 'else'],
    tfLevel: 1,
    tf: termFrequencies(postcode),
    level(i, j) {
      const a = postcode[i];
      const b = postcode[j];
      if (!a || !b) return 0;
      if (a === b) return 1;
      return postcodeOutward[i] === postcodeOutward[j] ? 2 : 3;
    },
  };
}

/** Day and month swapped, or one digit of yyyymmdd mistyped. */
function nearDate(a: string, b: string): boolean {
  if (a.slice(0, 4) === b.slice(0, 4) && a.slice(4, 6) === b.slice(6, 8) && a.slice(6, 8) === b.slice(4, 6)) return true;
  let differences = 0;
  for (let k = 0; k < 8 && differences < 2; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) differences++;
  return differences === 1;
}

function dobComparison(r: PreparedRecords): Comparison {
  const { dob } = r;
  return {
    name: 'dob',
    fields: ['dob'],
    levels: ['null', 'exact', 'day/month swapped or one digit off', 'same year', 'else'],
    tfLevel: 1,
    tf: termFrequencies(dob),
    level(i, j) {
      const a = dob[i];
      const b = dob[j];
      if (!a || !b) return 0;
      if (a === b) return 1;
      if (nearDate(a, b)) return 2;
      return a.slice(0, 4) === b.slice(0, 4) ? 3 : 4;
    },
  };
}

function textComparison(name: 'city' | 'address', values: (string | null)[], bands: readonly number[], skip?: (i: number, j: number) => boolean): Comparison {
  const levels = ['null', 'exact', ...bands.map((b) => `Jaro-Winkler ≥ ${b}`), 'else'];
  const band = (s: number) => {
    for (let k = 0; k < bands.length; k++) if (s >= (bands[k] ?? 1)) return 2 + k;
    return 2 + bands.length;
  };
  if (name === 'address') {
    // Addresses are nearly unique: no interning or memo, which would cost more than they save.
    return {
      name,
      fields: [name],
      levels,
      tfLevel: 1,
      tf: termFrequencies(values),
      level(i, j) {
        const a = values[i];
        const b = values[j];
        if (!a || !b || skip?.(i, j)) return 0;
        return a === b ? 1 : band(jaroWinkler(a, b));
      },
    };
  }
  const column = intern(values);
  const { ids } = column;
  const similarity = memoJaroWinkler(column.values);
  return {
    name,
    fields: [name],
    levels,
    tfLevel: 1,
    tf: termFrequencies(column),
    level(i, j) {
      const a = ids[i]!;
      const b = ids[j]!;
      if (a < 0 || b < 0 || skip?.(i, j)) return 0;
      return a === b ? 1 : band(similarity(a, b));
    },
  };
}

/** The comparisons for the fields present in the records, in a fixed order. */
export function buildComparisons(r: PreparedRecords): Comparison[] {
  const out: Comparison[] = [];
  if (r.present.has('first_name')) out.push(nameComparison('first_name', r.first, r.surname));
  if (r.present.has('surname')) out.push(nameComparison('surname', r.surname, r.first));
  if (r.present.has('dob')) out.push(dobComparison(r));
  if (r.present.has('email')) out.push(emailComparison(r));
  if (r.present.has('phone')) out.push(phoneComparison(r));
  if (r.present.has('postcode')) out.push(postcodeComparison(r));
  // Where both records have a postcode, the city adds nothing the postcode has not said (and
  // counting both made namesakes in one city look like one person): city then falls in its null level.
  const bothPostcodes = r.present.has('postcode') ? (i: number, j: number) => r.postcode[i] !== null && r.postcode[j] !== null : undefined;
  if (r.present.has('city')) out.push(textComparison('city', r.city, [0.88], bothPostcodes));
  if (r.present.has('address')) out.push(textComparison('address', r.address, [0.9, 0.8]));
  return out;
}

/** Every comparison's level for each pair: `levels[p * comparisons.length + c]`. */
export function comparePairs(comparisons: readonly Comparison[], left: Int32Array, right: Int32Array, count: number): Uint8Array {
  const c = comparisons.length;
  const levels = new Uint8Array(count * c);
  for (let k = 0; k < c; k++) {
    const cmp = comparisons[k]!;
    for (let p = 0; p < count; p++) levels[p * c + k] = cmp.level(left[p]!, right[p]!);
  }
  return levels;
}
