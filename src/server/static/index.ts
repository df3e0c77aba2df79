import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../deps.js';
import { DEMO_CSP, demoPage } from './demo-page.js';
import { DEFAULT_SDK_DIR } from './sdk-dir.js';

export interface StaticOptions {
  /** Folder with the built cairn.js and demo-shop.js; default `dist/sdk` (what `npm run build` makes). */
  sdkDir?: string;
  /** Write key for /demo/shop when the URL has no `?writeKey=`. */
  demoWriteKey?: string;
}

interface Asset {
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

const DemoQuery = z.object({
  writeKey: z.string().regex(/^[\w.-]{1,200}$/, 'writeKey must be the key `cairn sources add` printed (letters, digits, _ . -)').optional(),
  consent: z.enum(['required', 'not-required']).optional(),
});

/**
 * Serves the browser SDK at GET /cairn.js and the demo shop at GET /demo/shop (and its SPA routes
 * below it). The built files are read once, here: `npm run build` makes them.
 */
export async function registerStatic(app: FastifyInstance, deps: Pick<ServerDeps, 'log'>, options: StaticOptions = {}): Promise<void> {
  const dir = options.sdkDir ?? DEFAULT_SDK_DIR;
  const sdk = await loadAsset(join(dir, 'cairn.js'));
  const shop = await loadAsset(join(dir, 'demo-shop.js'));
  if (!sdk || !shop) deps.log.warn({ dir }, 'static: the browser SDK is not built; /cairn.js answers 503 until `npm run build` has run');

  // Shops embed the stable URL: a short max-age lets a new version reach visitors within minutes;
  // the ETag keeps revalidation to a 304.
  app.get('/cairn.js', (req, reply) => sendAsset(req, reply, sdk, 'public, max-age=600, stale-while-revalidate=86400'));
  app.get('/demo/shop-app.js', (req, reply) => sendAsset(req, reply, shop, 'public, max-age=60'));

  const page = (req: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const q = DemoQuery.safeParse(req.query);
    if (!q.success) {
      return reply.code(400).send({ error: { code: 'bad_request', message: q.error.issues[0]?.message ?? 'bad query' } });
    }
    const html = demoPage({ writeKey: q.data.writeKey ?? options.demoWriteKey, consentRequired: q.data.consent === 'required' });
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      // The page carries a write key: never cached by a shared cache.
      .header('cache-control', 'no-store')
      .header('content-security-policy', DEMO_CSP)
      .header('x-content-type-options', 'nosniff')
      .send(html);
  };
  app.get('/demo/shop', page);
  app.get('/demo/shop/*', page);
}

async function loadAsset(file: string): Promise<Asset | null> {
  try {
    const body = await readFile(file);
    return { body, gzip: gzipSync(body, { level: 9 }), etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function sendAsset(req: FastifyRequest, reply: FastifyReply, asset: Asset | null, cacheControl: string): FastifyReply {
  if (!asset) {
    return reply.code(503).send({ error: { code: 'sdk_not_built', message: 'the browser SDK is not built: run `npm run build` in the Cairn folder, then restart' } });
  }
  reply
    .header('content-type', 'text/javascript; charset=utf-8')
    .header('cache-control', cacheControl)
    .header('etag', asset.etag)
    .header('vary', 'Accept-Encoding')
    .header('x-content-type-options', 'nosniff')
    // Loaded by shops on other origins, with or without crossorigin/SRI.
    .header('access-control-allow-origin', '*')
    .header('cross-origin-resource-policy', 'cross-origin');
  if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(asset.gzip);
  return reply.send(asset.body);
}
