import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyStore, type Store } from '../../test/journey-events.js';
import { tempDir } from '../../test/temp.js';
import { generateShop, type GenerateSummary } from '../generate/index.js';
import { resolveIdentities } from '../identity/index.js';
import { builtInSources, importFiles } from '../ingest/index.js';
import { cartAbandonment, type CartsResult } from './carts.js';
import { paths } from './paths.js';
import { buildSessions } from './run/sessions.js';

/**
 * The generator's checkout outage (truth/incidents.json): for some hours of one day Order Completed
 * fails and shoppers give up after Payment Info Entered. At 500 customers a day has about 4 web
 * orders and the outage costs 0 to 3 of them (truth's `failedInOutage`), too few to see; this shop
 * has as many events (about 38k) spread over 2,000 customers and 14 days, about 20 orders a day,
 * and with seed 2 the outage costs 10 orders.
 */
describe('the checkout outage in a generated shop', () => {
  const tmp = tempDir('cairn-carts-');
  let store: Store;
  let summary: GenerateSummary;
  let outage: { start: string; end: string };
  let spikeDay: string;
  let byDay: CartsResult;

  beforeAll(async () => {
    const dir = join(tmp.dir, 'shop');
    summary = await generateShop({ customers: 2000, days: 14, seed: 2, out: dir });
    const incidents = JSON.parse(readFileSync(join(dir, 'truth', 'incidents.json'), 'utf8')) as { kind: string; start: string; end: string }[];
    outage = incidents.find((i) => i.kind === 'checkout_outage')!;
    spikeDay = incidents.find((i) => i.kind === 'traffic_spike')!.end.slice(0, 10);
    store = await emptyStore();
    await importFiles(store, { files: [join(dir, 'events.jsonl')], source: builtInSources.get('segment')! });
    await resolveIdentities(store);
    await buildSessions(store);
    byDay = await cartAbandonment(store, { by: 'day' });
  }, 180_000);
  afterAll(async () => {
    await store.close();
    tmp.cleanup();
  });

  it('costs orders in the truth', () => {
    expect(summary.orders.failedInOutage).toBeGreaterThanOrEqual(8);
  });

  it('shows as the day with the highest cart abandonment but for the traffic spike', () => {
    const day = outage.start.slice(0, 10);
    // The viral post's day (the other incident, the day before here) brings crowds of browsers who
    // fill carts and leave: it is left out. The last day's carts are mostly still open.
    const days = byDay.groups.filter((g) => g.key !== spikeDay && g.abandoned + g.converted >= 20);
    expect(days.length).toBeGreaterThanOrEqual(10);
    const worst = [...days].sort((a, b) => b.abandonmentRate! - a.abandonmentRate!)[0]!;
    expect(worst.key).toBe(day);
  });

  it('nearly every cart started during the outage was abandoned', async () => {
    const during = await cartAbandonment(store, { since: outage.start, until: outage.end });
    expect(during.carts).toBeGreaterThanOrEqual(20);
    expect(during.abandonmentRate!).toBeGreaterThan(0.9);
    expect(during.abandonmentRate!).toBeGreaterThan(byDay.abandonmentRate! + 0.15);
  });

  it('paths before Order Completed go through payment; fewer paths after Checkout Started reach an order on the outage day', async () => {
    const before = await paths(store, { to: 'Order Completed', depth: 3 });
    expect(before.paths[0]!.steps).toContain('Payment Info Entered');
    const day = outage.start.slice(0, 10);
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const ordered = async (range: { since?: string; until?: string }) => {
      const r = await paths(store, { from: 'Checkout Started', depth: 6, top: 1000, ...range });
      return r.paths.filter((p) => p.steps.includes('Order Completed')).reduce((s, p) => s + p.visits, 0) / r.visits;
    };
    expect(await ordered({ since: day, until: next })).toBeLessThan(await ordered({}));
  });
});
