import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateShop } from '../../generate/index.js';
import type { BenchCase, BenchLine } from '../bench.js';
import { bareRead } from '../measure.js';

const run = promisify(execFile);
const CHILD = new URL('../import-child.js', import.meta.url).pathname;

interface ChildResult {
  rowsRead: number;
  accepted: number;
  duplicates: number;
  quarantined: number;
  elapsedMs: number;
  maxRssMB: number;
}

async function importInChild(db: string, file: string): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, [CHILD, db, 'segment', file], { maxBuffer: 1 << 20, env: { ...process.env, CI: 'true' } });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ChildResult;
}

/**
 * Segment JSONL import of a generated shop: throughput against DuckDB's bare `read_json` of the
 * same file (goal ≥ 0.5 of bare) at ~1M events, and peak memory at ~10M events (goal ≤ 1 GB;
 * set CAIRN_BENCH_BIG=0 to skip that one, it writes ~9 GB to the temp folder and takes minutes).
 */
export const importEvents: BenchCase = {
  name: 'import-events',
  async *run(): AsyncIterable<BenchLine> {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-events-'));
    try {
      const sizes = process.env['CAIRN_BENCH_BIG'] === '0' ? [5000] : [5000, 50000];
      for (const customers of sizes) {
        const out = join(dir, `shop-${customers}`);
        const summary = await generateShop({ customers, days: 365, seed: 42, out });
        const file = join(out, 'events.jsonl');
        const lines = summary.files['events.jsonl'].lines;
        const label = `segment JSONL, ${(lines / 1e6).toFixed(1)}M events`;
        const result = await importInChild(join(dir, `cairn-${customers}.duckdb`), file);
        const rate = result.rowsRead / (result.elapsedMs / 1000);
        if (customers === 5000) {
          const bare = await bareRead(dir, `read_json('${file}', format='newline_delimited', ignore_errors=true)`);
          const bareRate = bare.rows / bare.seconds;
          yield {
            bench: 'import-events',
            case: `${label}: throughput`,
            value: Math.round(rate),
            unit: 'rows/s',
            peer: { name: 'duckdb bare read_json into a table', value: Math.round(bareRate), unit: 'rows/s' },
            goal: { text: '>= 0.5 of bare', met: rate >= 0.5 * bareRate },
            details: { rows: result.rowsRead, seconds: result.elapsedMs / 1000, bareSeconds: +bare.seconds.toFixed(2), ratio: +(rate / bareRate).toFixed(3), maxRssMB: result.maxRssMB },
          };
        } else {
          yield {
            bench: 'import-events',
            case: `${label}: peak memory`,
            value: result.maxRssMB,
            unit: 'MB RSS',
            goal: { text: '<= 1024 MB peak RSS importing a 10M-event file', met: result.maxRssMB <= 1024 },
            details: { rows: result.rowsRead, seconds: result.elapsedMs / 1000, rowsPerSecond: Math.round(rate) },
          };
        }
        rmSync(out, { recursive: true, force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
