import type { Command } from 'commander';
import { resolveIdentities, splitCustomer, SplitError, type ResolveReport } from '../../identity/index.js';
import { withStore } from '../context.js';
import { UsageError } from '../errors.js';
import { formatTable, printResult, say, type GlobalOptions } from '../output.js';

interface ResolveFlags extends GlobalOptions {
  maxShared: string;
  maxDeviceCookies: string;
}

function whole(flag: string, raw: string, min = 1): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} ${raw} must be a whole number ≥ ${String(min)}`);
  return n;
}

/** Human summary of a resolver run (used by import and demo too). */
export function describeResolve(r: ResolveReport): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const conflicts = Object.entries(r.conflicts).map(([k, v]) => `${n(v)} ${k}`).join('; ');
  return [
    `identity: ${n(r.members)} members → ${n(r.customers)} customers (${n(r.merges)} merges this run, ${n(r.newMembers)} new members)`,
    `  ${n(r.anonymousAttributed)} of ${n(r.anonymousIds)} anonymous ids attributed to a customer; ${n(r.devices)} devices; ${n(r.links)} links`,
    `  re-attributed: ${n(r.rows.events)} events, ${n(r.rows.orders)} orders, ${n(r.rows.texts)} texts${r.visitsForgotten ? ` (${n(r.visitsForgotten)} visits to build again with the next sessions build)` : ''}`,
    `  not merged through: ${conflicts || 'nothing'}${conflicts ? ' (cairn identity conflicts)' : ''}`,
    `  in ${r.seconds.toFixed(1)} s`,
  ].join('\n');
}

/** `cairn identity resolve|split|merges|conflicts`: the deterministic identity graph on the store. */
export function registerIdentityGraph(identity: Command): void {
  identity
    .command('resolve')
    .description('join the members that are one person (shared user id, login, CRM id, e-mail, phone, device, matched records) into one customer')
    .option('--max-shared <n>', 'an identifier linking more members than this is shared (a test address, a shop tablet) and links none', '10')
    .option('--max-device-cookies <n>', 'a device with more anonymous ids than this is shared and links none', '20')
    .addHelpText('after', `
Runs after every import by itself; run it by hand after \`cairn identity match\` or \`review --accept\`.
Two members that each hold a different user id are never joined; an identifier that would join
them is listed by \`cairn identity conflicts\`. Every merge is listed by \`cairn identity merges\`
and can be undone with \`cairn identity split MERGE_ID\`.

Examples:
  cairn identity resolve
  cairn identity resolve --max-shared 5 --json`)
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<ResolveFlags>();
      const maxMembersPerIdentifier = whole('--max-shared', flags.maxShared, 2);
      const maxAnonymousPerDevice = whole('--max-device-cookies', flags.maxDeviceCookies, 1);
      const started = Date.now();
      const report = await withStore(flags, (store) => resolveIdentities(store, {
        maxMembersPerIdentifier, maxAnonymousPerDevice, actor: 'cli',
        onProgress: (phase) => say(`identity resolve: ${phase} (${((Date.now() - started) / 1000).toFixed(1)} s)`),
      }));
      printResult(flags, report, () => describeResolve(report));
    });

  identity
    .command('split')
    .description('undo a merge (or detach members): they become the customer they were, with their events, orders and cookies')
    .argument('[merge-id]', 'the merge to undo, from `cairn identity merges`')
    .option('--member <ids>', 'instead of a merge: the member ids to detach from their customer, comma-separated')
    .addHelpText('after', `
A split is kept: later runs do not join the two sides again through any identifier (it is listed
as a conflict instead), and the split is itself a row of \`cairn identity merges\`.

Examples:
  cairn identity split 42
  cairn identity split --member c_1a2b3c4d5e6f7a8b9c0d`)
    .action(async (mergeId: string | undefined, _opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<GlobalOptions & { member?: string }>();
      if ((mergeId === undefined) === (flags.member === undefined)) throw new UsageError('give a merge id or --member, one of them');
      const request = mergeId !== undefined
        ? { mergeId: whole('merge-id', mergeId, 0), actor: 'cli' }
        : { members: (flags.member ?? '').split(',').map((m) => m.trim()).filter(Boolean), actor: 'cli' };
      const report = await withStore(flags, async (store) => {
        try {
          return await splitCustomer(store, request);
        } catch (err) {
          if (err instanceof SplitError) throw new UsageError(err.message);
          throw err;
        }
      });
      printResult(flags, report, () => [
        `split ${String(report.splitId)}: ${String(report.members.length)} member(s) of ${report.customerId} are customer ${report.restoredId} again`,
        `  re-attributed ${String(report.resolve.rows.events)} events, ${String(report.resolve.rows.orders)} orders, ${String(report.resolve.rows.texts)} texts`,
      ].join('\n'));
    });

  identity
    .command('merges')
    .description('list merges and splits, newest first, with the identifiers that decided each')
    .option('--customer <id>', 'only those of this customer')
    .option('--limit <n>', 'rows at most', '50')
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<GlobalOptions & { customer?: string; limit: string }>();
      const limit = whole('--limit', flags.limit);
      const rows = await withStore(flags, (store) => store.query(`
        SELECT merge_id::INTEGER AS merge_id, strftime(ts, '%Y-%m-%d %H:%M:%S') AS ts, action, customer_id, merged_id,
          json_array_length(members)::INTEGER AS members, reason, actor, strftime(undone_at, '%Y-%m-%d %H:%M:%S') AS undone_at
        FROM identity_merges ${flags.customer ? 'WHERE customer_id = ? OR merged_id = ?' : ''}
        ORDER BY merge_id DESC LIMIT ${String(limit)}`, flags.customer ? [flags.customer, flags.customer] : []));
      printResult(flags, rows, () => (rows.length === 0 ? 'no merges yet (cairn identity resolve)'
        : formatTable(['merge_id', 'ts', 'action', 'customer_id', 'merged_id', 'members', 'reason', 'actor', 'undone_at'], rows)));
    });

  identity
    .command('conflicts')
    .description('identifiers the resolver would not merge through (shared by too many, or linking different user ids), masked')
    .option('--limit <n>', 'rows at most', '50')
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<GlobalOptions & { limit: string }>();
      const limit = whole('--limit', flags.limit);
      const rows = await withStore(flags, (store) => store.query(`
        SELECT kind, left(value_hash, 12) || '…' AS identifier, reason, members,
          strftime(first_detected, '%Y-%m-%d %H:%M') AS first_detected, strftime(last_detected, '%Y-%m-%d %H:%M') AS last_detected
        FROM identity_conflicts ORDER BY members DESC, kind, value_hash LIMIT ${String(limit)}`));
      printResult(flags, rows, () => (rows.length === 0 ? 'no conflicts'
        : `${formatTable(['kind', 'identifier', 'reason', 'members', 'first_detected', 'last_detected'], rows)}\n(identifiers are shown by their keyed hash)`));
    });
}
