import type { Command } from 'commander';
import { addSource, listSources, revokeSource, SourceError } from '../../server/collector/index.js';
import { withStore } from '../context.js';
import { UsageError } from '../errors.js';
import { formatTable, printResult, type GlobalOptions } from '../output.js';

/** `cairn sources add|list|revoke`: the collector's sources and their write keys. */
export function registerSources(program: Command): void {
  const sources = program.command('sources').description("the collector's sources: each has a write key that clients send events with");

  sources
    .command('add')
    .description('make a source and print its write key (shown this once; the store keeps only its hash)')
    .argument('<name>', 'a name for where the events come from, e.g. web-shop')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const made = await withStore(options, async (store) => {
        try {
          return await addSource(store, name);
        } catch (err) {
          if (err instanceof SourceError) throw new UsageError(err.message);
          throw err;
        }
      });
      printResult(options, { name: made.source.name, writeKey: made.writeKey, createdAt: made.source.createdAt }, () =>
        [
          `Source ${made.source.name} made. Its write key (shown only now; keep it):`,
          '',
          `  ${made.writeKey}`,
          '',
          'Send events with it as the Basic auth user, e.g.',
          `  curl -u ${made.writeKey}: -H 'Content-Type: application/json' http://127.0.0.1:3000/v1/track -d '{"userId":"u-1","event":"Signed Up"}'`,
        ].join('\n'),
      );
    });

  sources
    .command('list')
    .description('list the sources (names and the last characters of their keys, never the keys)')
    .action(async (_opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const rows = await withStore(options, (store) => listSources(store));
      printResult(options, { sources: rows }, () =>
        rows.length === 0
          ? 'No sources yet: `cairn sources add NAME` makes one.'
          : formatTable(['name', 'key', 'createdAt', 'revokedAt'], rows.map((r) => ({ ...r, key: r.keyHint ? `…${r.keyHint}` : null }))),
      );
    });

  sources
    .command('revoke')
    .description('revoke a source\'s write key: the collector refuses it from then on')
    .argument('<name>', 'the source')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const done = await withStore(options, (store) => revokeSource(store, name));
      if (!done) throw new UsageError(`there is no source ${name} with a live key; \`cairn sources list\` shows them`);
      printResult(options, { name, revoked: true }, () => `Source ${name}: write key revoked.`);
    });
}
