import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { smallShop } from '../../../test/small-shop.js';
import { tempDir } from '../../../test/temp.js';
import type { AttributionReport } from '../../analytics/index.js';
import { openStore } from '../../store/index.js';

const tmp = tempDir();
const db = join(tmp.dir, 'shop.duckdb');
let shop: Awaited<ReturnType<typeof smallShop>>;
afterAll(() => {
  shop?.cleanup();
  tmp.cleanup();
});

async function attribution(...args: string[]): Promise<AttributionReport> {
  const r = await runCli('--db', db, '--json', 'attribution', ...args);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).not.toMatch(/NaN|Infinity/);
  return JSON.parse(r.stdout) as AttributionReport;
}

beforeAll(async () => {
  shop = await smallShop(300, 60);
  for (const [file, source] of [['events.jsonl', 'segment'], ['pos_orders.csv', 'shop-pos'], ['crm.csv', 'shop-crm']] as const) {
    const r = await runCli('--db', db, '--json', 'import', join(shop.dir, file), '--source', source);
    expect(r.code, r.stderr).toBe(0);
  }
});

describe('cairn attribution on a generated shop', () => {
  it('builds the visits, then credits every order of a known customer by all seven models', async () => {
    const first = await runCli('--db', db, '--json', 'attribution');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/sessions: \d+ visits built/);
    const r = JSON.parse(first.stdout) as AttributionReport;
    const store = await openStore({ location: db });
    const [orders] = await store.query<{ n: number; revenue: number }>("SELECT count(*)::INTEGER AS n, sum(revenue)::DOUBLE AS revenue FROM orders WHERE kind = 'order' AND customer_id IS NOT NULL");
    // Last touch of an online order is the visit it was placed in: the sessions' own order counts.
    const bySession = await store.query<{ channel: string; n: number }>('SELECT channel, sum(orders)::INTEGER AS n FROM sessions WHERE customer_id IS NOT NULL AND orders > 0 GROUP BY channel');
    await store.close();
    expect(r.journeys.converting).toBe(orders!.n);
    expect(r.journeys.revenue).toBeCloseTo(orders!.revenue, 1);
    expect(r.journeys.nonConverting).toBeGreaterThan(0);
    expect(r.journeys.withoutTouches).toBeLessThan(r.journeys.converting * 0.05);
    const credited = r.journeys.converting - r.journeys.withoutTouches;
    expect(r.models.map((m) => m.model)).toEqual(['first', 'last', 'linear', 'time-decay', 'position', 'markov', 'shapley']);
    for (const m of r.models) {
      expect(m.conversions, m.model).toBeCloseTo(credited, 2);
      expect(m.channels.reduce((s, c) => s + c.conversions, 0), m.model).toBeCloseTo(credited, 2);
      expect(m.channels.reduce((s, c) => s + c.share, 0), m.model).toBeCloseTo(1, 2);
      expect(m.channels.every((c) => c.conversions >= 0), m.model).toBe(true);
    }
    const last = r.models.find((m) => m.model === 'last')!;
    let differ = 0;
    for (const { channel, n } of bySession) differ += Math.abs((last.channels.find((c) => c.channel === channel)?.conversions ?? 0) - n);
    expect(differ).toBeLessThanOrEqual(Math.ceil(r.journeys.converting * 0.05));
    const markov = r.models.find((m) => m.model === 'markov')!;
    expect(markov.detail!['conversionProbability']).toBeGreaterThan(0);
    expect(markov.channels.filter((c) => c.conversions > 0).every((c) => c.removalEffect! > 0)).toBe(true);
  });

  it('Markov of order 2 and 3, and a shorter lookback, run on the same journeys', async () => {
    for (const order of ['2', '3']) {
      const r = await attribution('--model', 'markov', '--order', order, '--no-sessions');
      expect(r.models[0]!.order).toBe(Number(order));
      expect(r.models[0]!.detail!['states']).toBeGreaterThan(8);
    }
    const short = await attribution('--model', 'linear', '--lookback', '1d', '--no-sessions');
    const long = await attribution('--model', 'linear', '--lookback', '4w', '--no-sessions');
    expect(short.journeys.meanTouches).toBeLessThan(long.journeys.meanTouches);
  });

  it('with a spend file: ROI and cost per acquisition, and a warning naming the channels for an unknown one', async () => {
    const spend = join(tmp.dir, 'spend.csv');
    const store = await openStore({ location: db });
    const [days] = await store.query<{ a: string; b: string }>("SELECT strftime(min(ts), '%Y-%m-%d') AS a, strftime(max(ts), '%Y-%m-%d') AS b FROM orders WHERE kind = 'order' AND customer_id IS NOT NULL");
    await store.close();
    // Paid search: 1000 over exactly the days of the orders; e-mail: 700 over twice as many days (half counts).
    const after = new Date(Date.parse(days!.b) + (Date.parse(days!.b) - Date.parse(days!.a) + 86_400_000)).toISOString().slice(0, 10);
    writeFileSync(spend, `channel,period,cost\nPaid Search,${days!.a}..${days!.b},1000\ne-mail,${days!.a}..${after},700\nbillboards,2026-01,900\n`);
    const r = await runCli('--db', db, '--json', 'attribution', '--model', 'last', '--spend', spend, '--no-sessions');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: spend file: unknown channel "billboards" skipped; the channels are direct, organic_search, paid_search, social, paid_social, email, referral, affiliate, in_store/);
    const doc = JSON.parse(r.stdout) as AttributionReport;
    expect(doc.spend).toEqual({ from: days!.a, to: days!.b, channels: [{ channel: 'paid_search', cost: 1000 }, { channel: 'email', cost: 350 }] });
    const paid = doc.models[0]!.channels.find((c) => c.channel === 'paid_search')!;
    expect(paid.conversions).toBeGreaterThan(0);
    expect(paid).toMatchObject({ cost: 1000, roi: +((paid.revenue - 1000) / 1000).toFixed(4), cpa: +(1000 / paid.conversions).toFixed(2) });
    const direct = doc.models[0]!.channels.find((c) => c.channel === 'direct')!;
    expect(direct.cost).toBeUndefined();
  });

  it('an empty range is an empty result with the reason; bad flags exit 2 with what to do', async () => {
    const empty = await attribution('--from', '2001-01-01', '--to', '2001-01-31', '--no-sessions');
    expect(empty.models).toEqual([]);
    expect(empty.message).toBe('no orders of known customers between 2001-01-01 and 2001-01-31: nothing to attribute');
    const text = await runCli('--db', db, 'attribution', '--from', '2001-01-01', '--to', '2001-01-31', '--no-sessions');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/nothing to attribute/);
    for (const [args, message] of [
      [['--order', '4'], /--order must be 1, 2 or 3/],
      [['--model', 'u-shaped'], /--model must be all or one of first, last, linear, time-decay, position, markov, shapley/],
      [['--lookback', 'a month'], /--lookback must be a number of days such as 30d/],
      [['--from', '2024-02-01', '--to', '2024-01-01'], /the range is empty: --from 2024-02-01 is after --to 2024-01-01/],
      [['--spend', join(tmp.dir, 'missing.csv')], /cannot read the spend file/],
    ] as const) {
      const r = await runCli('--db', db, 'attribution', ...args, '--no-sessions');
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
