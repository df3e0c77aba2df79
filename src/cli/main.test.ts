import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/run-cli.js';
import { SHARED_DATA, tempDir } from '../../test/temp.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const db = join(tmp.dir, 'cli.duckdb');
const sample = join(SHARED_DATA, 'online-retail-sample');

describe('cairn command line', () => {
  it('prints help and exits 0', async () => {
    const r = await runCli('--help');
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/import/);
  });

  it('exits 2 on bad usage, with a hint', async () => {
    expect((await runCli('--db', db, 'nonsense')).code).toBe(2);
    const noSource = await runCli('--db', db, 'import', 'x.csv');
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toMatch(/--source/);
    const unknown = await runCli('--db', db, 'import', 'x.csv', '--source', 'no-such-source');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown source "no-such-source": use one of online-retail/);
    const missing = await runCli('--db', db, 'import', join(tmp.dir, 'nope.csv'), '--source', 'online-retail');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
  });

  it('exits 1 when the work fails: an empty file, a wrong file, a writing query', async () => {
    const empty = join(tmp.dir, 'empty.csv');
    writeFileSync(empty, '');
    const r1 = await runCli('--db', db, 'import', empty, '--source', 'online-retail');
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/is empty/);
    const wrong = join(tmp.dir, 'wrong.csv');
    writeFileSync(wrong, 'a,b\n1,2\n');
    const r2 = await runCli('--db', db, '--json', 'import', wrong, '--source', 'online-retail');
    expect(r2.code).toBe(1);
    expect(JSON.parse(r2.stdout)).toEqual({ error: { code: 'failed', message: expect.stringMatching(/has no columns/) } });
    const telcoish = join(tmp.dir, 'customers.csv');
    writeFileSync(telcoish, 'customerID,gender,SeniorCitizen,Partner,Dependents,tenure,PhoneService,MultipleLines,InternetService,OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,StreamingMovies,Contract,PaperlessBilling,PaymentMethod,MonthlyCharges,TotalCharges,Churn\n');
    const r4 = await runCli('--db', db, 'import', telcoish, '--source', 'cdnow');
    expect(r4.code).toBe(1);
    expect(r4.stderr).toMatch(/does not look like a cdnow file.*use --source telco/);
    const r3 = await runCli('--db', db, 'sql', 'DELETE FROM orders');
    expect(r3.code).toBe(1);
    expect(r3.stderr).toMatch(/only reading statements/);
  });

  it.skipIf(!existsSync(sample))('imports with --json as one JSON document, then answers sql --json', async () => {
    const r = await runCli('--db', db, '--json', 'import', join(sample, '*.csv'), '--source', 'online-retail');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { rowsRead: number; accepted: number; duplicates: number; quarantined: number };
    expect(report.rowsRead).toBe(report.accepted + report.duplicates + report.quarantined);
    expect(report.rowsRead).toBeGreaterThan(5000);
    const q = await runCli('--db', db, 'sql', 'SELECT count(*) AS n FROM imports WHERE status = \'done\'', '--json');
    expect(q.code).toBe(0);
    expect(JSON.parse(q.stdout)).toEqual({ columns: ['n'], rows: [{ n: 1 }] });
  });
});
