import { mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

/**
 * The `cairn` command bundled from the TypeScript sources into one file (packages left as
 * imports), for tests that need it as a real child process (`node FILE serve …`) without a
 * build of dist/. Takes ~0.2 s. Returns the file; it lives under the project's node_modules so
 * the packages resolve.
 */
export async function bundleCli(): Promise<string> {
  const dir = mkdtempSync(join(ROOT, 'node_modules', '.cache-cairn-cli-'));
  // Three folders below the project, as dist/server/api/ is: code that finds ../../../package.json still does.
  const outfile = join(dir, 'cli', 'cairn.mjs');
  await build({
    stdin: { contents: `import { run } from './src/cli/main.ts';\nprocess.exitCode = await run(process.argv);\n`, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * The bundled CLI for one test file: bundled before its tests, removed after them. Returns a
 * function giving the file's path (known once the suite's beforeAll has run).
 */
export function bundledCliForSuite(): () => string {
  let file: string | undefined;
  beforeAll(async () => {
    file = await bundleCli();
  });
  afterAll(() => {
    if (file) rmSync(dirname(dirname(file)), { recursive: true, force: true });
  });
  return () => {
    if (!file) throw new Error('the bundled CLI is only there once the suite has started');
    return file;
  };
}
