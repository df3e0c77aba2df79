import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { findChromium, launchChromium, waitFor } from '../../../test/browser.js';
import { tempDir } from '../../../test/temp.js';
import { openStore } from '../../store/index.js';
import { addSource } from '../collector/index.js';
import { type RunningServer, startServer } from '../server.js';
import { buildSdk } from './build-sdk.js';

const CHROMIUM = findChromium();
if (!CHROMIUM) console.log('browser test (cairn serve) skipped: no chromium on PATH (Debian: apt-get install chromium)');

/**
 * The same shop, against the real `cairn serve` app: collector, write-ahead log, loader, store.
 * What the browser sends must pass the collector's validation and land in the store.
 */
describe.skipIf(!CHROMIUM)('cairn.js in Chromium against cairn serve', () => {
  let browser: Browser;
  let server: RunningServer;
  let writeKey: string;
  let tmp: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    tmp = tempDir('cairn-sdk-serve-');
    const db = join(tmp.dir, 'cairn.duckdb');
    // The source exists before the server starts, as after `cairn sources add demo-shop`.
    // No secret given: the store's key file beside it, which the server then reads too.
    const store = await openStore({ location: db, secret: process.env['CAIRN_SECRET'] });
    try {
      ({ writeKey } = await addSource(store, 'demo-shop'));
    } finally {
      await store.close();
    }
    // The server serves dist/sdk; make sure it holds the SDK under test.
    await buildSdk();
    server = await startServer({ db, port: 0, host: '127.0.0.1', log: pino({ level: 'silent' }) });
    browser = await launchChromium(CHROMIUM!);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    tmp?.cleanup();
  });

  it('the events of a purchase, rage clicks included, are in the store with the order', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/demo/shop?writeKey=${writeKey}`);
    await page.click('[data-product-id="p-1005"] h3 a');
    await page.click('#add-to-cart');
    await page.click('#cart-link');
    await page.waitForSelector('#apply-coupon');
    const box = (await page.locator('#apply-coupon').boundingBox())!;
    for (let i = 0; i < 3; i++) await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.click('#checkout');
    await page.fill('#checkout-form [name="name"]', 'Grace Testwright');
    await page.fill('#checkout-form [name="email"]', 'grace.testwright@example.org');
    for (const f of ['street', 'postcode', 'city', 'card']) await page.fill(`#checkout-form [name="${f}"]`, '1234');
    await page.click('#place-order');
    const orderId = (await page.locator('#order-id').textContent())!;
    await page.goto('about:blank'); // page hide: the rest goes by beacon
    await context.close();

    const store = server.deps.store;
    type Row = { type: string; name: string | null; anonymous_id: string | null; session_id: string | null; properties: string | null };
    let last: Row[] = [];
    let refused: unknown[] = [];
    const rows = await waitFor('Order Completed and Rage Click in the store', async () => {
      last = await store.query<Row>(`SELECT type, name, anonymous_id, session_id, CAST(properties AS VARCHAR) AS properties FROM events`);
      refused = await store.query(`SELECT reason, detail FROM quarantine`);
      const has = (name: string): boolean => last.some((e) => e.name === name);
      return has('Order Completed') && has('Rage Click') && has('Scroll Depth') ? last : undefined;
    }, 20_000, () => `${last.map((r) => r.name ?? r.type).join(', ')}; quarantine: ${JSON.stringify(refused)}`);

    const pagePaths = rows.filter((r) => r.type === 'page').map((r) => JSON.parse(r.properties!).path as string);
    expect(pagePaths).toEqual(expect.arrayContaining(['/demo/shop', '/demo/shop/product/p-1005', '/demo/shop/cart', '/demo/shop/checkout', `/demo/shop/order/${orderId}`]));
    expect(new Set(rows.map((r) => r.anonymous_id)).size).toBe(1);
    expect(new Set(rows.map((r) => r.session_id)).size).toBe(1);
    expect(rows[0]!.session_id).toBeTruthy();
    const rage = rows.find((r) => r.name === 'Rage Click')!;
    expect(JSON.parse(rage.properties!)).toMatchObject({ selector: '#apply-coupon', click_count: 3 });
    const order = JSON.parse(rows.find((r) => r.name === 'Order Completed')!.properties!);
    expect(order).toMatchObject({ order_id: orderId, revenue: 24, currency: 'EUR' });

    // Nothing the SDK sent was refused, and the order made it into the orders table.
    expect(await store.query(`SELECT reason FROM quarantine`)).toEqual([]);
    const orders = await store.query<{ revenue: number }>(`SELECT CAST(revenue AS DOUBLE) AS revenue FROM orders`);
    expect(orders.map((o) => o.revenue)).toEqual([24]);
    const all = JSON.stringify(await store.query(`SELECT CAST(properties AS VARCHAR) AS p, CAST(context AS VARCHAR) AS c FROM events`));
    expect(all).not.toContain('grace.testwright');
  });

  it('works on a shop of another origin, pasted as the README shows: queue, consent, CORS', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const html = `<!doctype html><html><head><title>Another shop</title>
<script src="${server.url}/cairn.js" data-write-key="${writeKey}" data-consent="required" defer></script>
<script>
  window.cairn = window.cairn || { q: [], consent: {} };
  for (const m of ['track', 'identify', 'page']) cairn[m] = (...a) => cairn.q.push([m, ...a]);
  for (const m of ['grant', 'revoke']) cairn.consent[m] = () => cairn.q.push(['consent.' + m]);
  cairn.track('Signed Up', { plan: 'pro' });
  cairn.consent.grant();
</script></head><body><button id="buy">Buy</button></body></html>`;
    // The shop is a server of its own on another port: another origin, on loopback like Cairn
    // (Chrome refuses a public page's requests to a loopback address).
    const shopServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
    await new Promise<void>((resolve) => shopServer.listen(0, '127.0.0.1', resolve));
    const shop = `http://127.0.0.1:${(shopServer.address() as AddressInfo).port}`;
    onTestFinished(() => new Promise<void>((resolve) => shopServer.close(() => resolve())));
    await page.goto(`${shop}/landing`);
    await page.waitForFunction('window.cairn && window.cairn.loaded');
    await page.click('#buy');
    await page.evaluate('window.cairn.flush()');
    const cookie = await waitFor('the anonymous id cookie', async () => (await context.cookies()).find((c) => c.name === 'cairn_aid'));
    await page.goto('about:blank');
    await context.close();

    const store = server.deps.store;
    const rows = await waitFor('the other shop\'s events', async () => {
      const r = await store.query<{ type: string; name: string | null; url: string }>(
        `SELECT type, name, json_extract_string(context, '$.page.url') AS url FROM events WHERE json_extract_string(context, '$.page.url') LIKE ?`,
        [`${shop}/%`],
      );
      return r.some((e) => e.name === 'Signed Up') && r.some((e) => e.name === 'Element Clicked') && r.some((e) => e.type === 'page') ? r : undefined;
    }, 20_000);
    expect(rows.every((r) => r.url === `${shop}/landing`)).toBe(true);
    expect(cookie.domain).toBe('127.0.0.1');
    expect(await store.query(`SELECT reason FROM quarantine`)).toEqual([]);
  });
});
