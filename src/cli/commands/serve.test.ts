import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledCliForSuite } from '../../../test/cli-bundle.js';
import { runCli } from '../../../test/run-cli.js';
import { tempDir } from '../../../test/temp.js';

const tmp = tempDir('cairn-serve-cli-');
const cli = bundledCliForSuite();
afterAll(tmp.cleanup);

describe('cairn sources', () => {
  const db = join(tmp.dir, 'sources.duckdb');

  it('adds a source with a write key shown once, lists it without the key, revokes it', async () => {
    const added = await runCli('--db', db, '--json', 'sources', 'add', 'web-shop');
    expect(added.code, added.stderr).toBe(0);
    const { writeKey, name } = JSON.parse(added.stdout) as { writeKey: string; name: string };
    expect(name).toBe('web-shop');
    expect(writeKey).toMatch(/^cw_[A-Za-z0-9_-]{32}$/);

    const listed = await runCli('--db', db, '--json', 'sources', 'list');
    const { sources } = JSON.parse(listed.stdout) as { sources: { name: string; keyHint: string; revokedAt: string | null }[] };
    expect(sources).toEqual([expect.objectContaining({ name: 'web-shop', keyHint: writeKey.slice(-4), revokedAt: null })]);
    expect(listed.stdout).not.toContain(writeKey);
    const text = await runCli('--db', db, 'sources', 'list');
    expect(text.stdout).toContain(`…${writeKey.slice(-4)}`);

    const again = await runCli('--db', db, 'sources', 'add', 'web-shop');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already a source named web-shop/);
    const bad = await runCli('--db', db, 'sources', 'add', 'no spaces please');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot name a source/);

    expect((await runCli('--db', db, 'sources', 'revoke', 'web-shop')).code).toBe(0);
    const after = JSON.parse((await runCli('--db', db, '--json', 'sources', 'list')).stdout) as { sources: { revokedAt: string | null }[] };
    expect(after.sources[0]?.revokedAt).not.toBeNull();
    expect((await runCli('--db', db, 'sources', 'revoke', 'nope')).code).toBe(2);
  });

  it('refuses a bad --port', async () => {
    const r = await runCli('--db', join(tmp.dir, 'p.duckdb'), 'serve', '--port', 'http');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port must be a port number/);
  });
});

describe('cairn demo (serving)', () => {
  it('imports, then serves on --port with a write key for the demo shop; SIGTERM stops it', async () => {
    const child = spawn(
      process.execPath,
      [cli(), '--db', join(tmp.dir, 'demo.duckdb'), '--json', 'demo', '--customers', '40', '--days', '20', '--out', join(tmp.dir, 'shop'), '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // --json prints one document once the server is up.
    const doc = await new Promise<{ serve: { url: string; demoShop: string; demoWriteKey: string }; totals: { events: number } }>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        try {
          resolve(JSON.parse(stdout) as never);
        } catch {
          // not whole yet
        }
      });
      child.once('exit', () => reject(new Error(`demo exited: ${stderr}`)));
    });
    try {
      expect(doc.totals.events).toBeGreaterThan(0);
      expect((await fetch(`${doc.serve.url}/healthz`)).status).toBe(200);
      const r = await fetch(`${doc.serve.url}/v1/track`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${doc.serve.demoWriteKey}:`).toString('base64')}` },
        body: JSON.stringify({ anonymousId: 'a-1', event: 'Demo Ping' }),
      });
      expect(r.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, stderr).toBe(0);
    const sql = await runCli('--db', join(tmp.dir, 'demo.duckdb'), '--json', 'sql', `SELECT count(*) AS n FROM events WHERE name = 'Demo Ping'`);
    expect(sql.stdout).toMatch(/"n": 1/);
  });
});
