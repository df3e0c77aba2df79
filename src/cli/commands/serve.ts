import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { startServer, defaultLogDir, type RunningServer } from '../../server/server.js';
import { UsageError } from '../errors.js';
import { say, type GlobalOptions } from '../output.js';

interface ServeFlags extends GlobalOptions {
  port?: string;
  host?: string;
  logDir?: string;
}

/** --port and --host, checked. */
export function listenOptions(flags: { port?: string | undefined; host?: string | undefined }): { port: number; host: string } {
  const port = flags.port === undefined ? 3000 : Number(flags.port);
  if (!/^\d{1,5}$/.test(flags.port ?? '3000') || port > 65535) throw new UsageError('--port must be a port number (0-65535), e.g. 3000');
  return { port, host: flags.host ?? '127.0.0.1' };
}

/**
 * Resolves at the first SIGTERM or SIGINT. Listening starts at once (before the server is up), so
 * a signal that comes as soon as the server says it listens still stops it gracefully.
 */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

/** Graceful shutdown after `signal`: requests under way finish and the whole log is loaded first. */
export async function stopOnSignal(server: RunningServer, signal: Promise<string>): Promise<void> {
  say(`cairn serve: ${await signal}: finishing requests and loading the log into the store…`);
  const started = Date.now();
  await server.close();
  say(`cairn serve: stopped (${server.loader.status.events.toLocaleString('en-US')} events stored this run; shutdown took ${Date.now() - started} ms)`);
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the Segment-compatible collector, the REST API and the dashboard on one port')
    .option('--port <n>', 'port to listen on (default 3000; 0 picks a free one)')
    .option('--host <address>', 'address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)')
    .option('--log-dir <dir>', "folder of the collector's write-ahead log (default <db>.collector-log)")
    .addHelpText('after', `
Collector (Segment's HTTP API; the write key is the Basic auth user, or "writeKey" in the body):
  POST /v1/batch  {"batch": [message, …]}        POST /v1/track | identify | page | screen | group | alias
  A 200 means the events are on disk; a loader moves them into the store (within about a second).
  Limits: 500 KB a request (413 batch_too_large), 32 KB an event (400 event_too_large).
  Invalid events go to the quarantine; the 200 says how many ("accepted", "quarantined", "rejected").
  401 missing/invalid write key, 400 bad JSON or wrong types, 429 when the store is behind (Retry-After).
Operations: GET /healthz, /readyz, /metrics (Prometheus).

Make a write key first: cairn sources add web-shop
  curl -u WRITE_KEY: -H 'Content-Type: application/json' http://127.0.0.1:3000/v1/track \\
    -d '{"userId":"u-1","event":"Order Completed","properties":{"revenue":42}}'

SIGTERM or Ctrl-C stops it gracefully: requests under way finish and the log is loaded first.`)
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<ServeFlags>();
      const { port, host } = listenOptions(flags);
      const db = flags.db ?? loadConfig().db;
      const signal = untilSignal();
      const server = await startServer({ db, port, host, ...(flags.logDir ? { logDir: flags.logDir } : {}) });
      const info = { listening: server.url, store: db, log: flags.logDir ?? defaultLogDir(db), pid: process.pid };
      if (flags.json) process.stdout.write(`${JSON.stringify(info)}\n`);
      say(`cairn serve: listening on ${server.url} (store ${db}); collector at ${server.url}/v1/batch; Ctrl-C stops`);
      await stopOnSignal(server, signal);
    });
}
