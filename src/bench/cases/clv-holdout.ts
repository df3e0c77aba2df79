import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateShop } from '../../generate/index.js';
import { builtInSources, importFiles } from '../../ingest/index.js';
import { spearman } from '../../models/index.js';
import { runClv } from '../../models/run/clv.js';
import { addDays } from '../../models/run/days.js';
import { openStore, type Store } from '../../store/index.js';
import type { BenchCase, BenchLine } from '../bench.js';

const CDNOW = new URL('../../../../shared/data/cdnow-lifetimes/CDNOW_master.txt', import.meta.url).pathname;

async function importInto(store: Store, source: string, files: string[]): Promise<void> {
  const definition = builtInSources.get(source);
  if (!definition) throw new Error(`no built-in source ${source}`);
  await importFiles(store, { files, source: definition });
}

/**
 * `cairn clv` end to end from raw transactions, judged on a holdout period it did not see:
 * CDNOW's full 23,570 customers with the paper's split (39 weeks / 39 weeks), and a generated
 * year (9 months / 3 months) where CLV's ranking of customers is compared with what they really
 * spent afterwards, beside the naive ranking by past spend.
 */
export const clvHoldout: BenchCase = {
  name: 'clv-holdout',
  async *run(): AsyncIterable<BenchLine> {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-clv-'));
    try {
      if (existsSync(CDNOW)) yield await cdnowHoldout(dir);
      else process.stderr.write(`bench clv-holdout: CDNOW skipped, ${CDNOW} is missing\n`);
      yield await generatedHoldout(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

async function cdnowHoldout(dir: string): Promise<BenchLine> {
  const store = await openStore({ location: join(dir, 'cdnow.duckdb') });
  try {
    await importInto(store, 'cdnow', [CDNOW]);
    await store.exec('CHECKPOINT');
    const r = await runClv(store, { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', unit: 'week', write: false });
    const h = r.holdout!;
    return {
      bench: 'clv-holdout',
      case: 'CDNOW full (23,570 customers): predicted / actual repeat purchases in the 39-week holdout',
      value: +(h.predictedTotal / h.actualTotal).toFixed(3),
      unit: 'ratio',
      goal: { text: 'total within ±15% of actual, mean per calibration-frequency bucket within ±0.5 purchases', met: Math.abs(h.predictedTotal / h.actualTotal - 1) <= 0.15 && h.buckets.every((b) => Math.abs(b.predicted - b.actual) <= 0.5) },
      details: {
        fitSeconds: +r.seconds.toFixed(2),
        params: r.purchaseModel.params,
        predicted: +h.predictedTotal.toFixed(0),
        actual: h.actualTotal,
        mae: +h.meanAbsoluteError.toFixed(3),
        correlation: +h.correlation.toFixed(3),
        buckets: h.buckets.map((b) => ({ x: b.frequency, n: b.customers, predicted: +b.predicted.toFixed(2), actual: +b.actual.toFixed(2) })),
      },
    };
  } finally {
    await store.close();
  }
}

async function generatedHoldout(dir: string): Promise<BenchLine> {
  const shop = join(dir, 'shop');
  await generateShop({ customers: 2000, days: 365, seed: 7, out: shop });
  const store = await openStore({ location: join(dir, 'shop.duckdb') });
  try {
    await importInto(store, 'segment', [join(shop, 'events.jsonl')]);
    await importInto(store, 'shop-pos', [join(shop, 'pos_orders.csv')]);
    // Flush the imported events to the file now, or the first commit of the CLV run pays for it.
    await store.exec('CHECKPOINT');
    const [range] = await store.query<{ last: string }>(`SELECT strftime(max(ts), '%Y-%m-%d') AS last FROM orders`);
    const holdoutEnd = range!.last;
    const calibrationEnd = addDays(holdoutEnd, -92);
    const r = await runClv(store, { calibrationEnd, holdoutEnd, months: 3, monthlyDiscount: 0 });
    const rows = await store.query<{ clv: number; past: number; future: number }>(
      `SELECT p.score AS clv,
              coalesce(sum(o.revenue) FILTER (WHERE o.ts::DATE <= ?::DATE), 0)::DOUBLE AS past,
              coalesce(sum(o.revenue) FILTER (WHERE o.ts::DATE > ?::DATE), 0)::DOUBLE AS future
       FROM predictions p LEFT JOIN orders o ON o.customer_id = p.customer_id AND o.kind = 'order'
       WHERE p.model = 'clv' AND p.version = ?
       GROUP BY p.customer_id, p.score`,
      [calibrationEnd, calibrationEnd, r.version],
    );
    const clv = Float64Array.from(rows, (x) => x.clv);
    const past = Float64Array.from(rows, (x) => x.past);
    const future = Float64Array.from(rows, (x) => x.future);
    const model = spearman(clv, future);
    const naive = spearman(past, future);
    return {
      bench: 'clv-holdout',
      case: 'generated shop (2,000 people, 1 year): Spearman of 3-month CLV with real spend in the next 3 months',
      value: +model.toFixed(3),
      unit: 'rho',
      peer: { name: 'ranking by past spend', value: +naive.toFixed(3), unit: 'rho' },
      goal: { text: 'CLV ranks future spend better than past spend does', met: model > naive },
      details: { customers: rows.length, calibrationEnd, holdoutEnd, predictedPurchases: +r.holdout!.predictedTotal.toFixed(0), actualPurchases: r.holdout!.actualTotal, fitSeconds: +r.seconds.toFixed(2) },
    };
  } finally {
    await store.close();
  }
}
