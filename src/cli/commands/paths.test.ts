import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CartsResult, ClicksResult, PathsResult } from '../../analytics/index.js';
import { openStore } from '../../store/index.js';
import { addEvents } from '../../../test/journey-events.js';
import { runCli } from '../../../test/run-cli.js';
import { tempDir } from '../../../test/temp.js';

/** `cairn paths`, `cairn clicks` and `cairn carts` on a small generated shop (200 customers, 30 days). */
const tmp = tempDir();
afterAll(tmp.cleanup);
const db = join(tmp.dir, 'shop.duckdb');

beforeAll(async () => {
  const shop = join(tmp.dir, 'shop');
  const gen = await runCli('--json', 'generate', '--customers', '200', '--days', '30', '--seed', '3', '--out', shop);
  expect(gen.code, gen.stderr).toBe(0);
  const r = await runCli('--db', db, '--json', 'import', join(shop, 'events.jsonl'), '--source', 'segment');
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

describe('cairn paths', () => {
  it('lists the paths after an event with the Sankey data, and prints them for people', async () => {
    const r = await runCli('--db', db, '--json', 'paths', '--from-event', 'Product Added', '--depth', '4', '--top', '3');
    expect(r.code, r.stderr).toBe(0);
    const doc = json<PathsResult>(r.stdout);
    expect(doc.visits).toBeGreaterThan(20);
    expect(doc.paths).toHaveLength(3);
    for (const p of doc.paths) {
      expect(p.steps[0]).toBe('Product Added');
      expect(p.steps.length).toBeLessThanOrEqual(4);
    }
    const first = doc.sankey.nodes.filter((n) => n.step === 1);
    expect(first).toEqual([{ id: '1:Product Added', step: 1, label: 'Product Added', visits: doc.visits }]);
    // Every visit leaves step 1 somewhere (the end of the visit included).
    expect(doc.sankey.links.filter((l) => l.source === '1:Product Added').reduce((s, l) => s + l.visits, 0)).toBe(doc.visits);
    const human = await runCli('--db', db, 'paths', '--to-event', 'order completed', '--depth', '3');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/visits, paths before order completed, 3 steps/);
    expect(human.stdout).toContain('Payment Info Entered → ');
  });

  it('an unknown event is an empty result that names the events there are; bad flags are usage errors', async () => {
    const r = await runCli('--db', db, '--json', 'paths', '--from-event', 'Warp Drive Engaged');
    expect(r.code, r.stderr).toBe(0);
    const doc = json<PathsResult>(r.stdout);
    expect(doc.paths).toEqual([]);
    expect(doc.message).toMatch(/"Warp Drive Engaged".*Product Viewed/);
    expect(r.stderr).toContain('paths: no event or page named');
    expect((await runCli('--db', db, 'paths', '--from-event', 'Home', '--to-event', 'Cart')).code).toBe(2);
    expect((await runCli('--db', db, 'paths', '--depth', 'deep')).code).toBe(2);
    expect((await runCli('--db', db, 'paths', '--depth', '1')).code).toBe(2);
    const reversed = await runCli('--db', db, '--json', 'paths', '--from', '2026-10-05', '--to', '2026-10-01');
    expect(reversed.code).toBe(0);
    expect(json<PathsResult>(reversed.stdout).message).toContain('empty');
  });
});

describe('cairn carts', () => {
  it('gives the abandonment by device, adding up to the total, with no NaN', async () => {
    const r = await runCli('--db', db, '--json', 'carts', '--by', 'device');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('NaN');
    const doc = json<CartsResult>(r.stdout);
    expect(doc.carts).toBeGreaterThan(50);
    expect(doc.abandonmentRate!).toBeGreaterThan(0.3);
    expect(doc.abandonmentRate!).toBeLessThan(0.95);
    expect(doc.groups.reduce((s, g) => s + g.carts, 0)).toBe(doc.carts);
    expect(doc.groups.reduce((s, g) => s + g.abandoned, 0)).toBe(doc.abandoned);
    expect(doc.valueLeft['EUR']).toBeGreaterThan(0);
    const human = await runCli('--db', db, 'carts', '--by', 'channel', '--within', '2d');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/carts \(window 48 h\)/);
    expect(human.stdout).toMatch(/channel +carts +converted +abandoned/);
  });

  it('a window of 0 and an empty range are empty results with a message; a window that is no duration is a usage error', async () => {
    const zero = await runCli('--db', db, '--json', 'carts', '--within', '0h');
    expect(zero.code, zero.stderr).toBe(0);
    expect(json<CartsResult>(zero.stdout)).toMatchObject({ carts: 0, abandonmentRate: null, message: expect.stringContaining('window is 0') });
    const empty = await runCli('--db', db, '--json', 'carts', '--from', '2026-10-05', '--to', '2026-10-04');
    expect(json<CartsResult>(empty.stdout).message).toContain('empty');
    expect((await runCli('--db', db, 'carts', '--within', 'soon')).code).toBe(2);
    expect((await runCli('--db', db, 'carts', '--by', 'weather')).code).toBe(2);
  });
});

describe('cairn clicks', () => {
  it('says there are no clicks in a shop without the SDK, then counts the clicks it is sent', async () => {
    const none = await runCli('--db', db, '--json', 'clicks');
    expect(none.code, none.stderr).toBe(0);
    expect(json<ClicksResult>(none.stdout).message).toContain('no click events');
    const store = await openStore({ location: db });
    const context = { library: { name: 'cairn.js', version: '0.1.0' }, page: { path: '/cart' } };
    const click = (at: string, name: string) => ({ at, name, session: 'sdk-1', anon: 'sdk-anon', context, properties: { selector: '#pay', tag: 'button', text: 'Pay' } });
    await addEvents(store, [click('2026-10-01 10:00:00', 'Element Clicked'), click('2026-10-01 10:00:01', 'Element Clicked'), click('2026-10-01 10:00:02', 'Rage Click')]);
    await store.close();
    const r = await runCli('--db', db, '--json', 'clicks', '--page', '/cart');
    expect(r.code, r.stderr).toBe(0);
    expect(json<ClicksResult>(r.stdout).elements).toEqual([
      { page: '/cart', selector: '#pay', text: 'Pay', tag: 'button', clicks: 2, rageClicks: 1, deadClicks: 0, visits: 1, rageRate: 0.5, deadRate: 0 },
    ]);
    const human = await runCli('--db', db, 'clicks');
    expect(human.stdout).toMatch(/^2 clicks, 1 rage clicks, 0 dead clicks in 1 visits/);
  });
});
