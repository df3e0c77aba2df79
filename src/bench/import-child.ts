import { builtInSources, importFiles } from '../ingest/index.js';
import { loadOrCreateSecret } from '../privacy/index.js';
import { openStore } from '../store/index.js';
import { loadConfig } from '../config.js';

/**
 * `node dist/bench/import-child.js DB SOURCE FILE…`: one import in a process of its own, so the
 * bench can read that process's peak memory. Prints one JSON line: the report's counts and
 * `maxRssMB` (peak resident set size of this whole process).
 */
const [db, sourceName, ...files] = process.argv.slice(2);
const source = sourceName ? builtInSources.get(sourceName) : undefined;
if (!db || !source || files.length === 0) {
  process.stderr.write('usage: import-child DB SOURCE FILE…\n');
  process.exit(2);
}
const config = loadConfig();
const store = await openStore({ location: db, memoryLimit: config.memoryLimit });
try {
  const report = await importFiles(store, { files, source, secret: loadOrCreateSecret(db, config.secret) });
  const { rowsRead, accepted, duplicates, quarantined, elapsedMs } = report;
  process.stdout.write(`${JSON.stringify({ rowsRead, accepted, duplicates, quarantined, elapsedMs, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
} finally {
  await store.close();
}
