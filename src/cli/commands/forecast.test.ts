import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { tempDir } from '../../../test/temp.js';
import { openStore, type SqlValue } from '../../store/index.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

/** Orders per weekday (Monday first): a shop busiest at the weekend. */
const WEEK = [20, 18, 18, 21, 26, 34, 12];
const FIRST = Date.UTC(2024, 0, 1); // a Monday

interface Doc {
  error?: { message: string };
  series: { series: string; totals: { days: number; yhat: number; intervals: { level: number; lower: number; upper: number }[] }[]; forecast: { model: string; yhat: number[]; fallback: string | null; backtest: { scores: { model: string; smape: number }[] } | null } }[];
  written: number;
}

describe('cairn forecast --csv', () => {
  it('aggregates timestamps to days, forecasts and prints one JSON document', async () => {
    const file = join(tmp.dir, 'sales.csv');
    const lines = ['ts,amount,note'];
    for (let d = 0; d < 90; d++) {
      const day = new Date(FIRST + d * 86_400_000).toISOString().slice(0, 10);
      if (d === 40) continue; // a day with no rows is a day with no sales
      const total = WEEK[d % 7]! * 10 + d;
      lines.push(`${day} 09:15:00,${total / 2},a`, `${day} 17:40:00,${total / 2},b`);
    }
    lines.push('not a date,5,x');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await runCli('--json', 'forecast', '--csv', file, '--time', 'ts', '--value', 'amount', '--horizon', '14');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { rows: number; skippedRows: number; totals: Doc['series'][0]['totals']; forecast: { history: { days: number }; yhat: number[]; model: string; backtest: { scores: { model: string; mase: number }[] } } };
    expect(doc.rows).toBe(179);
    expect(doc.skippedRows).toBe(1);
    expect(doc.forecast.history.days).toBe(90);
    expect(doc.forecast.yhat).toHaveLength(14);
    // Day 90 is a Sunday-pattern day? 90 % 7 = 6 → Sunday, the quiet day; day 89 (Saturday) was the busiest.
    expect(doc.forecast.yhat[0]!).toBeLessThan(doc.forecast.yhat[6]!);
    expect(doc.totals.map((t) => t.days)).toEqual([7, 14]);
    const scores = doc.forecast.backtest.scores;
    const chosen = scores.find((s) => s.model === doc.forecast.model)!;
    const naive = scores.find((s) => s.model === 'seasonal-naive')!;
    expect(chosen.mase).toBeLessThanOrEqual(naive.mase);
    expect(r.stderr).toMatch(/1 of 179 rows had no readable date/);
  });

  it('exits 2 with what to do on a wrong column or missing --time/--value', async () => {
    const file = join(tmp.dir, 'wrong.csv');
    writeFileSync(file, 'day,sales\n2024-01-01,3\n');
    const r = await runCli('forecast', '--csv', file, '--time', 'date', '--value', 'sales');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no column "date" \(it has: day, sales\)/);
    const r2 = await runCli('forecast', '--csv', file);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/--csv needs --time COLUMN and --value COLUMN/);
    const r3 = await runCli('forecast', '--csv', file, '--time', 'day', '--value', 'sales', '--horizon', 'soon');
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/--horizon must be a whole number/);
  });

  it('falls back to the mean with a clear note on a file of a few days', async () => {
    const file = join(tmp.dir, 'short.csv');
    writeFileSync(file, 'day,sales\n2024-01-01,3\n2024-01-02,5\n2024-01-04,4\n');
    const r = await runCli('forecast', '--csv', file, '--time', 'day', '--value', 'sales', '--horizon', '7');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/daily mean of the 4 days/);
    expect(r.stdout).toMatch(/needs at least 14 \(two weeks\)/);
    expect(r.stdout).not.toMatch(/NaN/);
  });
});

describe('cairn forecast (store)', () => {
  const db = join(tmp.dir, 'shop.duckdb');
  beforeAll(async () => {
    const store = await openStore({ location: db });
    const orders: SqlValue[][] = [];
    const items: SqlValue[][] = [];
    for (let d = 0; d < 84; d++) {
      const n = WEEK[d % 7]! + (d % 3);
      for (let k = 0; k < n; k++) {
        const id = `o${d}-${k}`;
        const ts = new Date(FIRST + d * 86_400_000 + (8 + (k % 10)) * 3_600_000).toISOString().replace('T', ' ').replace('Z', '');
        const product = k % 3 === 0 ? 'p-lamp' : 'p-mug';
        const price = product === 'p-lamp' ? 40 : 12;
        orders.push([id, `c${k}`, ts, 'order', price, 'EUR', 'web', 'test']);
        items.push([`${id}-1`, id, product, 1, price, 'test']);
      }
    }
    // A return does not count as sales.
    orders.push(['r1', 'c1', '2024-02-01 10:00:00', 'return', -40, 'EUR', 'web', 'test']);
    await store.appendRows('orders', ['order_id', 'customer_id', 'ts', 'kind', 'revenue', 'currency', 'channel', 'source'], orders);
    await store.appendRows('order_items', ['line_key', 'order_id', 'product_id', 'quantity', 'price', 'source'], items);
    await store.appendRows('products', ['product_id', 'name', 'category', 'price', 'source'], [
      ['p-lamp', 'Lamp', 'home', 40, 'test'],
      ['p-mug', 'Mug', 'kitchen', 12, 'test'],
    ]);
    await store.close();
  });

  it('forecasts daily orders overall, per category, and writes the run to the store', async () => {
    const r = await runCli('--json', '--db', db, 'forecast', '--metric', 'orders', '--horizon', '14');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.series.map((s) => s.series)).toEqual(['all']);
    const all = doc.series[0]!;
    expect(all.forecast.yhat).toHaveLength(14);
    expect(all.forecast.fallback).toBeNull();
    const week = all.totals.find((t) => t.days === 7)!;
    // A week of this shop is 149 orders plus the (d mod 3) extra: about 156.
    expect(week.yhat).toBeGreaterThan(140);
    expect(week.yhat).toBeLessThan(172);
    expect(week.intervals[0]!.lower).toBeLessThanOrEqual(week.yhat);
    expect(doc.written).toBe(14);

    const byCat = await runCli('--json', '--db', db, 'forecast', '--by', 'category', '--horizon', '7');
    expect(byCat.code, byCat.stderr).toBe(0);
    const cats = JSON.parse(byCat.stdout) as Doc;
    expect(cats.series.map((s) => s.series)).toEqual(['category:home', 'category:kitchen']); // by revenue: lamps sell less often but for more

    const rows = await runCli('--json', '--db', db, 'sql', "SELECT series, metric, count(*) AS days, min(date) AS first FROM forecasts GROUP BY ALL ORDER BY series, metric");
    expect(rows.code, rows.stderr).toBe(0);
    expect(rows.stdout).toMatch(/category:home/);
    expect(rows.stdout).toMatch(/2024-03-25/);

    const human = await runCli('--db', db, 'forecast', '--metric', 'orders', '--horizon', '28');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/next 7 days: \d+ \(80%: \d+–\d+, 95%: \d+–\d+\)/);
    expect(human.stdout).toMatch(/sMAPE [\d.]+% vs seasonal naive [\d.]+%/);
  });

  it('exits 2 when the window has no orders', async () => {
    const r = await runCli('--db', db, 'forecast', '--from', '2030-01-01');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no orders between 2030-01-01 and the end/);
  });
});
