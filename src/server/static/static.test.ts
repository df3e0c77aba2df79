import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/temp.js';
import { registerStatic, type StaticOptions } from './index.js';

const SDK = '(()=>{window.cairn={loaded:!0}})();\n'.repeat(50);

async function appWith(files: Record<string, string>, options: Omit<StaticOptions, 'sdkDir'> = {}): Promise<FastifyInstance> {
  const tmp = tempDir('cairn-static-');
  for (const [name, body] of Object.entries(files)) writeFileSync(join(tmp.dir, name), body);
  const app = Fastify();
  await registerStatic(app, { log: pino({ level: 'silent' }) }, { sdkDir: tmp.dir, ...options });
  app.addHook('onClose', async () => tmp.cleanup());
  return app;
}

describe('registerStatic', () => {
  let app: FastifyInstance;
  afterEach(async () => app?.close());

  it('serves cairn.js as JavaScript with caching headers, gzipped when asked, 304 on a matching ETag', async () => {
    app = await appWith({ 'cairn.js': SDK, 'demo-shop.js': '1' });
    const plain = await app.inject({ url: '/cairn.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    expect(plain.headers['access-control-allow-origin']).toBe('*');
    expect(plain.body).toBe(SDK);

    const zipped = await app.inject({ url: '/cairn.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['vary']).toBe('Accept-Encoding');
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(SDK);
    expect(zipped.rawPayload.length).toBeLessThan(SDK.length / 5);

    const again = await app.inject({ url: '/cairn.js', headers: { 'if-none-match': String(plain.headers['etag']) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers 503 with what to do when the SDK is not built', async () => {
    app = await appWith({});
    const res = await app.inject({ url: '/cairn.js' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ error: { code: 'sdk_not_built', message: expect.stringContaining('npm run build') } });
  });

  it('serves the demo shop on every SPA route, with the write key from the query or the option', async () => {
    app = await appWith({ 'cairn.js': SDK, 'demo-shop.js': '1' }, { demoWriteKey: 'cw_default' });
    for (const url of ['/demo/shop', '/demo/shop/product/p-1001', '/demo/shop/cart']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain('<script src="/cairn.js" data-write-key="cw_default" defer>');
    }
    const own = await app.inject({ url: '/demo/shop?writeKey=cw_Ab-9_x&consent=required' });
    expect(own.body).toContain('data-write-key="cw_Ab-9_x" data-consent="required"');
    expect(own.body).toContain('id="consent"');
    expect((await app.inject({ url: '/demo/shop-app.js' })).body).toBe('1');
  });

  it('says how to get a key when there is none, and refuses a key that cannot be one', async () => {
    app = await appWith({ 'cairn.js': SDK, 'demo-shop.js': '1' });
    const none = await app.inject({ url: '/demo/shop' });
    expect(none.body).toContain('cairn sources add');
    expect(none.body).not.toContain('data-write-key');
    const bad = await app.inject({ url: '/demo/shop?writeKey=%22%3E%3Cscript%3E' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('writeKey');
  });
});
