import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/temp.js';
import { handWrittenFunnelSql } from '../../bench/peers/funnel-sql.js';
import { handWrittenRetentionSql } from '../../bench/peers/retention-sql.js';
import { generateShop } from '../../generate/index.js';
import { resolveIdentities } from '../../identity/index.js';
import { importFiles, resolveSource } from '../../ingest/index.js';
import { openStore, type Store } from '../../store/index.js';
import { parseBreakdown, parseConversionWindow, parseSteps } from '../funnel-input.js';
import type { FunnelOptions } from '../funnel.js';
import type { RetentionCell, RetentionOptions } from '../retention.js';
import { funnel } from './funnel.js';
import { kpis } from './kpis.js';
import { buildSessions } from './sessions.js';
import { retention } from './retention.js';

/**
 * A generated shop (400 customers, 60 days, seed 14: its checkout outage, 08:00–16:00 UTC on
 * 9 October 2026, catches several checkouts), imported and resolved like `cairn demo` does.
 */
const tmp = tempDir('cairn-funnel-shop-');
const shop = join(tmp.dir, 'shop');
let store: Store;

beforeAll(async () => {
  await generateShop({ customers: 400, days: 60, seed: 14, out: shop });
  const secret = Buffer.alloc(32, 9);
  store = await openStore({ location: ':memory:', secret: secret.toString('hex') });
  for (const [file, source] of [['events.jsonl', 'segment'], ['pos_orders.csv', 'shop-pos'], ['crm.csv', 'shop-crm']] as const) {
    const path = join(shop, file);
    await importFiles(store, { files: [path], source: await resolveSource(source, [path]), secret });
  }
  await resolveIdentities(store);
}, 180_000);

afterAll(async () => {
  await store.close();
  tmp.cleanup();
});

const options = (steps: string, within: string, over: Partial<FunnelOptions> = {}): FunnelOptions =>
  ({ steps: parseSteps(steps), withinSeconds: parseConversionWindow(within), order: 'strict', ...over });

describe('funnel on a generated shop', () => {
  it('shows the checkout outage as the day with the worst checkout → order conversion', async () => {
    const incidents = JSON.parse(readFileSync(join(shop, 'truth', 'incidents.json'), 'utf8')) as { kind: string; start: string }[];
    const outage = incidents.find((i) => i.kind === 'checkout_outage')!;
    const day = outage.start.slice(0, 10);
    const r = await funnel(store, options('Checkout Started,Order Completed', '1h', { breakdown: parseBreakdown('day'), groups: 1000 }));
    const rate = (g: (typeof r.groups)[number]) => g.steps[1]!.conversionFromFirst!;
    const outageDay = r.groups.find((g) => g.value === day)!;
    const overall = r.total[1]!.conversionFromFirst!;
    expect(overall).toBeGreaterThan(0.5);
    expect(rate(outageDay)).toBeLessThan(overall / 2);
    // Among days with enough checkouts to judge, the outage day converts worst.
    const judged = r.groups.filter((g) => g.steps[0]!.people >= outageDay.steps[0]!.people && g.value !== day);
    expect(judged.length).toBeGreaterThan(3);
    for (const g of judged) expect(rate(g), `${String(g.value)} against the outage day ${day}`).toBeGreaterThan(rate(outageDay));
  });

  it('agrees with the hand-written query on people per step', async () => {
    const cases: FunnelOptions[] = [
      options('Product Viewed,Product Added,Checkout Started,Order Completed', '1d'),
      options('Product Viewed,Product Added,Checkout Started,Order Completed', '30m'),
      options('Product Viewed[category=Garden],Product Added,Order Completed', '7d'),
      options('Products Searched,Product Viewed,Product Added', '1h', { order: 'any' }),
      options('Product List Viewed,Product Viewed,Cart Viewed,Checkout Started', '2h', { from: '2026-09-15', to: '2026-10-15' }),
      options('Signed Up,Order Completed', '7d'),
    ];
    for (const o of cases) {
      const ours = (await funnel(store, o)).total.map((s) => s.people);
      const [peer] = await store.query<{ people: number[] }>(handWrittenFunnelSql(o));
      expect(ours, o.steps.map((s) => s.label).join(' → ')).toEqual(peer!.people);
      expect(ours[0]).toBeGreaterThan(0);
    }
  });
});

describe('retention on a generated shop', () => {
  it('agrees with the hand-written query cell by cell', async () => {
    const cases: RetentionOptions[] = [
      { cohort: { kind: 'first-event' }, period: 'week', metric: 'customers', unbounded: false },
      { cohort: { kind: 'first-purchase' }, period: 'week', metric: 'revenue', unbounded: false },
      { cohort: { kind: 'event', event: 'Signed Up' }, period: 'day', metric: 'customers', unbounded: false, returnEvent: 'Product Viewed' },
      { cohort: { kind: 'first-purchase' }, period: 'month', metric: 'customers', unbounded: false, from: '2026-09-10', to: '2026-10-20' },
    ];
    for (const o of cases) {
      const r = await retention(store, o);
      expect(r.cohorts.length, JSON.stringify(o)).toBeGreaterThan(0);
      const peer = await store.query<RetentionCell & Record<string, unknown>>(handWrittenRetentionSql({ ...o, through: r.through! }));
      const ours = r.cohorts.flatMap((c) => c.values.flatMap((v, k) => (v === null || v === 0 ? [] : [{ cohort: c.cohort, k, value: v }])));
      const rounded = peer.filter((p) => p.value !== 0).map((p) => ({ ...p, value: Math.round(p.value * 100) / 100 }));
      expect(ours, JSON.stringify(o)).toEqual(rounded);
    }
  });
});

describe('KPIs on a generated shop', () => {
  it('show the checkout outage day with its usual visits and the lowest conversion rate', async () => {
    const incidents = JSON.parse(readFileSync(join(shop, 'truth', 'incidents.json'), 'utf8')) as { kind: string; start: string }[];
    const day = incidents.find((i) => i.kind === 'checkout_outage')!.start.slice(0, 10);
    await buildSessions(store);
    const r = await kpis(store, { from: '2026-09-15', to: '2026-10-31' });
    const outageDay = r.days.find((d) => d.current.date === day)!.current;
    const others = r.days.map((d) => d.current).filter((d) => d.date !== day);
    // Visits that day still come (as many as on a middling day); orders do not, for eight of its hours.
    const sessions = others.map((d) => d.sessions).sort((a, b) => a - b);
    expect(outageDay.sessions).toBeGreaterThanOrEqual(sessions[Math.floor(sessions.length / 2)]! * 0.8);
    const rates = others.map((d) => d.conversionRate ?? 0);
    expect(rates.reduce((a, b) => a + b, 0) / rates.length).toBeGreaterThan(0.05);
    // A shop of 400 customers has a few days without orders by chance; none converts less than the outage day.
    for (const d of others) expect(d.conversionRate ?? 0, `${d.date} against the outage day ${day}`).toBeGreaterThanOrEqual(outageDay.conversionRate!);
    expect(outageDay.conversionRate!).toBeLessThan(0.03);
  });
});
