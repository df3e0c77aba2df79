import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { generateShop } from '../../generate/index.js';
import { connectedComponents, pairwiseScores } from '../../identity/index.js';
import { matchStore } from '../../identity/run/match-store.js';
import { builtInSources, importFiles } from '../../ingest/index.js';
import { openStore, sqlString, type Store } from '../../store/index.js';
import type { BenchCase, BenchLine } from '../bench.js';

const round = (x: number, digits = 4) => +x.toFixed(digits);
const SECRET = Buffer.alloc(32, 5);

/**
 * The identify messages of events.jsonl: the only events that put person fields in the vault.
 * Importing the other ~980k events would take most of the case's time and change nothing it measures.
 */
async function identifyLines(from: string, to: string): Promise<void> {
  const out = createWriteStream(to);
  for await (const line of createInterface({ input: createReadStream(from), crlfDelay: Infinity })) {
    if (line.includes('"type":"identify"') && !out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function importAs(store: Store, file: string, source: string): Promise<void> {
  await importFiles(store, { files: [file], source: builtInSources.get(source)!, secret: SECRET });
}

/** Members with vault fields, each with the generator's person (truth) and whether it is a CRM member. */
async function truthOfMembers(store: Store, shop: string): Promise<{ member: string; person: string | null; crm: boolean }[]> {
  const truth = `read_csv(${sqlString(join(shop, 'truth', 'customers.csv'))}, all_varchar = true, header = true)`;
  return store.query(`
    WITH known AS (
      SELECT cairn_pseudonym('shop-crm', c) AS member, person_id FROM (SELECT person_id, unnest(string_split(crm_ids, ';')) AS c FROM ${truth} WHERE crm_ids <> '')
      UNION ALL SELECT cairn_pseudonym('user', user_id), person_id FROM ${truth} WHERE user_id <> ''
    )
    SELECT v.member, k.person_id AS person, v.member IN (SELECT customer_id FROM crm_records) AS crm
    FROM (SELECT DISTINCT customer_id AS member FROM pii_vault) v LEFT JOIN known k USING (member)
    ORDER BY v.member`);
}

/**
 * `cairn identity match --source crm` on the store of a demo-size generated shop (its CRM export
 * and web users' identify traits, imported), against the generator's truth: pairwise precision,
 * recall and F1 of the matched members once joined into people (what the identity graph does with
 * the pairs), and of the match pairs themselves; and the run's time.
 */
export const identityMatchStore: BenchCase = {
  name: 'identity-match-store',
  async *run(): AsyncIterable<BenchLine> {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-match-store-'));
    try {
      const shop = join(dir, 'shop');
      await generateShop({ customers: 5000, days: 365, seed: 42, out: shop });
      await identifyLines(join(shop, 'events.jsonl'), join(dir, 'identify.jsonl'));
      const store = await openStore({ location: join(dir, 'store.duckdb'), secret: SECRET.toString('hex') });
      try {
        await importAs(store, join(shop, 'crm.csv'), 'shop-crm');
        await importAs(store, join(dir, 'identify.jsonl'), 'segment');
        const report = await matchStore(store, { source: 'crm', secret: SECRET });
        const members = await truthOfMembers(store, shop);
        const index = new Map(members.map((m, i) => [m.member, i]));
        const pairs = await store.query<{ a: string; b: string }>(`SELECT member_a AS a, member_b AS b FROM identity_match_pairs WHERE run_id = ? AND status = 'match'`, [report.runId]);
        const left = Int32Array.from(pairs, (p) => index.get(p.a)!);
        const right = Int32Array.from(pairs, (p) => index.get(p.b)!);
        const people = new Map<string, number>();
        const truth = Int32Array.from(members, (m, i) => (m.person === null ? -1 - i : (people.get(m.person) ?? (people.set(m.person, people.size), people.size - 1))));
        const joined = pairwiseScores(connectedComponents(members.length, left, right, () => true, pairs.length), truth);
        // The pairs as written: true pairs are those with at least one CRM member (what the run decides).
        let truePairs = 0;
        const byPerson = new Map<number, { crm: number; other: number }>();
        members.forEach((m, i) => {
          const g = byPerson.get(truth[i]!) ?? { crm: 0, other: 0 };
          g[m.crm ? 'crm' : 'other']++;
          byPerson.set(truth[i]!, g);
        });
        for (const g of byPerson.values()) truePairs += (g.crm * (g.crm - 1)) / 2 + g.crm * g.other;
        const correct = pairs.filter((p) => truth[index.get(p.a)!] === truth[index.get(p.b)!]).length;
        const precision = pairs.length ? correct / pairs.length : 1;
        const recall = truePairs ? correct / truePairs : 1;
        yield {
          bench: 'identity-match-store',
          case: 'cairn identity match --source crm on the demo shop (cairn generate: 5,000 customers, 365 days, seed 42; crm.csv and the identify messages imported)',
          value: round(joined.f1),
          unit: `pairwise F1 of the members joined by match pairs (probability ≥ ${report.threshold})`,
          goal: { text: 'pairwise F1 ≥ 0.95 at the default threshold', met: joined.f1 >= 0.95 },
          details: {
            members: report.records,
            precision: round(joined.precision),
            recall: round(joined.recall),
            truePairs: joined.truePairs,
            matchPairs: { written: pairs.length, precision: round(precision), recall: round(recall), f1: round(precision + recall ? (2 * precision * recall) / (precision + recall) : 0), truePairs },
            reviewPairs: report.reviewPairs,
            pairsCompared: report.pairsCompared,
            possiblePairs: report.possiblePairs,
            probabilityTwoRandomRecordsMatch: report.model.probabilityTwoRandomRecordsMatch,
            seconds: Object.fromEntries(Object.entries(report.seconds).map(([k, v]) => [k, round(v, 2)])),
          },
        };
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
