import { Rng } from '../../generate/index.js';
import { foldText } from '../match/normalise.js';
import { corruptDate, corruptDigits, corruptEmail, misspell, typo } from './corrupt.js';
import { EMAIL_PROVIDERS, FAMILY_NAMES, GIVEN_NAMES, PLACES, PROVIDER_WEIGHTS, STREET_ENDINGS, STREET_HEADS, SURNAME_ENDINGS, SURNAME_HEADS, SURNAME_MIDDLES } from './names.js';

export const PERSON_FILE_HEADER = ['record_id', 'first_name', 'last_name', 'date_of_birth', 'email', 'phone', 'postcode', 'city', 'address'] as const;

interface Person {
  first: string;
  last: string;
  dob: string;
  email: string;
  phone: { area: string; number: string };
  postcode: string;
  city: string;
  street: string;
  house: number;
}

export interface PersonFileOptions {
  people: number;
  seed: number;
  /**
   * 'dedupe': one file with 1–4 records per person (mean 2.25), duplicates corrupted;
   * 'link': a clean file of every person (source 0) and a corrupted one (source 1).
   */
  mode?: 'dedupe' | 'link';
  /** Mean number of extra corruptions per corrupted record beyond the first (default 2.5, at most 3). */
  extraCorruptions?: number;
}

export interface SyntheticPersonFile {
  rows: string[][];
  /** The true person of each row. */
  person: Int32Array;
  /** Which file each row belongs to (link mode). */
  source?: Uint8Array;
}

function zipf(count: number, exponent: number): number[] {
  return Array.from({ length: count }, (_, k) => (k + 1) ** -exponent);
}

// Flatter than the raw lists' ranks suggest: the most common given name is about 6% of people,
// the most common family name about 2% (Müller is 1% of Germans).
const GIVEN_WEIGHTS = zipf(GIVEN_NAMES.length, 0.6);
const FAMILY_WEIGHTS = zipf(FAMILY_NAMES.length, 0.7);

/** A family name: one of the common ones for a quarter of people, else one of 48,000 rarer ones. */
function familyName(rng: Rng): string {
  if (rng.chance(0.25)) return FAMILY_NAMES[rng.weightedIndex(FAMILY_WEIGHTS)]!;
  return `${rng.pick(SURNAME_HEADS)}${rng.pick(SURNAME_MIDDLES)}${rng.pick(SURNAME_ENDINGS)}`;
}
const PLACE_WEIGHTS = PLACES.map((p) => p.weight);
const pad = (n: number, w: number) => String(n).padStart(w, '0');

function createPerson(rng: Rng, taken: Set<string>): Person {
  const first = GIVEN_NAMES[rng.weightedIndex(GIVEN_WEIGHTS)]!;
  const last = familyName(rng);
  const age = Math.min(92, Math.max(18, Math.round(rng.normal(46, 16))));
  const born = new Date(Date.UTC(2025 - age, 0, 1) + rng.int(0, 365) * 86_400_000);
  const place = PLACES[rng.weightedIndex(PLACE_WEIGHTS)]!;
  const f = foldText(first).replace(/[^a-z]/g, '');
  const l = foldText(last).replace(/[^a-z]/g, '');
  const yy = pad(born.getUTCFullYear() % 100, 2);
  const provider = EMAIL_PROVIDERS[rng.weightedIndex([...PROVIDER_WEIGHTS])]!;
  let local = rng.pick([`${f}.${l}`, `${f}${l}`, `${f[0]}.${l}`, `${f}_${l}${yy}`, `${l}.${f}`, `${f}${yy}`, `${f}.${l}${rng.int(1, 99)}`, `${l}${f[0]}`]);
  while (taken.has(`${local}@${provider}`)) local = `${local}${rng.int(0, 10)}`;
  taken.add(`${local}@${provider}`);
  const mobile = rng.chance(0.7);
  return {
    first,
    last,
    dob: born.toISOString().slice(0, 10),
    email: `${local}@${provider}`,
    phone: mobile
      ? { area: rng.pick(['151', '152', '157', '160', '162', '170', '171', '176', '177']), number: pad(rng.int(1_000_000, 99_999_999), 8).slice(0, rng.chance(0.5) ? 7 : 8) }
      : { area: place.area, number: String(rng.int(100_000, 9_999_999)) },
    postcode: pad(rng.int(place.from, place.to + 1), 5),
    city: place.city,
    street: `${rng.pick(STREET_HEADS)}${rng.pick(STREET_ENDINGS)}`,
    house: rng.int(1, 200),
  };
}

function writePhone(rng: Rng, area: string, number: string): string {
  switch (rng.int(0, 5)) {
    case 0: return `+49 ${area} ${number}`;
    case 1: return `0${area} ${number}`;
    case 2: return `0049${area}${number}`;
    case 3: return `0${area}/${number}`;
    default: return `+49${area}${number}`;
  }
}

function writeDate(rng: Rng, iso: string): string {
  const [y, m, d] = iso.split('-');
  const x = rng.next();
  if (x < 0.5) return iso;
  return x < 0.8 ? `${d}.${m}.${y}` : `${d}/${m}/${y}`;
}

/** A person's record as one system holds it: formats vary, some fields are missing. */
function baseRecord(rng: Rng, p: Person): string[] {
  const missing = (share: number, value: string) => (rng.chance(share) ? '' : value);
  return [
    p.first,
    p.last,
    missing(0.06, writeDate(rng, p.dob)),
    missing(0.15, p.email),
    missing(0.35, writePhone(rng, p.phone.area, p.phone.number)),
    missing(0.08, p.postcode),
    missing(0.04, p.city),
    missing(0.15, `${p.street} ${p.house}`),
  ];
}

const FIELD_WEIGHTS = [0.16, 0.16, 0.07, 0.14, 0.24, 0.07, 0.08, 0.04, 0.08];

/**
 * One corruption, FEBRL-style: a field is chosen by its select probability, then a kind of
 * error for that field (typo, spelling variant, missing value, another value, names swapped).
 */
function corruptOnce(rng: Rng, f: string[], p: Person, taken: Set<string>): void {
  const field = rng.weightedIndex(FIELD_WEIGHTS);
  const x = rng.next();
  switch (field) {
    case 0:
    case 1: {
      const k = field;
      const value = f[k] ?? '';
      if (x < 0.55) f[k] = typo(rng, value);
      else if (x < 0.8) f[k] = misspell(rng, value);
      else if (x < 0.88) f[k] = '';
      else if (k === 0) f[k] = `${value.charAt(0)}.`;
      else f[k] = familyName(rng); // married, or another family name
      return;
    }
    case 2: [f[0], f[1]] = [f[1] ?? '', f[0] ?? '']; return;
    case 3: f[2] = x < 0.7 ? writeDate(rng, corruptDate(rng, p.dob)) : ''; return;
    case 4: {
      if (x < 0.7) f[3] = corruptEmail(rng, f[3] || p.email, EMAIL_PROVIDERS);
      else if (x < 0.85) f[3] = '';
      else {
        // A second address of the person's own.
        const other = createPerson(rng, taken);
        f[3] = other.email.replace(/^[^@]*/, foldText(p.first).replace(/[^a-z]/g, '') + rng.int(1, 999));
      }
      return;
    }
    case 5: {
      if (x < 0.4) f[4] = '';
      else if (x < 0.75) f[4] = writePhone(rng, p.phone.area, corruptDigits(rng, p.phone.number));
      else f[4] = writePhone(rng, rng.pick(['151', '160', '171', '176']), pad(rng.int(1_000_000, 99_999_999), 8));
      return;
    }
    case 6: f[5] = x < 0.5 ? corruptDigits(rng, p.postcode) : ''; return;
    case 7: f[6] = x < 0.5 ? typo(rng, p.city) : ''; return;
    default: f[7] = x < 0.5 ? typo(rng, `${p.street} ${p.house}`) : x < 0.8 ? `${p.street} ${rng.int(1, 200)}` : '';
  }
}

/** Upper-case names now and then, as some systems store them. */
function casing(rng: Rng, f: string[]): string[] {
  if (rng.chance(0.1)) return f.map((v, k) => (k < 2 || k === 3 ? v.toUpperCase() : v));
  return f;
}

/**
 * A seeded person file with ground truth, for measuring matchers: people with Zipf-distributed
 * names (so namesakes exist), and records corrupted in the manner of the FEBRL generator
 * (Christen & Pudjijono): typos by neighbouring keys, spelling variants, swapped names, missing
 * fields, mistyped or replaced e-mails, day/month swaps, changed phones and postcodes, plus a
 * few junk shared e-mails.
 */
export function syntheticPersonFile(options: PersonFileOptions): SyntheticPersonFile {
  const rng = new Rng(`person-file:${options.seed}`);
  const extra = options.extraCorruptions ?? 2.5;
  const taken = new Set<string>();
  const rows: string[][] = [];
  const person: number[] = [];
  const source: number[] = [];
  const corrupted = (p: Person) => {
    const f = baseRecord(rng, p);
    const edits = 1 + Math.min(3, rng.poisson(extra));
    for (let e = 0; e < edits; e++) corruptOnce(rng, f, p, taken);
    if (rng.chance(0.004)) f[3] = 'test@test.com';
    return casing(rng, f);
  };
  for (let k = 0; k < options.people; k++) {
    const p = createPerson(rng, taken);
    if (options.mode === 'link') {
      rows.push(baseRecord(rng, p));
      person.push(k);
      source.push(0);
      rows.push(corrupted(p));
      person.push(k);
      source.push(1);
      continue;
    }
    const copies = 1 + rng.weightedIndex([0.25, 0.35, 0.25, 0.15]);
    rows.push(casing(rng, baseRecord(rng, p)));
    person.push(k);
    for (let c = 1; c < copies; c++) {
      rows.push(corrupted(p));
      person.push(k);
    }
  }
  // Shuffle so that a person's records are not neighbours, then number them.
  const order = rows.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return {
    rows: order.map((i, n) => [`R${String(n + 1).padStart(7, '0')}`, ...rows[i]!]),
    person: Int32Array.from(order, (i) => person[i]!),
    source: options.mode === 'link' ? Uint8Array.from(order, (i) => source[i]!) : undefined,
  };
}
