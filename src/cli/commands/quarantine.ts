import type { Command } from 'commander';
import { ImportUsageError, listQuarantine, replayQuarantine, resolveReplaySource, type QuarantineListing, type ReplayReport } from '../../ingest/index.js';
import { withStore } from '../context.js';
import { UsageError } from '../errors.js';
import { formatTable, printResult, type GlobalOptions } from '../output.js';
import { loadConfig } from '../../config.js';
import { loadOrCreateSecret } from '../../privacy/index.js';

interface ListOptions {
  source?: string;
  reason?: string;
  import?: string;
  limit: string;
  all?: boolean;
}

interface ReplayOptions {
  source: string;
  reason?: string;
  import?: string;
  id?: string[];
}

/** `cairn quarantine list|replay`: inspect rejected records, and load them again after a fix. */
export function registerQuarantine(program: Command): void {
  const quarantine = program.command('quarantine').description('inspect and replay rejected records');
  quarantine
    .command('list')
    .description('show quarantined records still waiting, with a count per reason')
    .option('--source <name>', 'only this source (a built-in name or a mapping\'s "name")')
    .option('--reason <reason>', 'only this reason, e.g. "unparseable date"')
    .option('--import <id>', 'only this import')
    .option('--limit <n>', 'records to show', '50')
    .option('--all', 'include records already replayed')
    .action(async (opts: ListOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const limit = positiveInteger(opts.limit, '--limit');
      const listing = await withStore(options, (store) =>
        listQuarantine(store, { source: opts.source, reason: opts.reason, importId: opts.import, limit, includeReplayed: opts.all }, storeSecret(store.location)),
      );
      printResult(options, listing, () => formatListing(listing));
    });
  quarantine
    .command('replay')
    .description('load quarantined records again with a (fixed) source or mapping; those that pass are accepted')
    .requiredOption('--source <name|mapping.json>', 'the source, or the fixed mapping file, to load them with')
    .option('--reason <reason>', 'only records with this reason')
    .option('--import <id>', 'only records of this import')
    .option('--id <n...>', 'only these record ids (see `cairn quarantine list`)')
    .addHelpText('after', `
Records are matched by the source's name. Those that pass are written and marked replayed; those
that fail again stay, with their new reason. Replaying twice does nothing the second time.

Examples:
  cairn quarantine list --source shop-crm --reason "unparseable date"
  cairn quarantine replay --source shop-crm.json --reason "unparseable date"`)
    .action(async (opts: ReplayOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const ids = opts.id?.map((id) => positiveInteger(id, '--id'));
      const report = await withStore(options, async (store) => {
        let source;
        try {
          source = await resolveReplaySource(store, opts.source);
        } catch (err) {
          if (err instanceof ImportUsageError) throw new UsageError(err.message);
          throw err;
        }
        return replayQuarantine(store, { source, ids, reason: opts.reason, importId: opts.import, secret: storeSecret(store.location) });
      });
      printResult(options, report, () => formatReplay(report));
    });
}

function positiveInteger(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a whole number above 0, not "${text}"`);
  return n;
}

function formatListing(listing: QuarantineListing): string {
  if (listing.total === 0) return 'The quarantine is empty for this filter.';
  const rows = listing.entries.map((e) => ({
    id: e.id,
    source: e.source,
    where: e.file ? `${e.file.split('/').pop()}:${e.line ?? '?'}` : '',
    reason: e.reason,
    detail: e.detail ?? '',
    raw: e.raw.length > 60 ? `${e.raw.slice(0, 59)}…` : e.raw,
    ...(e.replayedAt ? { replayed: e.replayedAt } : {}),
  }));
  const columns = ['id', 'source', 'where', 'reason', 'detail', 'raw', ...(rows.some((r) => 'replayed' in r) ? ['replayed'] : [])];
  const lines = [formatTable(columns, rows)];
  if (listing.entries.length < listing.total) lines.push(`showing ${listing.entries.length} of ${listing.total} (use --limit)`);
  lines.push('By reason:', ...listing.byReason.map((r) => `  ${r.reason.padEnd(20)} ${r.count.toLocaleString('en-US').padStart(8)}`));
  return lines.join('\n');
}

function formatReplay(r: ReplayReport): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `Replayed ${n(r.selected)} quarantined record${r.selected === 1 ? '' : 's'} as ${r.source} in ${(r.elapsedMs / 1000).toFixed(1)} s`,
    `  accepted           ${n(r.accepted)}`,
    `  duplicates         ${n(r.duplicates)}`,
    `  still quarantined  ${n(r.stillQuarantined)}`,
  ];
  if (r.notReplayable) lines.push(`  not replayable     ${n(r.notReplayable)} (lines the file reader could not split: fix the file and import it again)`);
  const written = Object.entries(r.written).filter(([, v]) => v > 0);
  if (written.length) lines.push('Written:', ...written.map(([table, count]) => `  ${table.padEnd(14)} ${n(count)}`));
  if (r.remaining.length) lines.push('Still quarantined (see `cairn quarantine list`):', ...r.remaining.map((q) => `  ${q.reason.padEnd(20)} ${n(q.count).padStart(8)}`));
  return lines.join('\n');
}

/** The store's secret (its key file, or CAIRN_SECRET): opens the quarantine's sealed raw text. */
function storeSecret(location: string): Buffer {
  return loadOrCreateSecret(location, loadConfig().secret);
}
