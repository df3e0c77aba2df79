import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/temp.js';
import { hmacHex } from '../secret.js';
import { StoreLockedError } from '../errors.js';
import { openStore } from '../open.js';
import { storeContract } from '../store.case.test.js';
import { DuckDbStore } from './duckdb-store.js';

storeContract('duckdb', () => openStore({ location: ':memory:' }));

describe('DuckDbStore', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);

  it('runs a statement from outside an open transaction after it, not inside it; concurrent transactions take turns', async () => {
    const store = await DuckDbStore.open({ location: ':memory:', secret: Buffer.alloc(32, 1) });
    try {
      await store.exec('CREATE TABLE t (x INTEGER)');
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const failing = store.transaction(async () => {
        await store.execute('INSERT INTO t VALUES (1)');
        await held;
        throw new Error('rolled back');
      });
      // Issued while the transaction is open, from elsewhere (a concurrent request): must survive the rollback.
      const outside = store.execute('INSERT INTO t VALUES (2)');
      const second = store.transaction(() => store.execute('INSERT INTO t VALUES (3)'));
      release();
      await expect(failing).rejects.toThrow('rolled back');
      await Promise.all([outside, second]);
      expect((await store.query<{ x: number }>('SELECT x FROM t ORDER BY x')).map((r) => r.x)).toEqual([2, 3]);
      await expect(store.transaction(() => store.transaction(async () => 1))).rejects.toThrow(/already open/);
    } finally {
      await store.close();
    }
  });

  it('matches node:crypto for cairn_hmac, including non-ASCII text', async () => {
    const secret = Buffer.alloc(32, 7);
    const store = await DuckDbStore.open({ location: ':memory:', secret });
    try {
      for (const value of ['anna@example.com', 'Zoë Ångström', '+4930123456']) {
        const rows = await store.query<{ h: string }>('SELECT cairn_hmac(?) AS h', [value]);
        expect(rows[0]?.h).toBe(hmacHex(secret, value));
      }
    } finally {
      await store.close();
    }
  });

  it('keeps the key out of the database file and reuses it on reopen', async () => {
    const location = join(tmp.dir, 'keyed.duckdb');
    const first = await openStore({ location });
    const h1 = (await first.query<{ h: string }>(`SELECT cairn_hmac('x') AS h`))[0]?.h;
    await first.close();
    const second = await openStore({ location });
    const h2 = (await second.query<{ h: string }>(`SELECT cairn_hmac('x') AS h`))[0]?.h;
    const macros = await second.query<{ n: number }>(`SELECT count(*) AS n FROM duckdb_functions() WHERE function_name = 'cairn_hmac' AND database_name <> 'temp'`);
    await second.close();
    expect(h1).toBe(h2);
    expect(macros[0]?.n).toBe(0);
  });

  it('migrates once: reopening applies nothing new', async () => {
    const location = join(tmp.dir, 'migrated.duckdb');
    const store = await openStore({ location });
    const version = await store.schemaVersion();
    await store.close();
    const again = (await DuckDbStore.open({ location, secret: Buffer.alloc(32), migrate: false }));
    expect(await again.migrate()).toEqual([]);
    expect(await again.schemaVersion()).toBe(version);
    await again.close();
  });

  it('gives a clear error when another process holds the file', async () => {
    const location = join(tmp.dir, 'locked.duckdb');
    await (await openStore({ location })).close();
    // A second process opens the store and waits; this one must then be refused, not corrupt it.
    const holderScript = join(tmp.dir, 'holder.mjs');
    const api = new URL('../../../node_modules/@duckdb/node-api/lib/index.js', import.meta.url).href;
    writeFileSync(holderScript, `import { DuckDBInstance } from '${api}';\nawait DuckDBInstance.create(${JSON.stringify(location)});\nconsole.log('open');\nsetTimeout(() => {}, 20000);\n`);
    const holder = spawn(process.execPath, [holderScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (d: Buffer) => d.toString().includes('open') && resolve());
        holder.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
      });
      const err = await openStore({ location }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StoreLockedError);
      expect((err as Error).message).toMatch(/open in another process/);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('refuses a file that is not a DuckDB database instead of opening it as something else', async () => {
    const notAStore = join(tmp.dir, 'export.json');
    writeFileSync(notAStore, '{"a": 1}\n');
    await expect(openStore({ location: notAStore })).rejects.toThrow(/is not a Cairn store/);
  });

  it('runs user SQL on a connection that cannot see the keyed-hash macros (their text holds the key)', async () => {
    const store = await openStore({ location: ':memory:' });
    try {
      const macros = await store.readOnlyQuery(`SELECT macro_definition FROM duckdb_functions() WHERE function_name LIKE 'cairn_%'`);
      expect(macros.rows).toEqual([]);
      await expect(store.readOnlyQuery(`EXPLAIN SELECT cairn_hmac('x')`)).rejects.toThrow(/cairn_hmac/);
      // The store's own statements still have them.
      expect((await store.query<{ h: string }>(`SELECT cairn_hmac('x') AS h`))[0]?.h).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await store.close();
    }
  });

  it('keeps one reject per short line, however many fields it lacks', async () => {
    const file = join(tmp.dir, 'short.csv');
    writeFileSync(file, 'a,b,c,d,e\n1,2,3,4,5\n6\n7,8,9,10,11\n');
    const store = await openStore({ location: ':memory:' });
    try {
      const staged = await store.stageFiles({ files: [file], format: 'csv', table: 'short_t', csv: { columns: ['a', 'b', 'c', 'd', 'e'] } });
      expect(staged.rows).toBe(2);
      expect(staged.rejects).toEqual([{ file, line: 3, raw: '6', reason: 'missing field', detail: expect.any(String) }]);
      expect(await store.query('SELECT a, _row FROM short_t ORDER BY _row')).toEqual([{ a: '1', _row: 2 }, { a: '7', _row: 4 }]);
    } finally {
      await store.close();
    }
  });

  it('stages a CSV with row numbers and keeps lines it cannot split', async () => {
    const file = join(tmp.dir, 'broken.csv');
    writeFileSync(file, 'a,b\n1,x\n2,y,extra\n3,z\n');
    const store = await openStore({ location: ':memory:' });
    try {
      const staged = await store.stageFiles({ files: [file], format: 'csv', table: 'stage_t' });
      expect(staged.columns).toEqual(['a', 'b']);
      expect(staged.rows).toBe(2);
      expect(staged.rejects).toEqual([{ file, line: 3, raw: '2,y,extra', reason: 'extra field', detail: expect.any(String) }]);
      // _row is the file line: the header is line 1, the rejected line 3.
      const rows = await store.query('SELECT a, _row FROM stage_t ORDER BY _row');
      expect(rows).toEqual([{ a: '1', _row: 2 }, { a: '3', _row: 4 }]);
    } finally {
      await store.close();
    }
  });
});
