import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateShop } from '../../generate/index.js';
import { evaluateGraph, matchStore, resolveIdentities, type GraphScores } from '../../identity/index.js';
import { builtInSources, importFiles } from '../../ingest/index.js';
import { openStore, type Store } from '../../store/index.js';
import type { BenchCase, BenchLine } from '../bench.js';

const round = (x: number, digits = 4) => +x.toFixed(digits);
const SECRET = Buffer.alloc(32, 9);

async function importAs(store: Store, file: string, source: string): Promise<void> {
  await importFiles(store, { files: [file], source: builtInSources.get(source)!, secret: SECRET });
}

function scores(s: GraphScores) {
  return { units: s.units, precision: round(s.precision), recall: round(s.recall), f1: round(s.f1), truePairs: s.truePairs, predictedPairs: s.predictedPairs };
}

/**
 * The identity graph on the demo shop (5,000 people, ~1M events, the CRM export with duplicates
 * and junk e-mails, till receipts), against the generator's truth: pairwise precision and recall
 * of web accounts, CRM records and anonymous ids resolved into people, with the deterministic
 * links alone and with the record matcher's pairs; and identity resolution of 10M events over 1M
 * anonymous ids (synthesised in SQL) against the 30 s goal.
 */
export const identityGraph: BenchCase = {
  name: 'identity-graph',
  async *run(): AsyncIterable<BenchLine> {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-graph-'));
    try {
      const shop = join(dir, 'shop');
      await generateShop({ customers: 5000, days: 365, seed: 42, out: shop });
      const store = await openStore({ location: join(dir, 'store.duckdb'), secret: SECRET.toString('hex') });
      try {
        await importAs(store, join(shop, 'events.jsonl'), 'segment');
        await importAs(store, join(shop, 'pos_orders.csv'), 'shop-pos');
        await importAs(store, join(shop, 'crm.csv'), 'shop-crm');
        const truth = join(shop, 'truth', 'customers.csv');
        const deterministic = await resolveIdentities(store);
        const before = await evaluateGraph(store, truth);
        const t0 = performance.now();
        const match = await matchStore(store, { source: 'crm', secret: SECRET });
        const resolved = await resolveIdentities(store);
        const matchSeconds = (performance.now() - t0) / 1000;
        const after = await evaluateGraph(store, truth);
        const met = after.members.precision >= 0.99 && after.members.recall >= 0.95;
        // Web accounts that never identified themselves in the period have nothing to join them by.
        yield {
          bench: 'identity-graph',
          case: 'demo shop: accounts and CRM records into people',
          value: round(after.members.f1),
          unit: 'pairwise F1 (web accounts + CRM records)',
          peer: { name: 'deterministic links alone (no record matcher)', value: round(before.members.f1), unit: 'pairwise F1' },
          goal: { text: 'graph precision ≥ 0.99 and recall ≥ 0.95', met },
          details: {
            members: scores(after.members),
            linkableMembers: scores(after.linkable),
            withAnonymousIds: scores(after.all),
            deterministicOnly: { members: scores(before.members), withAnonymousIds: scores(before.all) },
            customers: resolved.customers,
            conflicts: resolved.conflicts,
            recordMatches: match.matches,
            reviewPairs: match.reviewPairs,
            seconds: { resolveFirst: round(deterministic.seconds, 2), matchAndResolve: round(matchSeconds, 2), resolveAgain: round(resolved.seconds, 2) },
          },
        };
      } finally {
        await store.close();
      }
      yield await atScale(join(dir, 'scale.duckdb'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/**
 * 10M events of 1M anonymous ids on 700k devices, 300k accounts that logged in on one or more of
 * their cookies, written straight into the tables in SQL (the import is measured elsewhere).
 */
async function atScale(location: string): Promise<BenchLine> {
  const events = Number(process.env['CAIRN_BENCH_GRAPH_EVENTS'] ?? 10_000_000);
  const anons = Math.round(events / 10);
  const users = Math.round(anons * 0.3);
  const store = await openStore({ location, secret: SECRET.toString('hex') });
  try {
    await store.exec(`
      INSERT INTO customers (customer_id, first_seen, last_seen, source)
        SELECT 'm' || u, TIMESTAMP '2026-01-01' + INTERVAL (u % 300) DAY, TIMESTAMP '2026-12-01', 'bench' FROM range(${String(users)}) t(u);
      INSERT INTO identities (kind, value_hash, customer_id, source)
        SELECT 'user_id', 'u' || u, 'm' || u, 'bench' FROM range(${String(users)}) t(u);
      INSERT INTO identities (kind, value_hash, customer_id, source)
        SELECT 'email', 'e' || u, 'm' || u, 'bench' FROM range(${String(users)}) t(u);
      -- Logins: an account's cookie a = u*3 (and a second one for every fourth account).
      INSERT INTO identities (kind, value_hash, customer_id, source)
        SELECT 'anonymous_id', cairn_hmac('a' || (u * 3 % ${String(anons)})), 'm' || u, 'bench' FROM range(${String(users)}) t(u)
        UNION ALL SELECT 'anonymous_id', cairn_hmac('a' || ((u * 3 + 1) % ${String(anons)})), 'm' || u, 'bench' FROM range(${String(users)}) t(u) WHERE u % 4 = 0;
      INSERT INTO events (event_id, ts, received_at, type, name, anonymous_id, customer_id, source, context)
        SELECT 'e' || i, TIMESTAMP '2026-01-01' + INTERVAL (i % 31536000) SECOND, TIMESTAMP '2026-01-01', 'track', 'Product Viewed',
          'a' || (i % ${String(anons)}), NULL, 'bench', json_object('device', json_object('id', 'd' || ((i % ${String(anons)}) * 7 // 10)))
        FROM range(${String(events)}) t(i);`);
    const t0 = performance.now();
    const r = await resolveIdentities(store);
    const seconds = (performance.now() - t0) / 1000;
    return {
      bench: 'identity-graph',
      case: `resolve ${String(events / 1e6)}M events, ${String(anons / 1e6)}M anonymous ids`,
      value: round(seconds, 2),
      unit: 's',
      goal: { text: 'identity resolution of 10M events / 1M anonymous ids ≤ 30 s', met: events >= 10_000_000 && seconds <= 30 },
      details: { members: r.members, customers: r.customers, anonymousIds: r.anonymousIds, devices: r.devices, links: r.links, anonymousAttributed: r.anonymousAttributed, rows: r.rows },
    };
  } finally {
    await store.close();
  }
}
