import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoImports } from '../../cli/demo-plan.js';
import { generateShop } from '../../generate/index.js';
import { resolveIdentities } from '../../identity/index.js';
import { expandFiles, importFiles, resolveSource } from '../../ingest/index.js';
import { rocAuc, topDecileLift, type ClassifierKind } from '../../models/classify/index.js';
import { scoreSnapshot } from '../../models/run/customer-scorer.js';
import { customerSnapshot } from '../../models/run/training-set.js';
import { trainOnStore } from '../../models/run/train-store.js';
import { hmacHex, loadOrCreateSecret, openStore, type Store } from '../../store/index.js';
import type { BenchCase, BenchLine } from '../bench.js';

const SHOP = { customers: 3000, days: 540, seed: 7, start: '2024-01-01' };
const HORIZON = 90;

/**
 * Churn on a generated shop (imported and resolved as `cairn demo` does): the store's churn model
 * (no order in the next 90 days, time split) scores every customer as of the data's end, and its
 * score is judged against the generator's hidden truth, whether the person had really dropped out
 * by then (BG/NBD dropout after a purchase): ROC AUC and top-decile lift, beside days since the
 * last order alone as the naive score. The model's own test metrics (against observed orders)
 * are in the details.
 */
export const modelChurn: BenchCase = {
  name: 'model-churn',
  async *run(): AsyncIterable<BenchLine> {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-churn-'));
    try {
      const out = join(dir, 'shop');
      const started = performance.now();
      await generateShop({ ...SHOP, out });
      const location = join(dir, 'shop.duckdb');
      const store = await openStore({ location });
      try {
        const secret = loadOrCreateSecret(location);
        for (const { file, source } of demoImports(out)) {
          const files = await expandFiles([file]);
          await importFiles(store, { files, source: await resolveSource(source, files), secret });
        }
        await resolveIdentities(store);
        const prepareSeconds = (performance.now() - started) / 1000;
        const truth = await dropouts(store, out, secret);
        for (const kind of ['gbdt', 'logistic'] as const) yield await judge(store, kind, truth, prepareSeconds);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

async function judge(store: Store, kind: ClassifierKind, truth: Map<string, number | null>, prepareSeconds: number): Promise<BenchLine> {
  const started = performance.now();
  const trained = await trainOnStore(store, { kind, horizonDays: HORIZON, write: false });
  const trainSeconds = (performance.now() - started) / 1000;
  const { windows } = trained.result;
  const now = await customerSnapshot(store, { asOf: windows.dataEnd, target: { kind: 'churn' }, horizonDays: HORIZON });
  const scores = scoreSnapshot(trained, now);
  const cut = Date.parse(`${windows.dataEnd}T00:00:00Z`);
  const keep: number[] = [];
  now.customerIds.forEach((id, i) => {
    if (truth.has(id)) keep.push(i);
  });
  const y = Uint8Array.from(keep, (i) => {
    const churned = truth.get(now.customerIds[i]!);
    return churned !== null && churned !== undefined && churned < cut ? 1 : 0;
  });
  const model = Float64Array.from(keep, (i) => scores[i]!);
  const recency = now.columns['recency_days'] as Float64Array;
  const naive = Float64Array.from(keep, (i) => recency[i]!);
  const auc = rocAuc(y, model);
  const naiveAuc = rocAuc(y, naive);
  const lift = topDecileLift(y, model);
  let dropped = 0;
  for (const v of y) dropped += v;
  return {
    bench: 'model-churn',
    case: `churn (${kind}, ${HORIZON}-day horizon) against the generator's true dropouts, ${SHOP.customers} people × ${SHOP.days} days`,
    value: +auc.toFixed(3),
    unit: 'ROC AUC',
    peer: { name: 'days since the last order alone', value: +naiveAuc.toFixed(3), unit: 'ROC AUC' },
    goal: { text: 'ROC AUC against the true dropouts ≥ 0.8 and above days-since-last-order alone', met: auc >= 0.8 && auc > naiveAuc },
    details: {
      asOf: windows.dataEnd,
      customersScored: now.customerIds.length,
      customersWithTruth: keep.length,
      trulyDropped: dropped,
      topDecile: { lift: +lift.lift.toFixed(2), captureRate: +lift.captureRate.toFixed(3), naiveLift: +topDecileLift(y, naive).lift.toFixed(2) },
      test: {
        asOf: windows.test,
        rocAuc: +trained.result.test.rocAuc.toFixed(3),
        prAuc: +trained.result.test.prAuc.toFixed(3),
        brier: +trained.result.test.brier.toFixed(4),
        topDecileLift: +trained.result.test.topDecile.lift.toFixed(2),
        balance: trained.result.balance,
      },
      windows,
      fit: { iterations: trained.result.fit.iterations, stop: trained.result.fit.stop },
      importance: trained.result.importance.slice(0, 8).map((x) => x.feature),
      seconds: { prepareShop: +prepareSeconds.toFixed(1), train: +trainSeconds.toFixed(2) },
    },
  };
}

/**
 * Each store customer's true dropout time (null: alive at the end), from truth/customers.csv: a
 * person's web account is the member `cairn_pseudonym('user', user_id)` and each loyalty card
 * `cairn_pseudonym('shop-crm', id)`; identity_members files members under customers. A customer
 * holding members of two people (a wrong merge) is left out.
 */
async function dropouts(store: Store, shopDir: string, secret: Buffer): Promise<Map<string, number | null>> {
  const [header, ...lines] = readFileSync(join(shopDir, 'truth', 'customers.csv'), 'utf8').trim().split('\n');
  const names = header!.split(',');
  const col = (name: string) => names.indexOf(name);
  const rows = await store.query<{ member_id: string; customer_id: string }>('SELECT member_id, customer_id FROM identity_members');
  const customerOf = new Map(rows.map((r) => [r.member_id, r.customer_id]));
  const pseudonym = (ns: string, v: string) => `c_${hmacHex(secret, `${ns}:${v}`).slice(0, 20)}`;
  const person = new Map<string, string>();
  const churned = new Map<string, number | null>();
  const ambiguous = new Set<string>();
  for (const line of lines) {
    const cells = line.split(',');
    const id = cells[col('person_id')]!;
    const at = cells[col('churned_at')];
    const members = [cells[col('user_id')] ? pseudonym('user', cells[col('user_id')]!) : null, ...(cells[col('crm_ids')] ?? '').split(';').filter(Boolean).map((c) => pseudonym('shop-crm', c))];
    for (const m of members) {
      const customer = m === null ? undefined : customerOf.get(m);
      if (customer === undefined) continue;
      if (person.has(customer) && person.get(customer) !== id) ambiguous.add(customer);
      person.set(customer, id);
      churned.set(customer, at ? Date.parse(at) : null);
    }
  }
  for (const c of ambiguous) churned.delete(c);
  return churned;
}
