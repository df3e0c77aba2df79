import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEvents, emptyStore, type HandEvent, type Store } from '../../test/journey-events.js';
import { clickPatterns } from './clicks.js';

const SDK = { library: { name: 'cairn.js', version: '0.1.0' }, page: { path: '/cart' } };
const OTHER = { library: { name: 'analytics.js', version: '5.0.0' }, page: { path: '/product/p1?ref=mail' } };
const sdk = (at: string, name: string, properties: Record<string, unknown>): HandEvent => ({ at, name, session: 's1', anon: 'a1', context: SDK, properties });
const other = (at: string, name: string, properties: Record<string, unknown> = {}): HandEvent => ({ at, name, session: 's2', anon: 'a2', context: OTHER, properties });
const checkout = { selector: '#checkout', tag: 'button', text: 'Checkout' };

/**
 * Worked out by hand.
 * Visit s1 (the browser SDK, which flags rage and dead clicks itself) on /cart: #checkout clicked
 * twice, one Rage Click and one Dead Click on it (taken as sent, whatever the timing), a.logo once.
 * Visit s2 (another library: judged here) on /product/p1:
 *   #add at 0.0, 0.3, 0.6 s: one burst of 3 within 1 s → 1 rage click; nothing else until 5.5 s → 1 dead click
 *   #add at 5.0 s, then Product Added at 5.5 s → neither
 *   a.nav (a link) at 10 s, then nothing → not dead: it may have left the site
 *   #size at 20 s, then nothing → dead
 */
const EVENTS: HandEvent[] = [
  sdk('2026-03-02 10:00:00', 'Element Clicked', checkout),
  sdk('2026-03-02 10:00:00.200', 'Element Clicked', checkout),
  sdk('2026-03-02 10:00:01', 'Rage Click', { selector: '#checkout', click_count: 4, duration_ms: 600 }),
  sdk('2026-03-02 10:00:01.100', 'Dead Click', checkout),
  sdk('2026-03-02 10:00:05', 'Element Clicked', { selector: 'a.logo', tag: 'a', text: 'Home', href: '/' }),
  { at: '2026-03-02 10:59:59', type: 'page', name: 'Product', session: 's2', anon: 'a2', context: OTHER, properties: { path: '/product/p1' } },
  other('2026-03-02 11:00:00', 'Element Clicked', { selector: '#add', tag: 'button', text: 'Add to cart' }),
  other('2026-03-02 11:00:00.300', 'Element Clicked', { selector: '#add', tag: 'button', text: 'Add to cart' }),
  other('2026-03-02 11:00:00.600', 'Element Clicked', { selector: '#add', tag: 'button', text: 'Add to cart' }),
  other('2026-03-02 11:00:05', 'Element Clicked', { selector: '#add', tag: 'button', text: 'Add to cart' }),
  other('2026-03-02 11:00:05.500', 'Product Added', { product_id: 'P1' }),
  other('2026-03-02 11:00:10', 'Element Clicked', { selector: 'a.nav', tag: 'a', text: 'Help', href: '/help' }),
  other('2026-03-02 11:00:20', 'Element Clicked', { selector: '#size', tag: 'button', text: 'Size guide' }),
];

describe('click patterns on a hand-made event set', () => {
  let store: Store;
  beforeAll(async () => {
    store = await emptyStore();
    await addEvents(store, EVENTS);
  });
  afterAll(async () => store.close());

  it('counts clicks, rage and dead clicks per page and element', async () => {
    const r = await clickPatterns(store);
    expect(r).toMatchObject({ clicks: 9, rageClicks: 2, deadClicks: 3, visits: 2, message: null });
    expect(r.pages).toEqual([
      { page: '/product/p1', clicks: 6, rageClicks: 1, deadClicks: 2, visits: 1 },
      { page: '/cart', clicks: 3, rageClicks: 1, deadClicks: 1, visits: 1 },
    ]);
    expect(r.elements).toEqual([
      { page: '/product/p1', selector: '#add', text: 'Add to cart', tag: 'button', clicks: 4, rageClicks: 1, deadClicks: 1, visits: 1, rageRate: 0.25, deadRate: 0.25 },
      { page: '/cart', selector: '#checkout', text: 'Checkout', tag: 'button', clicks: 2, rageClicks: 1, deadClicks: 1, visits: 1, rageRate: 0.5, deadRate: 0.5 },
      { page: '/product/p1', selector: '#size', text: 'Size guide', tag: 'button', clicks: 1, rageClicks: 0, deadClicks: 1, visits: 1, rageRate: 0, deadRate: 1 },
      { page: '/cart', selector: 'a.logo', text: 'Home', tag: 'a', clicks: 1, rageClicks: 0, deadClicks: 0, visits: 1, rageRate: 0, deadRate: 0 },
      { page: '/product/p1', selector: 'a.nav', text: 'Help', tag: 'a', clicks: 1, rageClicks: 0, deadClicks: 0, visits: 1, rageRate: 0, deadRate: 0 },
    ]);
  });

  it('one page, its query string ignored, and the top elements', async () => {
    const r = await clickPatterns(store, { page: '/cart?x=1', top: 1 });
    expect(r).toMatchObject({ clicks: 3, rageClicks: 1, deadClicks: 1 });
    expect(r.elements.map((e) => e.selector)).toEqual(['#checkout']);
  });

  it('bad input and nothing to show are an empty result with a message', async () => {
    expect((await clickPatterns(store, { page: '/nowhere' })).message).toContain('no clicks on page /nowhere');
    expect((await clickPatterns(store, { since: '2026-03-03', until: '2026-03-02' })).message).toContain('empty');
    const none = await emptyStore();
    const r = await clickPatterns(none);
    await none.close();
    expect(r).toMatchObject({ clicks: 0, elements: [], message: expect.stringContaining('no click events') });
    expect(JSON.stringify(r)).not.toContain('NaN');
  });
});
