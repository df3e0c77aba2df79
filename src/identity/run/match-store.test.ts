import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { smallShop } from '../../../test/small-shop.js';
import { tempDir } from '../../../test/temp.js';
import { openFieldsOfAll } from '../../privacy/index.js';
import { loadOrCreateSecret, openStore, type Store } from '../../store/index.js';
import type { MatchStoreReport } from './match-store.js';
import type { ReviewList, ReviewPair } from './review-pairs.js';

const tmp = tempDir('cairn-match-');
const db = join(tmp.dir, 'shop.duckdb');
let shop: Awaited<ReturnType<typeof smallShop>>;

/** Runs a store query with the CLI closed (DuckDB allows one process at a time). */
async function withDb<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ location: db });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function cli<T>(...args: string[]): Promise<T> {
  const r = await runCli('--db', db, '--json', ...args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** The true pairs among the members a CRM run compares: same person, at least one of them a CRM member. */
async function truePairs(): Promise<Set<string>> {
  const lines = readFileSync(join(shop.dir, 'truth', 'customers.csv'), 'utf8').trim().split('\n');
  const header = lines.shift()!.split(',');
  const userAt = header.indexOf('user_id');
  const crmAt = header.indexOf('crm_ids');
  return withDb(async (store) => {
    const withFields = new Set((await store.query<{ m: string }>('SELECT DISTINCT customer_id AS m FROM pii_vault')).map((r) => r.m));
    const pairs = new Set<string>();
    for (const line of lines) {
      const cells = line.split(',');
      const crm = cells[crmAt]!.split(';').filter(Boolean);
      if (crm.length === 0) continue;
      const ids: { id: string; crm: boolean }[] = [];
      for (const c of crm) ids.push({ id: (await store.query<{ m: string }>(`SELECT cairn_pseudonym('shop-crm', ?) AS m`, [c]))[0]!.m, crm: true });
      const user = cells[userAt];
      if (user) ids.push({ id: (await store.query<{ m: string }>(`SELECT cairn_pseudonym('user', ?) AS m`, [user]))[0]!.m, crm: false });
      const kept = ids.filter((x) => withFields.has(x.id));
      for (let i = 0; i < kept.length; i++) for (let j = i + 1; j < kept.length; j++) if (kept[i]!.crm || kept[j]!.crm) pairs.add(key(kept[i]!.id, kept[j]!.id));
    }
    return pairs;
  });
}

interface PairRow { member_a: string; member_b: string; status: string; decided_by: string; [k: string]: unknown }

const pairRows = () => withDb((store) => store.query<PairRow>('SELECT member_a, member_b, status, decided_by::VARCHAR AS decided_by FROM identity_match_pairs'));

beforeAll(async () => {
  shop = await smallShop(400, 60);
  for (const [file, source] of [['crm.csv', 'shop-crm'], ['events.jsonl', 'segment']] as const) {
    const r = await runCli('--db', db, '--json', 'import', join(shop.dir, file), '--source', source);
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);
afterAll(() => {
  shop.cleanup();
  tmp.cleanup();
});

describe('cairn identity match --source crm', () => {
  let report: MatchStoreReport;
  beforeAll(async () => {
    report = await cli<MatchStoreReport>('identity', 'match', '--source', 'crm');
  }, 120_000);

  it("finds the generator's people among CRM records and web users (pairwise precision ≥ 0.95, recall ≥ 0.9)", async () => {
    expect(report.runId).toMatch(/^match-\d{4}-\d{2}-\d{2}T/);
    expect(report.records.source).toBeGreaterThan(400 * 0.5);
    expect(report.records.others).toBeGreaterThan(50);
    expect(report.pairsCompared).toBeLessThan(report.possiblePairs / 20);
    expect(report.model.comparisons.map((c) => c.field)).toEqual(['first_name', 'surname', 'dob', 'email', 'phone', 'postcode', 'city']);

    const truth = await truePairs();
    const rows = await pairRows();
    const matched = rows.filter((r) => r.status === 'match').map((r) => key(r.member_a, r.member_b));
    expect(matched.length).toBe(report.matches);
    expect(rows.filter((r) => r.status === 'review').length).toBe(report.reviewPairs);
    for (const r of rows) expect(r.member_a < r.member_b).toBe(true);
    const correct = matched.filter((k) => truth.has(k)).length;
    const precision = correct / matched.length;
    const recall = correct / truth.size;
    console.info(`identity match on the 400-customer shop: ${truth.size} true pairs, ${matched.length} matched, precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}, ${report.reviewPairs} to review`);
    expect(truth.size).toBeGreaterThan(150);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('does not match two records on the junk e-mail test@test.com alone', async () => {
    const junk = await withDb(async (store) => {
      const opened = await openFieldsOfAll(store, loadOrCreateSecret(db), ['email']);
      return new Set(opened.rows.filter((r) => r.value.toLowerCase() === 'test@test.com').map((r) => r.customerId));
    });
    expect(junk.size).toBeGreaterThanOrEqual(2);
    const truth = await truePairs();
    const wrong = (await pairRows()).filter((r) => junk.has(r.member_a) && junk.has(r.member_b) && r.status === 'match' && !truth.has(key(r.member_a, r.member_b)));
    expect(wrong).toEqual([]);
  });

  it('stores and prints no personal value: member ids and field levels only', async () => {
    const crm = readFileSync(join(shop.dir, 'crm.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const emails = crm.map((c) => c[3]!.trim().toLowerCase()).filter((e) => e.includes('@'));
    const phones = crm.map((c) => c[4]!.replace(/\D/g, '').slice(-7)).filter((p) => p.length === 7 && !/^(\d)\1+$/.test(p));
    const stored = await withDb(async (store) => {
      const [row] = await store.query<{ t: string }>(
        `SELECT (SELECT string_agg(p::VARCHAR, '\n') FROM identity_match_pairs p) || (SELECT string_agg(r::VARCHAR, '\n') FROM identity_runs r) AS t`,
      );
      return row!.t.toLowerCase();
    });
    const review = await runCli('--db', db, '--json', 'identity', 'review', '--limit', '1000');
    const printed = `${JSON.stringify(report)}\n${review.stdout}\n${review.stderr}`.toLowerCase();
    for (const text of [stored, printed]) {
      for (const e of emails) expect(text.includes(e), 'an e-mail in the clear').toBe(false);
      for (const p of phones) expect(text.includes(p), 'a phone number in the clear').toBe(false);
    }
    // decided_by holds field names and the comparisons' fixed level labels, nothing else.
    const labels = new Map(report.model.comparisons.map((c) => [c.field, new Set(c.levels.map((l) => l.level))]));
    for (const r of await pairRows()) {
      const decided = JSON.parse(r.decided_by) as { field: string; level: string; weight: number }[];
      expect(decided.length).toBeGreaterThan(0);
      for (const d of decided) {
        expect(Object.keys(d).sort()).toEqual(['field', 'level', 'weight']);
        expect(labels.get(d.field)?.has(d.level), `${d.field}: ${d.level}`).toBe(true);
      }
    }
  });
});

describe('cairn identity review', () => {
  it('lists borderline pairs, and an accepted or rejected pair keeps its status when matching runs again', async () => {
    // A wide review band, so that the small shop has borderline pairs to decide.
    const run = await cli<MatchStoreReport>('identity', 'match', '--source', 'crm', '--review-from', '0.01', '--seed', '3');
    expect(run.reviewPairs).toBeGreaterThanOrEqual(2);
    const list = await cli<ReviewList>('identity', 'review', '--limit', '5');
    expect(list.total).toBe(run.reviewPairs);
    expect(list.pairs.length).toBe(Math.min(5, list.total));
    const [first, second] = list.pairs as [ReviewPair, ReviewPair];
    expect(first.probability).toBeGreaterThanOrEqual(second.probability);
    expect(first.probability).toBeLessThan(0.9);
    expect(first.evidence[0]).toMatch(/^[a-z_]+: .+ \([+-]\d+\.\d\)$/);

    const human = await runCli('--db', db, 'identity', 'review', '--limit', '2');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(`${first.memberA},${first.memberB}  p=`);

    const accepted = await cli<ReviewList & { decided: ReviewPair }>('identity', 'review', '--accept', `${first.memberB},${first.memberA}`);
    expect(accepted.decided).toMatchObject({ memberA: first.memberA, memberB: first.memberB, status: 'accepted' });
    expect(accepted.total).toBe(list.total - 1);
    const rejected = await cli<ReviewList & { decided: ReviewPair }>('identity', 'review', '--reject', `${second.memberA},${second.memberB}`);
    expect(rejected.decided.status).toBe('rejected');
    expect(rejected.pairs.some((p) => p.memberA === second.memberA && p.memberB === second.memberB)).toBe(false);

    const again = await cli<MatchStoreReport>('identity', 'match', '--source', 'crm', '--review-from', '0.01', '--seed', '3');
    expect(again.keptDecisions).toBe(2);
    expect(again.reviewPairs).toBe(run.reviewPairs - 2);
    const rows = await pairRows();
    const statuses = (p: ReviewPair) => rows.filter((r) => r.member_a === p.memberA && r.member_b === p.memberB).map((r) => r.status);
    expect(statuses(first)).toEqual(['accepted']);
    expect(statuses(second)).toEqual(['rejected']);
    // One machine verdict per pair: the new run replaced the old run's match and review rows.
    expect(new Set(rows.map((r) => key(r.member_a, r.member_b))).size).toBe(rows.length);

    const missing = await runCli('--db', db, 'identity', 'review', '--accept', 'c_nobody,c_noone');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no pair c_nobody,c_noone/);
  });

  it('refuses a source it cannot match, naming the ones it can', async () => {
    const r = await runCli('--db', db, 'identity', 'match', '--source', 'pos');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--source pos is not supported: use crm/);
  });
});
