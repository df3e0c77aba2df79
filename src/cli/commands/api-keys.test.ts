import { join } from 'node:path';
import pino from 'pino';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { tempDir } from '../../../test/temp.js';
import { registerApi } from '../../server/api/index.js';
import { createLiveFeed } from '../../server/deps.js';
import { openStore } from '../../store/index.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('cairn api-keys', () => {
  it('adds, lists and revokes keys; the printed key opens the API for its role', async () => {
    const db = join(tmp.dir, 'keys.duckdb');
    const added = await runCli('--db', db, 'api-keys', 'add', 'wallboard', '--role', 'viewer', '--json');
    expect(added.code, added.stderr).toBe(0);
    const made = JSON.parse(added.stdout) as { name: string; role: string; key: string; createdAt: string; revokedAt: null };
    expect(made).toMatchObject({ name: 'wallboard', role: 'viewer', key: expect.stringMatching(/^cairn_/), revokedAt: null });

    const human = await runCli('--db', db, 'api-keys', 'add', 'analysts', '--role', 'analyst');
    expect(human.stdout).toMatch(/curl -H 'Authorization: Bearer cairn_[^']+' http:\/\/127\.0\.0\.1:3000\/api\/summary/);

    const listed = await runCli('--db', db, 'api-keys', 'list', '--json');
    expect(JSON.parse(listed.stdout).keys.map((k: { name: string; role: string }) => [k.name, k.role])).toEqual([
      ['wallboard', 'viewer'],
      ['analysts', 'analyst'],
    ]);
    expect(listed.stdout).not.toContain(made.key);

    // The key works against the API over the same store, for what its role allows.
    const store = await openStore({ location: db });
    const app = Fastify();
    await registerApi(app, { store, secret: Buffer.alloc(32), live: createLiveFeed(), log: pino({ level: 'silent' }) });
    const auth = { authorization: `Bearer ${made.key}` };
    expect((await app.inject({ url: '/api/summary', headers: auth })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/customers', headers: auth })).statusCode).toBe(403);
    await app.close();
    await store.close();

    const revoked = await runCli('--db', db, 'api-keys', 'revoke', 'wallboard', '--json');
    expect(JSON.parse(revoked.stdout)).toMatchObject({ name: 'wallboard', revokedAt: expect.any(String) });
    expect((await runCli('--db', db, 'api-keys', 'list')).stdout).toMatch(/wallboard\s+viewer\s+\S+\s+\S+/);
  });

  it('refuses bad usage with exit code 2 and a message that says what to do', async () => {
    const db = join(tmp.dir, 'bad.duckdb');
    const noRole = await runCli('--db', db, 'api-keys', 'add', 'x');
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toMatch(/--role/);
    const badRole = await runCli('--db', db, 'api-keys', 'add', 'x', '--role', 'root');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/admin, analyst, viewer/);
    expect((await runCli('--db', db, 'api-keys', 'add', 'no spaces', '--role', 'admin')).code).toBe(2);
    expect((await runCli('--db', db, 'api-keys', 'add', 'ops', '--role', 'admin')).code).toBe(0);
    const twice = await runCli('--db', db, 'api-keys', 'add', 'ops', '--role', 'admin', '--json');
    expect(twice.code).toBe(2);
    expect(JSON.parse(twice.stdout).error.message).toMatch(/a key named "ops" exists; revoke it first/);
    const unknown = await runCli('--db', db, 'api-keys', 'revoke', 'nobody');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/there is no key named "nobody"/);
  });
});
