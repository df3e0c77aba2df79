import type { Command } from 'commander';
import { builtInSources, expandFiles, formatReport, importFiles, ImportUsageError, resolveSource } from '../../ingest/index.js';
import { loadConfig } from '../../config.js';
import { loadOrCreateSecret } from '../../privacy/index.js';
import { resolveIdentities } from '../../identity/index.js';
import { withStore } from '../context.js';
import { describeResolve } from './identity-graph.js';
import { UsageError } from '../errors.js';
import { printResult, type GlobalOptions } from '../output.js';
import { importUpdate, withProgress } from '../progress.js';

export function registerImport(program: Command): void {
  const sources = [...builtInSources.values()].map((s) => `  ${s.name.padEnd(17)} ${s.description}`).join('\n');
  program
    .command('import')
    .description('load export files into the store; prints the import report; bad rows go to quarantine')
    .argument('<files...>', 'files or quoted globs, e.g. "by-day/*.csv"')
    .requiredOption('--source <name|mapping.json>', 'a built-in source name, or a mapping file for any other CSV/TSV/JSONL/Parquet export')
    .option('--no-resolve', 'leave identity resolution (cairn identity resolve) for later, e.g. between the files of a large load')
    .addHelpText('after', `
Built-in sources:
${sources}

Each file is one transaction (small files go in batches of up to 64 MB, a large JSONL file in
pieces of ~256 MB): all of its accepted rows land, or none. Importing the same file again adds
nothing (rows are keyed by stable ids). Rejected rows are kept in the quarantine with
their raw text and a reason: see \`cairn quarantine list\`.

Examples:
  cairn import ../shared/data/online-retail-sample/*.csv --source online-retail
  cairn import "by-day/*.csv" --source online-retail --json`)
    .action(async (patterns: string[], opts: { source: string; resolve?: boolean }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      let source;
      let files;
      try {
        source = await resolveSource(opts.source);
        files = await expandFiles(patterns);
        // A mapping without "format" follows the files' extension.
        if (!builtInSources.has(opts.source)) source = await resolveSource(opts.source, files);
      } catch (err) {
        if (err instanceof ImportUsageError) throw new UsageError(err.message);
        throw err;
      }
      const { report, identity } = await withStore(options, async (store) => {
        const imported = await withProgress('import', (onProgress) =>
          importFiles(store, {
            files,
            source,
            secret: loadOrCreateSecret(store.location, loadConfig().secret),
            onProgress: (p) => onProgress(importUpdate(p)),
          }),
        );
        // New records may be people already known: the identity graph takes them in at once.
        const resolved = opts.resolve === false || imported.accepted === 0 ? null : await resolveIdentities(store, { actor: 'import' });
        return { report: imported, identity: resolved };
      });
      printResult(options, identity ? { ...report, identity } : report, () =>
        identity ? `${formatReport(report)}\n${describeResolve(identity)}` : formatReport(report));
    });
}
