import type { FieldKind } from './fields.js';
import { PairBuffer } from './pair-buffer.js';
import { sortByKeyHash, type PreparedRecords } from './prepare.js';

/**
 * A blocking rule: records are compared only when they share the rule's key. A rule whose key
 * is null for a record (a field missing) never pairs it.
 */
export interface BlockingRule {
  name: string;
  /** Fields the rule needs in the input to be used at all. */
  needs: readonly FieldKind[];
  key(r: PreparedRecords, i: number): string | null;
}

const initial = (s: string | null): string | null => (s ? s[0] ?? null : null);
const year = (dob: string | null): string | null => (dob ? dob.slice(0, 4) : null);

/** Soundex of first name and surname in either order, so a swapped record keeps its key. */
function nameSet(r: PreparedRecords, i: number): string | null {
  const a = r.firstSoundex[i] ?? '';
  const b = r.surnameSoundex[i] ?? '';
  if (!a || !b) return null;
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** First letters of first name and surname, sorted ("m|w" for both Werner Müller and Müller Werner). */
function initials(r: PreparedRecords, i: number): string | null {
  const a = initial(r.first[i] ?? null);
  const b = initial(r.surname[i] ?? null);
  if (!a || !b) return null;
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

const join = (...parts: (string | null | undefined)[]): string | null => (parts.some((p) => !p) ? null : parts.join('\u0001'));

/**
 * The rules that choose candidate pairs (their union, each pair once). Each catches what the
 * others miss: typos in names (the e-mail, phone and address rules), a changed e-mail (the name
 * rules), swapped names (soundex and initials in either order), a typo in a name's first letter
 * (dob + city).
 */
export const PREDICTION_RULES: readonly BlockingRule[] = [
  { name: 'name soundex (either order) + birth year', needs: ['first_name', 'surname', 'dob'], key: (r, i) => join(nameSet(r, i), year(r.dob[i] ?? null)) },
  { name: 'same e-mail', needs: ['email'], key: (r, i) => r.email[i] ?? null },
  { name: 'same e-mail local part', needs: ['email'], key: (r, i) => { const l = r.emailLocal[i]; return l && l.length >= 4 ? l : null; } },
  { name: 'same phone last 8 digits', needs: ['phone'], key: (r, i) => { const p = r.phone[i]; return p && p.length >= 8 ? p.slice(-8) : null; } },
  { name: 'postcode + initials (either order)', needs: ['postcode', 'first_name', 'surname'], key: (r, i) => join(r.postcode[i], initials(r, i)) },
  { name: 'address + initials (either order)', needs: ['address', 'first_name', 'surname'], key: (r, i) => join(r.address[i], initials(r, i)) },
  { name: 'date of birth + city', needs: ['dob', 'city'], key: (r, i) => join(r.dob[i], r.city[i]) },
  { name: 'date of birth + surname initial', needs: ['dob', 'surname'], key: (r, i) => join(r.dob[i], initial(r.surname[i] ?? null)) },
  { name: 'name soundex (either order) + city', needs: ['first_name', 'surname', 'city'], key: (r, i) => join(nameSet(r, i), r.city[i]) },
  { name: 'name soundex (either order) + postcode district', needs: ['first_name', 'surname', 'postcode'], key: (r, i) => join(nameSet(r, i), r.postcodeOutward[i]) },
];

/** The rules whose fields are all in the input. */
export function usableRules(r: PreparedRecords, rules: readonly BlockingRule[] = PREDICTION_RULES): BlockingRule[] {
  return rules.filter((rule) => rule.needs.every((f) => r.present.has(f)));
}

/** Records grouped by one rule's key: `order` lists record indices block by block. */
export interface Blocks {
  /** Each record's block id, -1 when its key is null. */
  blockOf: Int32Array;
  /** Start of each block in `order` (length blocks + 1). */
  starts: Int32Array;
  order: Int32Array;
}

/**
 * Groups records by a rule's key: each key is hashed and packed with the record's index into one
 * float (hash in the high bits), and the floats are sorted, so equal keys end up next to each
 * other with no Map of strings. For 1M records a Map took 0.7 s a rule and most of the garbage
 * collector's time; the sort takes about 0.15 s. Two keys that share a hash share a block: that
 * only adds candidate pairs (their comparisons tell them apart), it never loses one.
 */
export function groupByKey(r: PreparedRecords, rule: BlockingRule): Blocks {
  const n = r.count;
  const { sorted, scale } = sortByKeyHash(n, (i) => rule.key(r, i));
  const used = sorted.length;
  const blockOf = new Int32Array(n).fill(-1);
  const order = new Int32Array(used);
  const starts: number[] = [];
  let previous = -1;
  for (let x = 0; x < used; x++) {
    const v = sorted[x]!;
    const hash = Math.floor(v / scale);
    const i = v - hash * scale;
    if (hash !== previous) {
      starts.push(x);
      previous = hash;
    }
    order[x] = i;
    blockOf[i] = starts.length - 1;
  }
  starts.push(used);
  return { blockOf, starts: Int32Array.from(starts), order };
}

export interface RuleReport {
  rule: string;
  /** New pairs this rule added (pairs an earlier rule already found are not counted again). */
  pairs: number;
  blocks: number;
  /** Blocks larger than maxBlockSize, left out (e.g. a junk e-mail shared by thousands). */
  oversizedBlocks: number;
  oversizedRecords: number;
}

export interface CandidatePairs {
  left: Int32Array;
  right: Int32Array;
  count: number;
  rules: RuleReport[];
}

export interface BlockingOptions {
  /** Blocks with more records than this are skipped (default 1000). */
  maxBlockSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * The union of the rules' pairs, each pair once: a pair is emitted by the first rule (in order)
 * whose key the two records share and whose block was not skipped. In link mode (records with
 * a source) only pairs across the two sources are made.
 */
export function candidatePairs(r: PreparedRecords, rules: readonly BlockingRule[], options: BlockingOptions = {}): CandidatePairs {
  const maxBlock = options.maxBlockSize ?? 500;
  const source = r.source;
  const buffer = new PairBuffer();
  const earlier: { blockOf: Int32Array; emitted: Uint8Array }[] = [];
  const reports: RuleReport[] = [];
  for (let k = 0; k < rules.length; k++) {
    const rule = rules[k]!;
    const blocks = groupByKey(r, rule);
    const blockCount = blocks.starts.length - 1;
    const emitted = new Uint8Array(blockCount);
    const report: RuleReport = { rule: rule.name, pairs: 0, blocks: 0, oversizedBlocks: 0, oversizedRecords: 0 };
    for (let b = 0; b < blockCount; b++) {
      const from = blocks.starts[b]!;
      const to = blocks.starts[b + 1]!;
      const size = to - from;
      if (size < 2) continue;
      if (size > maxBlock) {
        report.oversizedBlocks++;
        report.oversizedRecords += size;
        continue;
      }
      emitted[b] = 1;
      report.blocks++;
      for (let x = from; x < to; x++) {
        const i = blocks.order[x]!;
        for (let y = x + 1; y < to; y++) {
          const j = blocks.order[y]!;
          if (source && source[i] === source[j]) continue;
          let seen = false;
          for (const e of earlier) {
            const bi = e.blockOf[i]!;
            if (bi >= 0 && bi === e.blockOf[j] && e.emitted[bi] === 1) {
              seen = true;
              break;
            }
          }
          if (seen) continue;
          // Keep (left, right) in one orientation: the lower index on the left.
          if (i < j) buffer.push(i, j);
          else buffer.push(j, i);
          report.pairs++;
        }
      }
    }
    earlier.push({ blockOf: blocks.blockOf, emitted });
    reports.push(report);
    options.onProgress?.(k + 1, rules.length);
  }
  return { ...buffer.finish(), rules: reports };
}
