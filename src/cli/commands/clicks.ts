import type { Command } from 'commander';
import { z } from 'zod';
import { clickPatterns, type ClicksResult } from '../../analytics/index.js';
import { withStore } from '../context.js';
import { formatTable, printResult, say, type GlobalOptions } from '../output.js';
import { parseWith } from '../errors.js';
import { count, dayRange, RangeFlags, updateVisits } from './journey-flags.js';

const Flags = RangeFlags.extend({
  page: z.string().min(1, 'needs a page path such as /cart').optional(),
  top: count('elements to list', 1, 10_000).default(50),
});

/** `cairn clicks`: clicks, rage clicks and dead clicks per page and element. */
export function registerClicks(program: Command): void {
  program
    .command('clicks')
    .description("click patterns from the browser SDK's autocapture: clicks, rage clicks and dead clicks per page and element")
    .option('--page <path>', 'only this page (its query string is ignored)')
    .option('--top <k>', 'how many elements to list, most clicked first', '50')
    .option('--from <date>', 'clicks from this day (YYYY-MM-DD, UTC)')
    .option('--to <date>', 'clicks up to and including this day')
    .option('--no-sessions', 'do not file new events under visits first (read the visits as they are)')
    .addHelpText('after', `
The browser SDK sends Element Clicked, and flags Rage Click (3+ clicks within 1 s) and Dead Click
(nothing changed within 1 s) itself. Other libraries' Element Clicked events are judged here: a
burst of 3 clicks on one element within 1 s is a rage click, and a burst that no other event of
the visit follows within 2 s is a dead click (links excepted: they may leave the site).

Examples:
  cairn clicks
  cairn clicks --page /checkout --json`)
    .action(async (raw: Record<string, unknown>, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const f = parseWith(Flags, raw);
      const result = await withStore(options, async (store) => {
        await updateVisits(store, 'clicks', f.sessions);
        return clickPatterns(store, { page: f.page, top: f.top, ...dayRange(f) });
      });
      if (result.message) say(`clicks: ${result.message}`);
      printResult(options, result, () => describe(result));
    });
}

function describe(r: ClicksResult): string {
  if (r.message) return r.message;
  const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
  const rows = r.elements.map((e) => ({
    page: e.page, element: e.text ? `${e.selector} "${e.text}"` : e.selector, clicks: e.clicks, rage: e.rageClicks, dead: e.deadClicks, 'rage %': pct(e.rageRate), 'dead %': pct(e.deadRate),
  }));
  return [
    `${r.clicks.toLocaleString('en-US')} clicks, ${r.rageClicks.toLocaleString('en-US')} rage clicks, ${r.deadClicks.toLocaleString('en-US')} dead clicks in ${r.visits.toLocaleString('en-US')} visits`,
    formatTable(['page', 'element', 'clicks', 'rage', 'dead', 'rage %', 'dead %'], rows),
  ].join('\n');
}
