import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium, recordingCollector, type ReceivedBatch, waitFor } from '../../../test/browser.js';
import { tempDir } from '../../../test/temp.js';
import { buildSdk } from './build-sdk.js';

const CHROMIUM = findChromium();
if (!CHROMIUM) console.log('browser test skipped: no chromium on PATH (Debian: apt-get install chromium)');

type Msg = Record<string, unknown> & { type: string; event?: string; anonymousId: string; userId?: string; messageId: string; properties?: Record<string, unknown>; context: Record<string, unknown> };

/** What the checkout form is filled with: none of it may ever leave the browser. */
const TYPED = { name: 'Ada Quillfeather', email: 'ada.quill@example.org', street: '12 Analytical Engine Way', postcode: '1100-148', city: 'Lisboa', card: '4242424242424242' };

describe.skipIf(!CHROMIUM)('cairn.js in Chromium on /demo/shop', () => {
  let browser: Browser;
  let app: FastifyInstance;
  let url: string;
  let batches: ReceivedBatch[];
  let tmp: ReturnType<typeof tempDir>;

  const messagesOf = (key: string): Msg[] => batches.filter((b) => b.writeKey === key).flatMap((b) => b.messages as Msg[]);
  const summary = (key: string) => () => messagesOf(key).map((m) => (m.type === 'track' ? m.event : `${m.type} ${String(m.properties?.['path'] ?? '')}`)).join(', ');

  beforeAll(async () => {
    tmp = tempDir('cairn-sdk-');
    // Build from the sources under test, not whatever dist/ holds.
    await buildSdk(tmp.dir);
    ({ app, url, batches } = await recordingCollector(tmp.dir));
    browser = await launchChromium(CHROMIUM!);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    tmp?.cleanup();
  });

  it('sends a purchase journey: SPA page views, e-commerce events, rage and dead clicks, no field values', async () => {
    const key = 'wk_journey';
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}/demo/shop?writeKey=${key}`);

    await page.click('[data-product-id="p-1003"] h3 a');
    await page.waitForSelector('#add-to-cart');
    await page.click('#add-to-cart');
    await page.click('#sign-in');
    await page.click('header nav a[href="/demo/shop"]');
    await page.click('button[data-add="p-1002"]');
    await page.click('#cart-link');
    await page.waitForSelector('#apply-coupon');

    // The deliberately broken "Apply" button, clicked in anger.
    const box = (await page.locator('#apply-coupon').boundingBox())!;
    for (let i = 0; i < 4; i++) await page.mouse.click(box.x + box.width / 2 + i * 2, box.y + box.height / 2);
    await waitFor('Rage Click', () => messagesOf(key).find((m) => m.event === 'Rage Click'), 15_000, summary(key));

    await page.click('#checkout');
    await page.waitForSelector('#checkout-form');
    for (const [field, value] of Object.entries(TYPED)) await page.fill(`#checkout-form [name="${field}"]`, value);
    await page.click('#place-order');
    const orderId = (await page.locator('#order-id').textContent())!;

    // A full page load: the anonymous id must survive it (cookie), then leaving the page sends by beacon.
    await page.goto(`${url}/demo/shop?writeKey=${key}`);
    await page.mouse.wheel(0, 600);
    // The wheel scrolls asynchronously (CI once left the page at 72%): leave only once at the bottom.
    await page.waitForFunction('scrollY + innerHeight >= document.documentElement.scrollHeight - 1');
    const cookies = await context.cookies();
    await page.goto('about:blank');
    await waitFor('the beacon sent on page hide', () => batches.find((b) => b.writeKey === key && b.via === 'body'), 15_000, summary(key));
    await waitFor('Order Completed', () => messagesOf(key).find((m) => m.event === 'Order Completed'), 15_000, summary(key));
    await context.close();

    const msgs = messagesOf(key);
    if (process.env['CAIRN_DEBUG_SDK']) console.log(JSON.stringify(batches.filter((b) => b.writeKey === key).map((b) => ({ via: b.via, msgs: b.messages.map((m) => [m['type'], m['event'] ?? (m['properties'] as Record<string, unknown> | undefined)?.['path'], JSON.stringify(m['properties'] ?? m['traits'])]) })), null, 1));
    const tracks = (name: string): Msg[] => msgs.filter((m) => m.type === 'track' && m.event === name);

    // Segment e-commerce events from the shop, with the order's revenue (49 + 11.90).
    for (const name of ['Product List Viewed', 'Product Viewed', 'Product Added', 'Cart Viewed', 'Checkout Started', 'Order Completed']) {
      expect(tracks(name).length, name).toBeGreaterThan(0);
    }
    const order = tracks('Order Completed')[0]!.properties!;
    expect(order).toMatchObject({ order_id: orderId, revenue: 60.9, total: 60.9, currency: 'EUR' });
    expect((order['products'] as { product_id: string }[]).map((p) => p.product_id).sort()).toEqual(['p-1002', 'p-1003']);

    // Page views for the first load, every SPA route and the reload; context.page agrees.
    const pages = msgs.filter((m) => m.type === 'page');
    const paths = pages.map((m) => m.properties!['path']);
    expect(paths).toEqual(expect.arrayContaining(['/demo/shop', '/demo/shop/product/p-1003', '/demo/shop/cart', '/demo/shop/checkout', `/demo/shop/order/${orderId}`]));
    expect(paths.filter((p) => p === '/demo/shop').length).toBeGreaterThanOrEqual(3);
    for (const p of pages) expect((p.context['page'] as { path: string }).path).toBe(p.properties!['path']);
    const cartView = pages.find((p) => p.properties!['path'] === '/demo/shop/cart')!;
    expect(cartView.properties!['referrer']).toBe(`${url}/demo/shop`);
    expect(cartView.properties!['title']).toBe('Cart · Cairn demo');

    // One visitor, one session, across SPA routes and a full reload; the cookie holds the id.
    expect(new Set(msgs.map((m) => m.anonymousId)).size).toBe(1);
    expect(new Set(msgs.map((m) => m.context['sessionId'])).size).toBe(1);
    const aid = cookies.find((c) => c.name === 'cairn_aid')!;
    expect(aid.value).toBe(msgs[0]!.anonymousId);
    expect(aid.sameSite).toBe('Lax');
    expect(aid.expires * 1000 - Date.now()).toBeGreaterThan(360 * 24 * 3600 * 1000);

    // identify, and the user id on what follows it.
    const identify = msgs.find((m) => m.type === 'identify')!;
    expect(identify).toMatchObject({ userId: 'demo-customer-1042', traits: { loyalty_tier: 'silver' } });
    expect(tracks('Order Completed')[0]!.userId).toBe('demo-customer-1042');

    // Frustration: one rage burst of 4 clicks and one dead click, both on the broken button.
    expect(tracks('Rage Click').map((m) => m.properties)).toEqual([expect.objectContaining({ selector: '#apply-coupon', click_count: 4 })]);
    expect(tracks('Dead Click').map((m) => m.properties!['selector'])).toEqual(['#apply-coupon']);
    // A working button is not dead; clicks carry stable selectors.
    const clicked = tracks('Element Clicked').map((m) => m.properties!['selector']);
    expect(clicked).toEqual(expect.arrayContaining(['#add-to-cart', 'button[data-add="p-1002"]', '#checkout', '#place-order']));

    // Forms: started and submitted with counts, never a value.
    expect(tracks('Form Started').map((m) => m.properties)).toEqual([expect.objectContaining({ form: '#checkout-form', form_name: 'checkout', first_field: 'name', fields_touched: 1 })]);
    expect(tracks('Form Submitted')[0]!.properties).toMatchObject({ form: '#checkout-form', fields_touched: 6, field_count: 6 });
    expect(tracks('Form Abandoned')).toEqual([]);
    const everything = batches.map((b) => b.raw).join('\n');
    for (const value of Object.values(TYPED)) expect(everything).not.toContain(value);

    // Scroll depth of the last page, sent on page hide.
    // Scroll depth once per page view, measured on the page being left; the first list view was
    // not scrolled and is taller than the 720 px window, the last one was scrolled to the bottom.
    const depths = tracks('Scroll Depth').map((m) => [m.properties!['path'], m.properties!['max_percent']]);
    expect(depths.length).toBe(pages.length);
    const listDepths = depths.filter(([p]) => p === '/demo/shop').map(([, d]) => Number(d));
    expect(listDepths[0]).toBeGreaterThan(0);
    expect(listDepths[0]).toBeLessThan(100);
    expect(listDepths[listDepths.length - 1]).toBe(100);

    // The Segment envelope, the write key by Basic auth (fetch) and in the body (beacon).
    for (const m of msgs) {
      expect(m.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Number.isNaN(Date.parse(String(m['timestamp'])))).toBe(false);
      expect(m.context).toMatchObject({ library: { name: 'cairn.js' }, locale: expect.any(String), userAgent: expect.stringContaining('Chrome') });
      expect(m.context['screen']).toMatchObject({ width: expect.any(Number), height: expect.any(Number) });
    }
    expect(new Set(msgs.map((m) => m.messageId)).size).toBe(msgs.length);
    const vias = new Set(batches.filter((b) => b.writeKey === key).map((b) => `${b.via} ${b.contentType.split(';')[0]}`));
    expect([...vias].sort()).toEqual(['basic-auth application/json', 'body text/plain']);
  });

  it('with consent required, stores and sends nothing until grant, and stops again on revoke', async () => {
    const key = 'wk_consent';
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/')) requests.push(r.url());
    });
    await page.goto(`${url}/demo/shop?writeKey=${key}&consent=required`);
    await page.waitForSelector('#consent:not([hidden])');
    await page.click('[data-product-id="p-1001"] h3 a');
    await page.click('#add-to-cart');
    await flushAndSettle(page);
    expect(requests).toEqual([]);
    expect(messagesOf(key)).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    expect(await cairnStorageKeys(page)).toEqual([]);

    // Grant: what was held goes out under the id that is now stored.
    await page.click('#consent-accept');
    await waitFor('the held events', () => (messagesOf(key).some((m) => m.event === 'Product Added') ? true : undefined), 15_000, summary(key));
    const granted = messagesOf(key);
    expect(granted.map((m) => (m.type === 'page' ? m.properties!['path'] : m.event))).toEqual(
      expect.arrayContaining(['/demo/shop', '/demo/shop/product/p-1001', 'Product Viewed', 'Product Added']),
    );
    const cookies = Object.fromEntries((await context.cookies()).map((c) => [c.name, c.value]));
    expect(cookies['cairn_consent']).toBe('1');
    expect(new Set(granted.map((m) => m.anonymousId))).toEqual(new Set([cookies['cairn_aid']]));

    // Revoke: nothing more is sent, and the ids are gone; only the refusal is remembered.
    await page.evaluate('window.cairn.consent.revoke()');
    const before = batches.length;
    requests.length = 0;
    await page.click('#cart-link');
    await page.click('header nav a[href="/demo/shop"]');
    await flushAndSettle(page);
    await page.goto('about:blank');
    await flushAndSettle(page);
    expect(requests).toEqual([]);
    expect(batches.length).toBe(before);
    expect((await context.cookies()).map((c) => `${c.name}=${c.value}`)).toEqual(['cairn_consent=0']);
    await context.close();
  });

  it('starts a new session after 30 minutes without events; the anonymous id stays', async () => {
    const key = 'wk_session';
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${url}/demo/shop?writeKey=${key}`);
    await page.click('[data-product-id="p-1004"] h3 a');
    await page.clock.fastForward('29:00');
    await page.click('#add-to-cart');
    await page.clock.fastForward('31:00');
    await page.click('#cart-link');
    await page.clock.fastForward('00:03'); // the flush interval, on the page's clock
    await waitFor('Cart Viewed', () => messagesOf(key).find((m) => m.event === 'Cart Viewed'), 15_000, summary(key));
    await context.close();

    const msgs = messagesOf(key);
    const sessionOf = (event: string): unknown => msgs.find((m) => m.event === event)!.context['sessionId'];
    expect(sessionOf('Product Added')).toBe(sessionOf('Product Viewed'));
    expect(sessionOf('Cart Viewed')).not.toBe(sessionOf('Product Added'));
    expect(new Set(msgs.map((m) => m.anonymousId)).size).toBe(1);
  });

  it('a checkout left half-filled is a Form Abandoned, with field names and no values', async () => {
    const key = 'wk_abandon';
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}/demo/shop?writeKey=${key}`);
    await page.click('button[data-add="p-1008"]');
    await page.goto(`${url}/demo/shop/checkout?writeKey=${key}`);
    await page.fill('#checkout-form [name="name"]', TYPED.name);
    await page.fill('#checkout-form [name="email"]', TYPED.email);
    await page.click('header nav a[href="/demo/shop"]');
    await page.evaluate('window.cairn.flush()');
    const abandoned = await waitFor('Form Abandoned', () => messagesOf(key).find((m) => m.event === 'Form Abandoned'), 15_000, summary(key));
    await context.close();
    expect(abandoned.properties).toMatchObject({ form: '#checkout-form', fields_touched: 2, field_count: 6, last_field: 'email' });
    expect((abandoned.context['page'] as { path: string }).path).toBe('/demo/shop/checkout');
    expect(messagesOf(key).some((m) => m.event === 'Form Submitted')).toBe(false);
    const raw = batches.filter((b) => b.writeKey === key).map((b) => b.raw).join('\n');
    expect(raw).not.toContain(TYPED.name);
    expect(raw).not.toContain(TYPED.email);
  });

  it('retries a batch the collector refuses with 503 or 429, and it arrives once', async () => {
    const key = 'wk_retry';
    const context = await browser.newContext();
    const page = await context.newPage();
    const refusals: { status: number; headers: Record<string, string> }[] = [
      { status: 503, headers: {} },
      { status: 429, headers: { 'retry-after': '1' } },
    ];
    const attempts: string[][] = [];
    await page.route('**/v1/batch', async (route) => {
      const body = route.request().postData() ?? '';
      if (route.request().headers()['authorization']) attempts.push((JSON.parse(body) as { batch: { messageId: string }[] }).batch.map((m) => m.messageId));
      const refusal = refusals.shift();
      if (refusal) await route.fulfill({ ...refusal, contentType: 'application/json', body: '{"error":{"code":"busy","message":"try later"}}' });
      else await route.continue();
    });
    await page.goto(`${url}/demo/shop?writeKey=${key}`);
    await waitFor('the third attempt', () => (attempts.length >= 3 ? true : undefined), 15_000);
    const arrived = messagesOf(key).map((m) => m.messageId);
    expect(attempts[1]).toEqual(attempts[0]);
    expect(attempts[2]!.slice(0, attempts[0]!.length)).toEqual(attempts[0]);
    for (const id of attempts[0]!) expect(arrived.filter((a) => a === id)).toHaveLength(1);
    await context.close();
  });
});

/** Asks the SDK to send now, then gives a request time to show up (the flush interval is 2 s). */
async function flushAndSettle(page: Page): Promise<void> {
  // Browser-side code as a string: this file is type-checked against Node's lib, not the DOM's.
  await page.evaluate('window.cairn?.flush?.()').catch(() => undefined);
  await page.waitForTimeout(2500);
}

async function cairnStorageKeys(page: Page): Promise<string[]> {
  return page.evaluate<string[]>("Object.keys(localStorage).filter((k) => k.startsWith('cairn'))");
}
