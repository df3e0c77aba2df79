import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { openStore, sqlIdent, sqlString } from '../store/index.js';
import { autoMapColumns, FIELD_KINDS, isFieldKind, type FieldKind } from './match/fields.js';
import { matchRecords, probabilityFromWeight, type MatchResult } from './match/matcher.js';
import type { PersonFile } from './match/prepare.js';

/** A person file that cannot be matched as asked (missing file or column, no usable field). */
export class DedupeInputError extends Error {
  override name = 'DedupeInputError';
}

export interface DedupeFileOptions {
  csv: string;
  idColumn: string;
  /** Field kinds to use ("email", auto-mapped by column name) or explicit "kind=Column"; default: every auto-mapped field. */
  fields?: readonly string[];
  threshold?: number;
  reviewFrom?: number;
  out: string;
  review?: string;
  seed?: number;
  onProgress?: (phase: string) => void;
}

export interface DedupeFileReport {
  file: string;
  records: number;
  idColumn: string;
  duplicateIds: number;
  /** Field kind → the file's column it was read from. */
  fields: Partial<Record<FieldKind, string>>;
  possiblePairs: number;
  pairsCompared: number;
  blocking: MatchResult['blocking'];
  model: {
    probabilityTwoRandomRecordsMatch: number;
    uPairsSampled: number;
    comparisons: { field: string; estimatedBy: string[]; levels: { level: string; m: number; u: number; weight: number }[] }[];
    sessions: MatchResult['model']['sessions'];
  };
  threshold: number;
  reviewFrom: number;
  matchedPairs: number;
  clusters: number;
  /** Records in clusters of two or more. */
  recordsInSharedClusters: number;
  reviewPairs: number;
  out: string;
  review: string | null;
  seconds: MatchResult['seconds'] & { read: number; write: number };
}

/** Which column feeds each field kind: explicit kind=Column entries, else the auto-mapping (filtered by the kinds asked for). */
function chooseColumns(columns: readonly string[], idColumn: string, fields: readonly string[] | undefined): Partial<Record<FieldKind, string>> {
  const auto = autoMapColumns(columns, [idColumn]);
  if (!fields || fields.length === 0) return auto;
  const chosen: Partial<Record<FieldKind, string>> = {};
  for (const entry of fields) {
    const [kind, column] = entry.split('=').map((s) => s.trim()) as [string, string | undefined];
    const k = kind === 'last_name' ? 'surname' : kind === 'date_of_birth' ? 'dob' : kind;
    if (!isFieldKind(k)) throw new DedupeInputError(`--fields: ${kind} is not a field kind; use ${FIELD_KINDS.join(', ')} (or kind=Column)`);
    const from = column ?? auto[k];
    if (!from) throw new DedupeInputError(`--fields: no column for ${k} in the file (it has: ${columns.join(', ')}); name one with ${k}=Column`);
    if (!columns.includes(from)) throw new DedupeInputError(`--fields: ${from} is not a column of the file (it has: ${columns.join(', ')})`);
    chosen[k] = from;
  }
  return chosen;
}

/** Reads the id and the person fields with DuckDB's CSV reader, every value as text. */
async function readPersonCsv(options: DedupeFileOptions): Promise<{ ids: string[]; file: PersonFile; mapping: Partial<Record<FieldKind, string>> }> {
  if (!(existsSync(options.csv) && statSync(options.csv).isFile())) throw new DedupeInputError(`--csv ${options.csv}: no such file`);
  const store = await openStore({ location: ':memory:' });
  try {
    const reader = `read_csv(${sqlString(options.csv)}, all_varchar = true, header = true)`;
    let columns: string[];
    try {
      ({ columns } = await store.queryWithColumns(`SELECT * FROM ${reader} LIMIT 0`));
    } catch (err) {
      throw new DedupeInputError(`${options.csv} could not be read as CSV: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
    if (!columns.includes(options.idColumn)) throw new DedupeInputError(`--id ${options.idColumn}: no such column in ${options.csv} (it has: ${columns.join(', ')})`);
    const mapping = chooseColumns(columns, options.idColumn, options.fields);
    const kinds = Object.keys(mapping) as FieldKind[];
    if (kinds.length === 0) {
      throw new DedupeInputError(`${options.csv} has no column the matcher recognises (it has: ${columns.join(', ')}); name them with --fields, e.g. --fields first_name=Vorname,surname=Nachname,dob=Geburtstag`);
    }
    const select = [`${sqlIdent(options.idColumn)} AS id`, ...kinds.map((k, n) => `${sqlIdent(mapping[k]!)} AS f${n}`)].join(', ');
    const rows = await store.query<Record<string, string | null>>(`SELECT ${select} FROM ${reader}`);
    const fields: PersonFile['fields'] = {};
    kinds.forEach((k, n) => {
      fields[k] = rows.map((r) => r[`f${n}`] ?? null);
    });
    return { ids: rows.map((r) => r['id'] ?? ''), file: { fields }, mapping };
  } finally {
    await store.close();
  }
}

function csvField(value: string | number): string {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * `cairn identity dedupe`: reads any person CSV, matches its records, writes each record's id
 * with its cluster id (the id of the cluster's first record), and optionally the borderline
 * pairs for review with the fields that decided them.
 */
export async function dedupeFile(options: DedupeFileOptions): Promise<DedupeFileReport> {
  const started = performance.now();
  options.onProgress?.('reading the file');
  const { ids, file, mapping } = await readPersonCsv(options);
  if (ids.length < 2) throw new DedupeInputError(`${options.csv} has ${ids.length} record${ids.length === 1 ? '' : 's'}: nothing to deduplicate`);
  const read = (performance.now() - started) / 1000;
  let lastPhase = '';
  let result: MatchResult;
  try {
    result = matchRecords(file, {
      threshold: options.threshold,
      reviewFrom: options.reviewFrom,
      seed: options.seed,
      onProgress: (phase) => {
        if (phase !== lastPhase) options.onProgress?.(phase);
        lastPhase = phase;
      },
    });
  } catch (err) {
    if (err instanceof Error && err.name === 'MatchInputError') throw new DedupeInputError(`${options.csv}: ${err.message}`);
    throw err;
  }
  const writeStart = performance.now();
  options.onProgress?.('writing clusters');
  const lines = [`${csvField(options.idColumn)},cluster_id`];
  for (let i = 0; i < ids.length; i++) lines.push(`${csvField(ids[i]!)},${csvField(ids[result.clusters[i]!]!)}`);
  await writeFile(options.out, `${lines.join('\n')}\n`);
  if (options.review) {
    const review = ['left_id,right_id,match_probability,match_weight,evidence'];
    for (const p of result.review) {
      const w = result.pairs.weight[p]!;
      const evidence = result.explain(p).map((e) => `${e.field} ${e.level} ${e.weight >= 0 ? '+' : ''}${e.weight.toFixed(1)}`).join('; ');
      review.push([ids[result.pairs.left[p]!]!, ids[result.pairs.right[p]!]!, probabilityFromWeight(w).toFixed(4), w.toFixed(2), evidence].map(csvField).join(','));
    }
    await writeFile(options.review, `${review.join('\n')}\n`);
  }
  const write = (performance.now() - writeStart) / 1000;
  const size = new Map<number, number>();
  for (const c of result.clusters) size.set(c, (size.get(c) ?? 0) + 1);
  let shared = 0;
  for (const n of size.values()) if (n > 1) shared += n;
  return {
    file: options.csv,
    records: result.records,
    idColumn: options.idColumn,
    duplicateIds: ids.length - new Set(ids).size,
    fields: mapping,
    possiblePairs: result.possiblePairs,
    pairsCompared: result.pairsCompared,
    blocking: result.blocking,
    model: {
      probabilityTwoRandomRecordsMatch: result.model.lambda,
      uPairsSampled: result.model.uPairsSampled,
      comparisons: result.model.comparisons.map((c) => ({
        field: c.name,
        estimatedBy: c.estimatedBy,
        levels: c.levels.slice(1).map((l) => ({ level: l.label, m: l.m, u: l.u, weight: l.weight })),
      })),
      sessions: result.model.sessions,
    },
    threshold: result.threshold,
    reviewFrom: result.reviewFrom,
    matchedPairs: result.matchedPairs,
    clusters: result.clusterCount,
    recordsInSharedClusters: shared,
    reviewPairs: result.review.length,
    out: options.out,
    review: options.review ?? null,
    seconds: { ...result.seconds, read, write, total: (performance.now() - started) / 1000 },
  };
}
