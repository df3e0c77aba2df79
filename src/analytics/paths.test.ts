import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEvents, emptyStore, type HandEvent, type Store } from '../../test/journey-events.js';
import { paths } from './paths.js';
import { buildSessions } from './run/sessions.js';

const page = (session: string, at: string, name: string, path: string): HandEvent => ({ at, type: 'page', name, session, anon: `a-${session}`, properties: { path } });
const track = (session: string, at: string, name: string): HandEvent => ({ at, name, session, anon: `a-${session}` });

/**
 * Four visits, worked out by hand:
 *   v1: Home, Product, Product Viewed, Product Added, Cart            (a click in between is no step)
 *   v2: Home, Home (a reload: one step), Search, Product, Product Viewed
 *   v3: Product, Product Viewed, Product Added, Product Added (one step), Cart
 *   v4: Home
 */
const EVENTS: HandEvent[] = [
  page('v1', '2026-03-02 10:00:00', 'Home', '/'),
  { ...track('v1', '2026-03-02 10:00:05', 'Element Clicked'), properties: { selector: 'a.product' } },
  page('v1', '2026-03-02 10:00:10', 'Product', '/product/p1'),
  track('v1', '2026-03-02 10:00:11', 'Product Viewed'),
  track('v1', '2026-03-02 10:01:00', 'Product Added'),
  page('v1', '2026-03-02 10:02:00', 'Cart', '/cart?from=add'),
  page('v2', '2026-03-02 11:00:00', 'Home', '/'),
  page('v2', '2026-03-02 11:00:30', 'Home', '/'),
  page('v2', '2026-03-02 11:01:00', 'Search', '/search?q=tea'),
  page('v2', '2026-03-02 11:02:00', 'Product', '/product/p2'),
  track('v2', '2026-03-02 11:02:01', 'Product Viewed'),
  page('v3', '2026-03-03 09:00:00', 'Product', '/product/p1'),
  track('v3', '2026-03-03 09:00:01', 'Product Viewed'),
  track('v3', '2026-03-03 09:01:00', 'Product Added'),
  track('v3', '2026-03-03 09:01:30', 'Product Added'),
  page('v3', '2026-03-03 09:02:00', 'Cart', '/cart'),
  page('v4', '2026-03-04 12:00:00', 'Home', '/'),
  { at: '2026-03-04 12:00:01', type: 'identify', anon: 'a-v4', session: 'v4' },
];

describe('paths on a hand-made event set', () => {
  let store: Store;
  beforeAll(async () => {
    store = await emptyStore();
    await addEvents(store, EVENTS);
  });
  afterAll(async () => store.close());

  it('after a start event: v1 and v3 both go on to the cart and end there', async () => {
    const r = await paths(store, { from: 'Product Added', depth: 3 });
    expect(r.message).toBeNull();
    expect(r.visits).toBe(2);
    expect(r.paths).toEqual([{ steps: ['Product Added', 'page: Cart', 'end of visit'], visits: 2, share: 1 }]);
  });

  it('after a page, by name in any case, with the Sankey nodes and links (one node a step, the rest other)', async () => {
    const r = await paths(store, { from: 'home', depth: 3, nodesPerStep: 1 });
    expect(r.visits).toBe(3);
    expect(r.paths).toEqual([
      { steps: ['page: Home', 'end of visit'], visits: 1, share: 0.3333 },
      { steps: ['page: Home', 'page: Product', 'Product Viewed'], visits: 1, share: 0.3333 },
      { steps: ['page: Home', 'page: Search', 'page: Product'], visits: 1, share: 0.3333 },
    ]);
    // Step 2: Product and Search tie at 1; Product sorts first and stays, Search becomes other;
    // the end of a visit is never folded into other. Step 3 likewise keeps Product Viewed.
    expect(r.sankey.nodes).toEqual([
      { id: '1:page: Home', step: 1, label: 'page: Home', visits: 3 },
      { id: '2:end of visit', step: 2, label: 'end of visit', visits: 1 },
      { id: '2:other', step: 2, label: 'other', visits: 1 },
      { id: '2:page: Product', step: 2, label: 'page: Product', visits: 1 },
      { id: '3:Product Viewed', step: 3, label: 'Product Viewed', visits: 1 },
      { id: '3:other', step: 3, label: 'other', visits: 1 },
    ]);
    expect(r.sankey.links).toEqual([
      { source: '1:page: Home', target: '2:end of visit', visits: 1 },
      { source: '1:page: Home', target: '2:other', visits: 1 },
      { source: '1:page: Home', target: '2:page: Product', visits: 1 },
      { source: '2:other', target: '3:other', visits: 1 },
      { source: '2:page: Product', target: '3:Product Viewed', visits: 1 },
    ]);
  });

  it('before an end event, with the start of a visit that began less than depth steps before it', async () => {
    const r = await paths(store, { to: 'Product Viewed', depth: 3 });
    expect(r.visits).toBe(3);
    expect(r.paths.map((p) => [p.steps, p.visits])).toEqual([
      [['page: Home', 'page: Product', 'Product Viewed'], 1],
      [['page: Search', 'page: Product', 'Product Viewed'], 1],
      [['start of visit', 'page: Product', 'Product Viewed'], 1],
    ]);
  });

  it('from each visit\'s first step, and by page path without query strings', async () => {
    const entry = await paths(store, { depth: 2, top: 1 });
    expect(entry.anchor).toBe('entry');
    expect(entry.visits).toBe(4);
    expect(entry.paths).toEqual([{ steps: ['page: Home', 'end of visit'], visits: 1, share: 0.25 }]);
    const byPath = await paths(store, { from: '/cart', pageBy: 'path', depth: 2 });
    expect(byPath.paths).toEqual([{ steps: ['page: /cart', 'end of visit'], visits: 2, share: 1 }]);
  });

  it('a date range cuts visits to their events inside it', async () => {
    const r = await paths(store, { from: 'Product Viewed', depth: 2, since: '2026-03-03', until: '2026-03-04' });
    expect(r.paths).toEqual([{ steps: ['Product Viewed', 'Product Added'], visits: 1, share: 1 }]);
  });

  it('bad input is an empty result with a message, never an error', async () => {
    const unknown = await paths(store, { from: 'Nope' });
    expect(unknown.paths).toEqual([]);
    expect(unknown.message).toContain('"Nope"');
    expect(unknown.message).toContain('page: Home');
    expect((await paths(store, { from: 'Home', to: 'Cart' })).message).toContain('not both');
    expect((await paths(store, { depth: 1 })).message).toContain('at least 2');
    expect((await paths(store, { since: '2026-03-05', until: '2026-03-01' })).message).toContain('empty');
    expect((await paths(store, { since: 'soon' })).message).toContain('not a date');
    const none = await paths(store, { since: '2027-01-01' });
    expect(none).toMatchObject({ visits: 0, paths: [], message: expect.stringContaining('no visits') });
    expect(JSON.stringify(none)).not.toContain('NaN');
  });

  it('gives the same paths once the visits are built (session keys instead of the SDK session ids)', async () => {
    const before = await paths(store, { from: 'home', depth: 3, nodesPerStep: 1 });
    await buildSessions(store);
    expect(await paths(store, { from: 'home', depth: 3, nodesPerStep: 1 })).toEqual(before);
  });
});
