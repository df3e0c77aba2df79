import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateShop } from '../../generate/index.js';
import {
  blockingRecall,
  connectedComponents,
  exactRuleClusters,
  matchRecords,
  pairwiseScores,
  syntheticPersonFile,
  type MatchResult,
  type PersonFile,
} from '../../identity/index.js';
import { openStore, sqlString } from '../../store/index.js';
import type { BenchCase, BenchLine } from '../bench.js';

const THRESHOLDS = [0.5, 0.8, 0.9, 0.95, 0.99];
const DEFAULT_THRESHOLD = 0.9;
const round = (x: number, digits = 4) => +x.toFixed(digits);

/** Reads a CSV with DuckDB's reader, every value as text. */
async function readCsv(path: string): Promise<Record<string, string | null>[]> {
  const store = await openStore({ location: ':memory:' });
  try {
    return await store.query<Record<string, string | null>>(`SELECT * FROM read_csv(${sqlString(path)}, all_varchar = true, header = true)`);
  } finally {
    await store.close();
  }
}

/** F1 and friends at several thresholds, plus the exact-rules baseline, on one file with truth. */
function accuracy(result: MatchResult, truth: Int32Array, source?: Uint8Array) {
  const { left, right, weight, count } = result.pairs;
  const sweep = THRESHOLDS.map((t) => {
    const cut = Math.log2(t / (1 - t));
    const s = pairwiseScores(connectedComponents(result.records, left, right, (p) => weight[p]! >= cut, count), truth, source);
    return { threshold: t, precision: round(s.precision), recall: round(s.recall), f1: round(s.f1) };
  });
  const baseline = pairwiseScores(exactRuleClusters(result.prepared), truth, source);
  return {
    at: pairwiseScores(result.clusters, truth, source),
    sweep,
    baseline,
    blockingRecall: blockingRecall(truth, left, right, count, source),
  };
}

function line(name: string, result: MatchResult, truth: Int32Array, goal: number, extra: Record<string, unknown>, source?: Uint8Array): BenchLine {
  const a = accuracy(result, truth, source);
  return {
    bench: 'identity-match',
    case: name,
    value: round(a.at.f1),
    unit: `pairwise F1 at match probability ≥ ${result.threshold}`,
    peer: { name: 'exact-match rules (same e-mail, or phone, or first name + surname + date of birth)', value: round(a.baseline.f1), unit: 'pairwise F1' },
    goal: { text: `pairwise F1 ≥ ${goal} at the default threshold`, met: a.at.f1 >= goal },
    details: {
      ...extra,
      records: result.records,
      truePairs: a.at.truePairs,
      precision: round(a.at.precision),
      recall: round(a.at.recall),
      baseline: { precision: round(a.baseline.precision), recall: round(a.baseline.recall) },
      blockingRecall: round(a.blockingRecall),
      pairsCompared: result.pairsCompared,
      possiblePairs: result.possiblePairs,
      thresholds: a.sweep,
      probabilityTwoRandomRecordsMatch: result.model.lambda,
      seconds: round(result.seconds.total, 2),
    },
  };
}

async function generatorCrm(dir: string): Promise<BenchLine> {
  const shop = join(dir, 'shop');
  await generateShop({ customers: 3000, days: 60, seed: 42, out: shop });
  const rows = await readCsv(join(shop, 'crm.csv'));
  const people = await readCsv(join(shop, 'truth', 'customers.csv'));
  const personOf = new Map<string, number>();
  people.forEach((p, k) => {
    for (const id of (p['crm_ids'] ?? '').split(';')) if (id) personOf.set(id, k);
  });
  const truth = Int32Array.from(rows, (r, i) => personOf.get(r['crm_id'] ?? '') ?? -1 - i);
  const column = (c: string) => rows.map((r) => r[c] ?? null);
  const file: PersonFile = {
    fields: { first_name: column('first_name'), surname: column('last_name'), dob: column('date_of_birth'), email: column('email'), phone: column('phone'), postcode: column('postcode'), city: column('city') },
  };
  const result = matchRecords(file, { threshold: DEFAULT_THRESHOLD });
  return line('generator CRM export (cairn generate --customers 3000 --days 60 --seed 42)', result, truth, 0.95, {});
}

function noisyFile(people: number): BenchLine {
  const f = syntheticPersonFile({ people, seed: 5 });
  const column = (k: number) => f.rows.map((r) => r[k] ?? null);
  const file: PersonFile = {
    fields: { first_name: column(1), surname: column(2), dob: column(3), email: column(4), phone: column(5), postcode: column(6), city: column(7), address: column(8) },
  };
  const result = matchRecords(file, { threshold: DEFAULT_THRESHOLD });
  return line(`noisy person file never seen before (${people.toLocaleString('en-US')} people, 1–4 records each, FEBRL-style corruption)`, result, f.person, 0.85, {});
}

function scale(people: number): BenchLine {
  const started = performance.now();
  const f = syntheticPersonFile({ people, seed: 8, mode: 'link' });
  const generateSeconds = (performance.now() - started) / 1000;
  const column = (k: number) => f.rows.map((r) => r[k] ?? null);
  const file: PersonFile = {
    fields: { first_name: column(1), surname: column(2), dob: column(3), email: column(4), phone: column(5), postcode: column(6), city: column(7), address: column(8) },
    source: f.source,
  };
  const memoryBefore = process.memoryUsage().rss;
  const result = matchRecords(file, { threshold: DEFAULT_THRESHOLD });
  const peakRss = Math.max(memoryBefore, process.memoryUsage().rss);
  const scores = pairwiseScores(result.clusters, f.person, f.source);
  const n = people.toLocaleString('en-US');
  return {
    bench: 'identity-match',
    case: `link ${n} CRM records against ${n} customers (one core of a 2-core machine shared with other work)`,
    value: round(result.seconds.total, 1),
    unit: 's',
    peer: { name: 'Splink on DuckDB, published: "a million records on a laptop in around a minute" (not installable here: no pip)', value: 60, unit: 's for 1M' },
    goal: { text: '1M against 1M in ≤ 60 s', met: people >= 1_000_000 && result.seconds.total <= 60 },
    details: {
      records: result.records,
      pairsCompared: result.pairsCompared,
      pairsPerSecondScored: Math.round(result.pairsCompared / Math.max(1e-9, result.seconds.scoring)),
      seconds: Object.fromEntries(Object.entries(result.seconds).map(([k, v]) => [k, round(v, 2)])),
      generateSeconds: round(generateSeconds, 1),
      rssMB: Math.round(peakRss / 1e6),
      f1: round(scores.f1),
      precision: round(scores.precision),
      recall: round(scores.recall),
    },
  };
}

/**
 * The record matcher's accuracy against ground truth, beside exact-match rules in the same run:
 * the generator's CRM export, and a noisier FEBRL-style person file it has never seen; then its
 * time to link two files of CRM records and customers (CAIRN_BENCH_IDENTITY_PEOPLE people each
 * side: 1,000,000 by default, 100,000 with CAIRN_BENCH_BIG=0).
 */
export const identityMatch: BenchCase = {
  name: 'identity-match',
  async *run(): AsyncIterable<BenchLine> {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-identity-'));
    try {
      yield await generatorCrm(dir);
      yield noisyFile(20_000);
      // 1M a side runs here in about 2 minutes and 3 GB; CAIRN_BENCH_BIG=0 (quick runs) links 100k.
      const big = process.env['CAIRN_BENCH_BIG'] !== '0';
      yield scale(Number(process.env['CAIRN_BENCH_IDENTITY_PEOPLE'] ?? (big ? 1_000_000 : 100_000)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
