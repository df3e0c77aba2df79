import type { Command } from 'commander';
import { z } from 'zod';
import { paths, type PathsResult } from '../../analytics/index.js';
import { withStore } from '../context.js';
import { UsageError } from '../errors.js';
import { printResult, say, type GlobalOptions } from '../output.js';
import { parseWith } from '../errors.js';
import { count, dayRange, RangeFlags, updateVisits } from './journey-flags.js';

const Flags = RangeFlags.extend({
  fromEvent: z.string().min(1, 'needs an event or page name').optional(),
  toEvent: z.string().min(1, 'needs an event or page name').optional(),
  depth: count('steps per path', 2, 20).default(5),
  top: count('paths to list', 1, 1000).default(10),
  nodes: count('Sankey nodes per step', 1, 100).default(8),
  byPath: z.boolean().default(false),
});

/** `cairn paths`: the most common paths after a start event or before an end event. */
export function registerPaths(program: Command): void {
  program
    .command('paths')
    .description('most common paths through visits after a start event or before an end event, with Sankey data (--json)')
    .option('--from-event <name>', 'paths after the first time this event or page happens in a visit')
    .option('--to-event <name>', 'paths before the first time this event or page happens in a visit')
    .option('--depth <n>', 'steps per path, the start or end event included', '5')
    .option('--top <k>', 'how many of the most common paths to list', '10')
    .option('--nodes <n>', 'Sankey nodes per step before the rest are "other"', '8')
    .option('--by-path', 'a page view is its path (/product/p1), not its name (Product)')
    .option('--from <date>', 'events from this day (YYYY-MM-DD, UTC)')
    .option('--to <date>', 'events up to and including this day')
    .option('--no-sessions', 'do not file new events under visits first (read the visits as they are)')
    .addHelpText('after', `
A step is a page view (page: Home), a screen (screen: Cart) or a track event (Product Added); the
SDK's click and scroll capture are not steps, and a step repeated in a row counts once. An event is
named by its step label, a page's name or path, or a track event's name, in any case. Without
--from-event or --to-event, paths start at each visit's first step.

Examples:
  cairn paths --from-event "Product Added" --depth 4
  cairn paths --to-event "Order Completed" --top 5 --json
  cairn paths --from-event /cart --by-path`)
    .action(async (raw: Record<string, unknown>, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const f = parseWith(Flags, raw);
      if (f.fromEvent !== undefined && f.toEvent !== undefined) throw new UsageError('give --from-event or --to-event, not both');
      const result = await withStore(options, async (store) => {
        await updateVisits(store, 'paths', f.sessions);
        return paths(store, {
          from: f.fromEvent, to: f.toEvent, depth: f.depth, top: f.top, nodesPerStep: f.nodes, pageBy: f.byPath ? 'path' : 'name', ...dayRange(f),
        });
      });
      if (result.message) say(`paths: ${result.message}`);
      printResult(options, result, () => describe(result));
    });
}

function describe(r: PathsResult): string {
  if (r.message) return r.message;
  const anchor = r.anchor === 'entry' ? 'from the start of each visit' : `${r.anchor === 'from' ? 'after' : 'before'} ${r.event}`;
  // Not a table: a path is longer than a table cell may be.
  const lines = r.paths.map((p) => `${String(p.visits).padStart(8)}  ${(p.share === null ? '–' : `${(p.share * 100).toFixed(1)}%`).padStart(6)}  ${p.steps.join(' → ')}`);
  return [`${r.visits.toLocaleString('en-US')} visits, paths ${anchor}, ${r.depth} steps:`, '  visits   share  path', ...lines].join('\n');
}
