import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledCliForSuite } from '../../test/cli-bundle.js';
import { runCli } from '../../test/run-cli.js';
import { tempDir } from '../../test/temp.js';
import { openStore } from '../store/index.js';

const tmp = tempDir('cairn-crash-');
const cli = bundledCliForSuite();
afterAll(tmp.cleanup);

const db = join(tmp.dir, 'crash.duckdb');

/** `cairn serve` in a child process; resolves with it and its URL once it listens. */
async function serve(): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null>; stderr: () => string }> {
  const child = spawn(process.execPath, [cli(), '--db', db, '--json', 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CAIRN_LOG_LEVEL: 'warn' } });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', () => reject(new Error(`cairn serve exited before listening: ${stderr}`)));
  });
  return { child, url: (JSON.parse(line) as { listening: string }).listening, exited, stderr: () => stderr };
}

const BATCH = 50;
const batchOf = (b: number) => ({ batch: Array.from({ length: BATCH }, (_, i) => ({ type: 'track', messageId: `c-${b}-${i}`, anonymousId: `a-${i % 7}`, event: 'Crash Test', properties: { b, i }, timestamp: '2024-05-01T10:00:00Z' })) });

async function send(url: string, key: string, b: number): Promise<boolean> {
  try {
    const r = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` }, body: JSON.stringify(batchOf(b)) });
    await r.arrayBuffer();
    return r.status === 200;
  } catch {
    return false; // the server died under the request: not acknowledged
  }
}

async function storedIds(): Promise<{ ids: Set<string>; rows: number }> {
  const store = await openStore({ location: db });
  try {
    const rows = await store.query<{ event_id: string }>(`SELECT event_id FROM events`);
    return { ids: new Set(rows.map((r) => r.event_id)), rows: rows.length };
  } finally {
    await store.close();
  }
}

/** Stops a server gracefully (SIGTERM: the log is loaded into the store first). */
async function stop(s: { child: ChildProcess; exited: Promise<number | null>; stderr: () => string }): Promise<void> {
  s.child.kill('SIGTERM');
  expect(await s.exited, s.stderr()).toBe(0);
}

describe('cairn serve killed with SIGKILL while a client sends', () => {
  it('has every acknowledged event stored exactly once after a restart, and the retried rest once too', async () => {
    const made = await runCli('--db', db, '--json', 'sources', 'add', 'crash');
    expect(made.code, made.stderr).toBe(0);
    const key = (JSON.parse(made.stdout) as { writeKey: string }).writeKey;

    const first = await serve();
    const acked = new Set<number>();
    let next = 0;
    let killed = false;
    // Four clients send batches until the server is killed, 300 ms after the first acknowledgement.
    const clients = Array.from({ length: 4 }, async () => {
      while (!killed) {
        const b = next++;
        if (await send(first.url, key, b)) acked.add(b);
        if (acked.size === 1 && !killed) setTimeout(() => ((killed = true), first.child.kill('SIGKILL')), 300);
      }
    });
    await Promise.all(clients);
    await first.exited;
    const sent = next;
    expect(acked.size).toBeGreaterThan(0);
    // Usually some requests are cut off by the kill; all of them may also have been answered just before it.
    expect(acked.size).toBeLessThanOrEqual(sent);

    // Restart: what the log held is loaded; stop gracefully and look.
    await stop(await serve());
    const after = await storedIds();
    expect(after.rows).toBe(after.ids.size); // no duplicates
    for (const b of acked) for (let i = 0; i < BATCH; i++) expect(after.ids.has(`c-${b}-${i}`), `acknowledged c-${b}-${i}`).toBe(true);
    for (const id of after.ids) expect(Number(id.split('-')[1])).toBeLessThan(sent); // nothing invented

    // The client retries what was not acknowledged, and (as clients do) one that was: each lands once.
    const again = await serve();
    for (let b = 0; b < sent; b++) if (!acked.has(b)) expect(await send(again.url, key, b)).toBe(true);
    expect(await send(again.url, key, [...acked][0]!)).toBe(true);
    await stop(again);
    const final = await storedIds();
    expect(final.rows).toBe(sent * BATCH); // count(acknowledged) == count(stored)
    expect(final.ids.size).toBe(sent * BATCH);
  });
});
