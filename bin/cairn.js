#!/usr/bin/env node
// The `cairn` command. The TypeScript sources are compiled to dist/ by `npm ci` (the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('cairn: dist/ is missing; run `npm ci` (or `npm run build`) in the project folder first\n');
  process.exit(1);
}
const { run } = await import(main.href);
process.exitCode = await run(process.argv);
