import { execFileSync } from 'node:child_process';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { type Browser, chromium } from 'playwright-core';
import { registerStatic } from '../src/server/static/index.js';

/** Debian's chromium (`apt-get install chromium`), or null when the machine has none. */
export function findChromium(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** One request that reached POST /v1/batch, as the collector would see it. */
export interface ReceivedBatch {
  /** The write key: Basic-auth user (fetch) or the body's `writeKey` (sendBeacon). */
  writeKey: string | undefined;
  via: 'basic-auth' | 'body';
  contentType: string;
  raw: string;
  messages: Record<string, unknown>[];
}

/**
 * A Fastify app with the static routes (cairn.js, the demo shop) and a POST /v1/batch that only
 * records what it gets: the browser test's stand-in for the collector.
 */
export async function recordingCollector(sdkDir: string): Promise<{ app: FastifyInstance; url: string; batches: ReceivedBatch[] }> {
  const app = Fastify();
  const batches: ReceivedBatch[] = [];
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.post('/v1/batch', async (req) => {
    const raw = String(req.body);
    const body = JSON.parse(raw) as { batch: Record<string, unknown>[]; writeKey?: string };
    const auth = req.headers.authorization;
    const fromAuth = auth?.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').replace(/:$/, '') : undefined;
    batches.push({
      writeKey: fromAuth ?? body.writeKey,
      via: fromAuth ? 'basic-auth' : 'body',
      contentType: req.headers['content-type'] ?? '',
      raw,
      messages: body.batch,
    });
    return { success: true };
  });
  await registerStatic(app, { log: pino({ level: 'silent' }) }, { sdkDir });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url, batches };
}

/** Polls until `check` returns a value (not undefined), or fails after `ms` saying what it last saw. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 15_000, seen?: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${seen ? `; got: ${seen()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
