import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_SDK_DIR } from '../../server/static/sdk-dir.js';
import type { BenchCase, BenchLine } from '../bench.js';

const LIMIT_BYTES = 10 * 1024;

/** The browser SDK as `npm run build` made it (the bench runs the build first), gzipped as /cairn.js serves it. */
export const sdkSize: BenchCase = {
  name: 'sdk-size',
  async *run(): AsyncIterable<BenchLine> {
    const file = join(DEFAULT_SDK_DIR, 'cairn.js');
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
    const raw = readFileSync(file);
    const gzip = gzipSync(raw, { level: 9 }).length;
    yield {
      bench: 'sdk-size',
      case: 'cairn.js, minified and gzipped',
      value: gzip,
      unit: 'bytes',
      goal: { text: `≤ ${LIMIT_BYTES} bytes (10 KB) gzipped`, met: gzip <= LIMIT_BYTES },
      details: { rawBytes: raw.length, gzipBytes: gzip, limitBytes: LIMIT_BYTES, shareOfLimit: +(gzip / LIMIT_BYTES).toFixed(3) },
    };
  },
};
