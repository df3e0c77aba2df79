import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { tempDir } from '../../../test/temp.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

interface DemoDocument {
  totals: { customers: number; events: number; orders: number; quarantined: number; reviews: number; byChannel: { channel: string }[] };
  steps: { step: string; detail: { accepted?: number; duplicates?: number; read?: number; reused?: boolean; written?: number; skipped?: string } }[];
}

describe('cairn demo', () => {
  const args = ['--db', join(tmp.dir, 'demo.duckdb'), '--json', 'demo', '--no-serve', '--customers', '80', '--days', '30', '--out', join(tmp.dir, 'shop')];

  it('generates, imports every file and summarises; a second run reuses the shop and adds nothing', async () => {
    const first = await runCli(...args);
    expect(first.code, first.stderr).toBe(0);
    const doc = JSON.parse(first.stdout) as DemoDocument;
    expect(doc.steps.map((s) => s.step)).toEqual([
      'generate', 'import products.csv', 'import events.jsonl', 'import pos_orders.csv', 'import crm.csv', 'import reviews.csv',
      'identity', 'segment', 'clv', 'churn', 'forecast',
    ]);
    // The CRM records and web accounts of one person became one customer.
    const identity = doc.steps.find((s) => s.step === 'identity')?.detail as { members: number; customers: number } | undefined;
    expect(identity?.customers).toBeGreaterThan(0);
    expect(identity?.customers).toBeLessThan(identity?.members ?? 0);
    // Every analysis stage wrote its results, or said why this small shop could not support it.
    for (const stage of doc.steps.slice(-4)) {
      expect((stage.detail.written ?? 0) > 0 || typeof stage.detail.skipped === 'string', `${stage.step}: ${JSON.stringify(stage.detail)}`).toBe(true);
    }
    expect(doc.steps.find((s) => s.step === 'segment')?.detail.written).toBeGreaterThan(0);
    expect(doc.totals.events).toBeGreaterThan(1000);
    expect(doc.totals.customers).toBeGreaterThan(0);
    expect(doc.totals.quarantined).toBeGreaterThan(0); // the generator's deliberate bad lines
    expect(doc.totals.byChannel.map((c) => c.channel).sort()).toEqual(['in-store', 'mobile', 'web']);

    const second = await runCli(...args);
    expect(second.code, second.stderr).toBe(0);
    const again = JSON.parse(second.stdout) as DemoDocument;
    expect(again.steps[0]?.detail.reused).toBe(true);
    for (const step of again.steps.filter((s) => s.step.startsWith('import'))) expect(step.detail.accepted, step.step).toBe(0);
    expect(again.totals).toEqual(doc.totals);
  });

  it('exits 2 on a bad flag', async () => {
    const r = await runCli('--db', join(tmp.dir, 'x.duckdb'), 'demo', '--no-serve', '--customers', 'lots');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--customers/);
  });
});
