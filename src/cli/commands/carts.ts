import type { Command } from 'commander';
import { z } from 'zod';
import { cartAbandonment, parseWindow, type CartFigures, type CartsResult } from '../../analytics/index.js';
import { withStore } from '../context.js';
import { formatTable, printResult, say, type GlobalOptions } from '../output.js';
import { parseWith } from '../errors.js';
import { count, dayRange, RangeFlags, updateVisits } from './journey-flags.js';

const Flags = RangeFlags.extend({
  within: z.string().transform((s, ctx) => {
    const ms = parseWindow(s);
    if (ms === null) ctx.addIssue({ code: 'custom', message: 'must be a duration such as 24h, 90m, 2d or 1d12h' });
    return ms ?? 0;
  }).default(parseWindow('24h')!),
  by: z.enum(['day', 'device', 'channel'], { error: 'must be day, device or channel' }).optional(),
  recoveryDays: count('days after abandonment', 0, 365).default(7),
});

/** `cairn carts`: cart abandonment, by day, device or channel, with the value left and recoveries. */
export function registerCarts(program: Command): void {
  program
    .command('carts')
    .description('cart abandonment: carts with no order within a window, rate by day, device or channel, value left in carts, recovery rate')
    .option('--within <duration>', 'how long after its last add a cart may wait for an order (24h, 90m, 2d)', '24h')
    .option('--by <day|device|channel>', 'break the figures down by the day the cart was started, or its visit\'s device or channel')
    .option('--recovery-days <n>', 'an abandoned cart is recovered by a later order of one of its items within this many days', '7')
    .option('--from <date>', 'carts started from this day (YYYY-MM-DD, UTC)')
    .option('--to <date>', 'carts started up to and including this day')
    .option('--no-sessions', 'do not file new events under visits first (read the visits as they are)')
    .addHelpText('after', `
A cart is a visitor's Product Added events since their last order, each within the window of the
one before. It is converted when the same person orders within the window after the last add,
abandoned when not, emptied when every item was removed again, and open while the window has not
ended at the store's last event (open and emptied carts are not in the rate). The person is the
resolved customer, else the visitor identity resolution filed the anonymous id under.

Examples:
  cairn carts
  cairn carts --within 2d --by channel --json`)
    .action(async (raw: Record<string, unknown>, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const f = parseWith(Flags, raw);
      const result = await withStore(options, async (store) => {
        await updateVisits(store, 'carts', f.sessions);
        return cartAbandonment(store, { withinMs: f.within, by: f.by, recoveryDays: f.recoveryDays, ...dayRange(f) });
      });
      if (result.message) say(`carts: ${result.message}`);
      printResult(options, result, () => describe(result));
    });
}

const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const money = (v: Record<string, number>): string =>
  Object.entries(v).map(([c, x]) => `${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${c}`).join(', ') || '–';

function row(g: CartFigures): Record<string, unknown> {
  return {
    carts: g.carts, converted: g.converted, abandoned: g.abandoned, emptied: g.emptied, open: g.open,
    'abandonment': pct(g.abandonmentRate), 'value left': money(g.valueLeft), recovered: g.recovered, 'recovery': pct(g.recoveryRate),
  };
}

function describe(r: CartsResult): string {
  if (r.message) return r.message;
  const head = `${r.carts.toLocaleString('en-US')} carts (window ${r.withinHours} h): ${pct(r.abandonmentRate)} abandoned, ${money(r.valueLeft)} left in them, ` +
    `${pct(r.recoveryRate)} recovered within ${r.recoveryDays} days`;
  if (!r.by) return head;
  const rows = r.groups.map((g) => ({ [r.by!]: g.key, ...row(g) }));
  return [head, formatTable([r.by, 'carts', 'converted', 'abandoned', 'emptied', 'open', 'abandonment', 'value left', 'recovered', 'recovery'], rows)].join('\n');
}
