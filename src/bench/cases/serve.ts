import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { pino } from 'pino';
import { addSource } from '../../server/collector/index.js';
import { startServer, type RunningServer } from '../../server/server.js';
import type { BenchCase, BenchLine } from '../bench.js';

const run = promisify(execFile);
const LOAD = new URL('../serve-load.js', import.meta.url).pathname;
const SECONDS = 10;
const CONNECTIONS = 32;
const BATCH = 100;

interface LoadResult {
  ok: number;
  okPerSecond: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  latency: { p50: number; p90: number; p99: number; max: number };
}

/** autocannon from a second process against `url`; `rate` requests/s in all, 0 for as fast as it goes. */
async function load(url: string, auth: string, bodyFile: string, rate: number): Promise<LoadResult> {
  const { stdout } = await run(process.execPath, [LOAD, url, auth, String(SECONDS), String(CONNECTIONS), String(Math.round(rate)), bodyFile], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as LoadResult;
}

/**
 * A batch of 100 messages as @segment/analytics-node sends them (~560 bytes each): mostly page
 * views and product events of anonymous visitors, some identified users, every messageId unique
 * (autocannon puts one fresh id per request in place of every `[<id>]`; the index tells the 100 apart).
 */
function batchBody(): string {
  const batch = Array.from({ length: BATCH }, (_, i) => {
    const common = {
      messageId: `bench-[<id>]-${i}`,
      anonymousId: `anon-${i % 37}`,
      ...(i % 10 === 0 ? { userId: `user-${i}` } : {}),
      timestamp: '2024-05-01T10:00:00.000Z',
      context: {
        library: { name: '@segment/analytics-node', version: '3.1.0' },
        page: { path: `/products/${i}`, url: `https://shop.example/products/${i}`, referrer: 'https://www.google.com/', title: `Product ${i}` },
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
        locale: 'en-GB',
        ip: '203.0.113.9',
      },
    };
    if (i % 5 === 0) return { ...common, type: 'page', name: 'Product', properties: { path: `/products/${i}`, title: `Product ${i}` } };
    return { ...common, type: 'track', event: i % 3 ? 'Product Viewed' : 'Product Added', properties: { product_id: `p-${i}`, sku: `SKU-${i}`, category: 'Kitchen', name: `Kettle ${i}`, price: 29.99, currency: 'GBP', quantity: 1 } };
  });
  return JSON.stringify({ batch, sentAt: '2024-05-01T10:00:01.000Z' });
}

/** A bare Fastify endpoint: parses the JSON body and answers 200, nothing else. */
async function bareEndpoint(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify({ bodyLimit: 500 * 1024 });
  app.post('/v1/batch', async (request) => ({ success: true, n: (request.body as { batch: unknown[] }).batch.length }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

/** Waits until the server's log is empty (everything loaded); returns the seconds it took. */
async function drained(server: RunningServer): Promise<number> {
  const start = performance.now();
  while (server.wal.backlog.events > 0) await new Promise((r) => setTimeout(r, 100));
  return (performance.now() - start) / 1000;
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/**
 * Probes, one every 50 ms while `during` runs: a single /v1/track, timed from its 200 to the
 * moment the loader's commit of it reaches the live feed. Returns the delays in ms.
 */
async function probeFreshness(server: RunningServer, auth: string, during: Promise<unknown>, prefix: string): Promise<number[]> {
  const acked = new Map<string, number>();
  const seen = new Map<string, number>();
  const unsubscribe = server.deps.live.subscribe((events) => {
    const now = performance.now();
    for (const e of events) if (e.eventId.startsWith(prefix)) seen.set(e.eventId, now);
  });
  let done = false;
  void during.finally(() => (done = true));
  let n = 0;
  while (!done) {
    const id = `${prefix}${++n}`;
    const r = await fetch(`${server.url}/v1/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({ messageId: id, anonymousId: 'probe', event: 'Probe', timestamp: new Date().toISOString() }),
    });
    await r.arrayBuffer();
    if (r.status === 200) acked.set(id, performance.now());
    await new Promise((res) => setTimeout(res, 50));
  }
  await drained(server);
  unsubscribe();
  return [...acked].flatMap(([id, t]) => (seen.has(id) ? [seen.get(id)! - t] : [])).sort((a, b) => a - b);
}

/**
 * `cairn serve` ingest: durable /v1/batch (validation, group-committed fsync, the loader running)
 * against a bare Fastify endpoint that only parses, in the same run, with autocannon from a
 * second process (batches of 100, 32 connections); p99 latency at half the durable load; and the
 * time from a 200 to the event being queryable.
 */
export const serveBench: BenchCase = {
  name: 'serve',
  async *run(): AsyncIterable<BenchLine> {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-serve-'));
    try {
      const bodyFile = join(dir, 'batch.json');
      writeFileSync(bodyFile, batchBody());
      const bare = await bareEndpoint();
      const bareResult = await load(`${bare.url}/v1/batch`, '-', bodyFile, 0).finally(() => bare.close());
      const bareRate = bareResult.okPerSecond * BATCH;

      const server = await startServer({ db: join(dir, 'serve.duckdb'), port: 0, host: '127.0.0.1', log: pino({ level: 'silent' }) });
      try {
        const { writeKey } = await addSource(server.deps.store, 'bench');
        const auth = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
        await new Promise((r) => setTimeout(r, 1100)); // the key cache takes a new source within a second
        const full = await load(`${server.url}/v1/batch`, auth, bodyFile, 0);
        const rate = full.okPerSecond * BATCH;
        const backlog = server.wal.backlog.events;
        const loadedBefore = server.loader.status.events;
        const drainSeconds = await drained(server);
        const loaderRate = (server.loader.status.events - loadedBefore) / Math.max(drainSeconds, 0.001);

        // Freshness with nothing else going on: probes only, for as long as a load run.
        const idleDelays = await probeFreshness(server, auth, new Promise((r) => setTimeout(r, SECONDS * 1000)), 'probe-idle-');

        const halfRate = full.okPerSecond / 2;
        const halfRun = load(`${server.url}/v1/batch`, auth, bodyFile, halfRate);
        const delays = await probeFreshness(server, auth, halfRun, 'probe-half-');
        const half = await halfRun;
        const stored = (await server.deps.store.query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE event_id LIKE 'bench-%'`))[0]?.n ?? 0;
        const acknowledged = (full.ok + half.ok) * BATCH;

        yield {
          bench: 'serve',
          case: `durable POST /v1/batch (${BATCH} events a batch, ${CONNECTIONS} connections, ${SECONDS} s, loader running)`,
          value: Math.round(rate),
          unit: 'events/s',
          peer: { name: 'bare Fastify endpoint that only parses and answers 200, same run', value: Math.round(bareRate), unit: 'events/s' },
          goal: { text: '>= 0.5 of bare and >= 100k durable events/s', met: rate >= 0.5 * bareRate && rate >= 100_000 },
          details: {
            ratio: +(rate / bareRate).toFixed(3),
            p99LatencyMs: full.latency.p99,
            bareP99LatencyMs: bareResult.latency.p99,
            non2xx: full.statusCodes,
            errors: full.errors,
            backlogAtEnd: backlog,
            loaderDrainSeconds: +drainSeconds.toFixed(1),
            loaderEventsPerSecondDraining: Math.round(loaderRate),
            acknowledgedEvents: acknowledged,
            storedEvents: stored,
          },
        };
        yield {
          bench: 'serve',
          case: `p99 latency at half the durable load (${Math.round(halfRate * BATCH).toLocaleString('en-US')} events/s)`,
          value: half.latency.p99,
          unit: 'ms',
          details: { p50: half.latency.p50, p90: half.latency.p90, max: half.latency.max, achievedEventsPerSecond: Math.round(half.okPerSecond * BATCH), non2xx: half.statusCodes },
        };
        const spread = (d: number[]) => ({ p50: Math.round(quantile(d, 0.5)), p99: Math.round(quantile(d, 0.99)), max: Math.round(d[d.length - 1] ?? NaN), probes: d.length });
        yield {
          bench: 'serve',
          case: 'time from a 200 to queryable in the store (single events, no other load)',
          value: Math.round(quantile(idleDelays, 0.5)),
          unit: 'ms (p50)',
          details: { ...spread(idleDelays), duringHalfLoad: spread(delays) },
        };
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
