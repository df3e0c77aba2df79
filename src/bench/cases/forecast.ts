import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateShop } from '../../generate/index.js';
import { builtInSources, importFiles } from '../../ingest/index.js';
import { accuracy, addErrors, dayNumber, emptySums, forecastSeries, parseHolidaysCsv, seasonalNaiveScale, type Accuracy, type ForecastResult, type Holiday } from '../../models/index.js';
import { storeSeries, type DailySeries } from '../../models/run/forecast.js';
import { openStore, sqlString, type Store } from '../../store/index.js';
import type { BenchCase, BenchLine } from '../bench.js';
import { findPython } from '../python.js';

// The same three levels up from src/bench/cases and dist/bench/cases: the repository root.
const ROOT = new URL('../../../', import.meta.url).pathname;
const DATA = new URL('../../../../shared/data/', import.meta.url).pathname;
const PEER = join(ROOT, 'src/bench/peers/statsmodels-ets.py');
const HOLIDAYS = join(ROOT, 'src/models/forecast/holidays');
const OLIST = join(DATA, 'olist-brazilian-ecommerce');
const HORIZON = 28;

/**
 * The sales forecast's rolling-origin back-test (10 origins a week apart, 28 days ahead) on real
 * and generated daily series: Cairn's chosen model, seasonal naive (same weekday last week) and
 * statsmodels' Holt-Winters (damped additive trend, additive weekly season) fitted by Debian's
 * python3-statsmodels on the same series and origins. One line per series.
 */
export const forecastBench: BenchCase = {
  name: 'forecast',
  async *run(): AsyncIterable<BenchLine> {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-forecast-'));
    try {
      const olist = join(OLIST, 'olist_orders_dataset.csv');
      if (existsSync(olist)) {
        const holidays = parseHolidaysCsv(readFileSync(join(HOLIDAYS, 'br-2016-2018.csv'), 'utf8'));
        for (const s of await olistSeries(olist)) yield line(`olist daily ${s.series}`, s, holidays);
      } else {
        process.stderr.write(`bench forecast: olist skipped, ${olist} is missing (../shared/data/olist-brazilian-ecommerce has 4 of the 9 tables; SOURCE.md)\n`);
      }
      const cdnow = join(DATA, 'cdnow-lifetimes', 'CDNOW_master.txt');
      if (existsSync(cdnow)) {
        const holidays = parseHolidaysCsv(readFileSync(join(HOLIDAYS, 'us-1997-1998.csv'), 'utf8'));
        for (const s of await importedSeries(dir, 'cdnow', [['cdnow', cdnow]])) yield line(`CDNOW daily ${s.series} (real, 1997-01..1998-06)`, s, holidays);
      } else {
        process.stderr.write(`bench forecast: CDNOW skipped, ${cdnow} is missing\n`);
      }
      const shop = join(dir, 'shop');
      process.stderr.write('bench forecast: generating and importing a year of a 2,000-customer shop\n');
      await generateShop({ customers: 2000, days: 365, seed: 42, out: shop });
      const generated = await importedSeries(dir, 'generated', [
        ['segment', join(shop, 'events.jsonl')],
        ['shop-pos', join(shop, 'pos_orders.csv')],
      ]);
      for (const s of generated) yield line(`generated shop daily ${s.series} (365 days, seed 42)`, s, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** Imports files with built-in sources into a fresh store and reads its daily orders and revenue. */
async function importedSeries(dir: string, name: string, files: [string, string][]): Promise<DailySeries[]> {
  const store = await openStore({ location: join(dir, `${name}.duckdb`) });
  try {
    for (const [source, file] of files) await importFiles(store, { files: [file], source: builtInSources.get(source)! });
    return await bothMetrics(store);
  } finally {
    await store.close();
  }
}

async function bothMetrics(store: Store): Promise<DailySeries[]> {
  const out: DailySeries[] = [];
  for (const metric of ['orders', 'revenue'] as const) out.push({ ...(await storeSeries(store, { metric }))[0]!, series: metric });
  return out;
}

/**
 * Olist's orders (purchase timestamps; cancelled and unavailable orders left out) with the
 * payments' value as revenue, read straight from the CSVs: Cairn's olist source has no orders
 * table to load them into while the orders file is missing from the shared data.
 */
async function olistSeries(ordersFile: string): Promise<DailySeries[]> {
  const store = await openStore({ location: ':memory:' });
  try {
    const payments = join(OLIST, 'olist_order_payments_dataset.csv');
    const rows = await store.query<{ day: string; orders: number; revenue: number }>(
      `WITH o AS (SELECT order_id, order_purchase_timestamp::TIMESTAMP::DATE AS day FROM read_csv(${sqlString(ordersFile)})
                  WHERE order_status NOT IN ('canceled', 'unavailable')),
            p AS (SELECT order_id, sum(payment_value) AS value FROM read_csv(${sqlString(payments)}) GROUP BY 1)
       SELECT strftime(day, '%Y-%m-%d') AS day, count(*)::DOUBLE AS orders, coalesce(sum(p.value), 0)::DOUBLE AS revenue
       FROM o LEFT JOIN p USING (order_id) GROUP BY 1 ORDER BY 1`,
    );
    // Olist's first months and last weeks are nearly empty (the marketplace's start, the export's cut).
    const busy = rows.filter((r) => r.orders >= 10);
    const first = dayNumber(busy[0]!.day);
    const last = dayNumber(busy.at(-1)!.day);
    const make = (metric: 'orders' | 'revenue'): DailySeries => {
      const values = new Float64Array(last - first + 1);
      for (const r of rows) {
        const t = dayNumber(r.day) - first;
        if (t >= 0 && t < values.length) values[t] = r[metric];
      }
      return { series: metric, start: busy[0]!.day, values };
    };
    return [make('orders'), make('revenue')];
  } finally {
    await store.close();
  }
}

interface PeerResult {
  forecasts: number[][];
  seconds: number;
  version: string;
  failed: number;
}

function statsmodels(values: Float64Array, origins: number[]): PeerResult | null {
  const python = findPython(['statsmodels', 'numpy']);
  if (!python) return null;
  const out = execFileSync(python, [PEER], { input: JSON.stringify({ values: [...values], origins, horizon: HORIZON }), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['pipe', 'pipe', 'inherit'] });
  return JSON.parse(out) as PeerResult;
}

function scoreForecasts(values: Float64Array, origins: number[], forecasts: number[][]): Accuracy {
  const sums = emptySums();
  origins.forEach((o, i) => addErrors(sums, values.subarray(o, o + forecasts[i]!.length), forecasts[i]!, seasonalNaiveScale(values.subarray(0, o))));
  return accuracy(sums);
}

const r3 = (a: Accuracy) => ({ mape: a.mape === null ? null : +a.mape.toFixed(2), smape: +a.smape.toFixed(2), mase: a.mase === null ? null : +a.mase.toFixed(3) });

function line(name: string, s: DailySeries, holidays: Holiday[]): BenchLine {
  const f: ForecastResult = forecastSeries(s.values, { start: s.start, horizon: HORIZON, holidays });
  const bt = f.backtest!;
  const chosen = bt.scores.find((x) => x.model === f.model)!;
  const naive = bt.scores.find((x) => x.model === 'seasonal-naive')!;
  const ets = bt.scores.find((x) => x.model === 'ets-damped');
  const first = dayNumber(s.start);
  const origins = bt.origins.map((d) => dayNumber(d) - first);
  const peer = statsmodels(s.values, origins);
  const peerAccuracy = peer ? scoreForecasts(s.values, origins, peer.forecasts) : null;
  return {
    bench: 'forecast',
    case: `${name}: ${s.values.length} days, ${origins.length} origins × ${bt.horizon} days`,
    value: +chosen.smape.toFixed(2),
    unit: 'sMAPE %',
    ...(peerAccuracy && { peer: { name: `statsmodels ${peer!.version} ExponentialSmoothing (damped additive trend, additive weekly season)`, value: +peerAccuracy.smape.toFixed(2), unit: 'sMAPE %' } }),
    goal: {
      text: 'lower sMAPE and MASE than seasonal naive (same weekday last week) in the back-test, also when the model is chosen without hindsight',
      met: chosen.smape < naive.smape && (chosen.mase ?? 0) < (naive.mase ?? 0) && (!bt.selected || bt.selected.smape < bt.selected.seasonalNaive.smape),
    },
    details: {
      model: f.model,
      cairn: { ...r3(chosen), seconds: +f.seconds.toFixed(3), what: 'back-test of every candidate model, choice, and the final fit' },
      seasonalNaive: r3(naive),
      withoutHindsight: bt.selected && { origins: bt.selected.origins, cairn: r3({ ...bt.selected, mae: 0, points: 0 }), seasonalNaive: r3({ ...bt.selected.seasonalNaive, mae: 0, points: 0 }) },
      ...(ets && { cairnEtsDamped: { ...r3(ets), secondsPerFit: +(ets.seconds / origins.length).toFixed(4) } }),
      statsmodels: peer ? { ...r3(peerAccuracy!), secondsPerFit: +(peer.seconds / origins.length).toFixed(4), failedFits: peer.failed } : 'absent',
      intervalCoverage: bt.coverage.map((c) => ({ level: c.level, share: +c.share.toFixed(3) })),
      ratioToStatsmodels: peerAccuracy ? +(chosen.smape / peerAccuracy.smape).toFixed(3) : null,
      holidays: holidays.length,
    },
  };
}
