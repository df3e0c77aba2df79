import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { SHARED_DATA, tempDir } from '../../../test/temp.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const summary = join(SHARED_DATA, 'cdnow-lifetimes', 'cdnow_customers_summary_with_transactions.csv');

describe('cairn clv fit --summary', () => {
  it.skipIf(!existsSync(summary))('fits BG/NBD and Gamma-Gamma on a lifetimes summary file, no store needed', async () => {
    const r = await runCli('--json', 'clv', 'fit', '--summary', summary);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { customers: number; bgnbd: { params: Record<string, number> }; gammaGamma: { params: Record<string, number>; customers: number } };
    expect(doc.customers).toBe(2357);
    expect(doc.bgnbd.params['r']).toBeCloseTo(0.243, 3);
    expect(doc.gammaGamma.customers).toBe(946);
    expect(doc.gammaGamma.params['p']).toBeCloseTo(6.25, 2);
  });

  it('exits 2 on a file without the summary columns, or with an impossible row', async () => {
    const wrong = join(tmp.dir, 'wrong.csv');
    writeFileSync(wrong, 'customer,orders\n1,2\n');
    const r = await runCli('clv', 'fit', '--summary', wrong);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no frequency, recency, T column/);
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(bad, 'frequency,recency,T\n2,50,40\n');
    const r2 = await runCli('clv', 'fit', '--summary', bad);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/recency ≤ T/);
  });
});
