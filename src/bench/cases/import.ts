import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchCase, BenchLine } from '../bench.js';
import { bareRead, readCsvSql, timedImport } from '../measure.js';

const DATA = new URL('../../../../shared/data/', import.meta.url).pathname;

interface FileCase {
  name: string;
  source: string;
  files: () => string[];
  /** The bare reader DuckDB would use for the same files. */
  reader: (files: string[]) => string;
}

const cases: FileCase[] = [
  {
    name: 'online-retail sample (3 daily files)',
    source: 'online-retail',
    files: () => readdirSync(join(DATA, 'online-retail-sample')).filter((f) => f.endsWith('.csv')).map((f) => join(DATA, 'online-retail-sample', f)),
    reader: (files) => readCsvSql(files),
  },
  {
    name: 'cdnow full (CDNOW_master.txt, 69,659 lines)',
    source: 'cdnow',
    files: () => [join(DATA, 'cdnow-lifetimes', 'CDNOW_master.txt')],
    // DuckDB's sniffer reads this fixed-width file as one text column per line.
    reader: (files) => readCsvSql(files),
  },
];

/** Import throughput against DuckDB's bare reader of the same files (goal: ≥ 0.5 of bare). */
export const importThroughput: BenchCase = {
  name: 'import',
  async *run(): AsyncIterable<BenchLine> {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-'));
    try {
      for (const c of cases) {
        const files = c.files().filter((f) => existsSync(f));
        if (files.length === 0) {
          process.stderr.write(`bench import: ${c.name} skipped, data missing under ${DATA}\n`);
          continue;
        }
        const bare = await bareRead(dir, c.reader(files));
        const report = await timedImport(dir, c.source, files);
        const rowsPerSecond = report.rowsRead / (report.elapsedMs / 1000);
        const bareRate = bare.rows / bare.seconds;
        yield {
          bench: 'import',
          case: c.name,
          value: Math.round(rowsPerSecond),
          unit: 'rows/s',
          peer: { name: 'duckdb bare read_csv into a table', value: Math.round(bareRate), unit: 'rows/s' },
          goal: { text: '>= 0.5 of bare', met: rowsPerSecond >= 0.5 * bareRate },
          details: { rows: report.rowsRead, seconds: report.elapsedMs / 1000, bareSeconds: bare.seconds, ratio: +(rowsPerSecond / bareRate).toFixed(3) },
        };
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
