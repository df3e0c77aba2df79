import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { loadOrCreateSecret } from '../../privacy/index.js';
import {
  combinePersonalData,
  customerView,
  CustomerViewInputError,
  openCustomerPersonalData,
  type CustomerView,
  type MemberPersonalData,
} from '../../profiles/index.js';
import { audit, maskText } from '../../server/api/index.js';
import type { Store } from '../../store/index.js';
import { withStore } from '../context.js';
import { UsageError } from '../errors.js';
import { printResult, type GlobalOptions } from '../output.js';
import { describeCustomer } from './customer-card.js';

interface CustomerFlags extends GlobalOptions {
  limit: string;
  since?: string;
  showPersonalData?: boolean;
}

/** What `cairn customer` prints with --json: the view without the raw recent events (the timeline has them). */
export type CustomerReport = Omit<CustomerView, 'events'> & {
  events: { count: number };
  /** Decrypted vault fields over all members (the customer's own first); null unless --show-personal-data. */
  personal: Record<string, string> | null;
  personalByMember: MemberPersonalData[] | null;
};

/** `cairn customer ID`: one customer's 360 view, personal data masked unless asked for (and then audited). */
export function registerCustomer(program: Command): void {
  program
    .command('customer')
    .description("one customer's 360 view: members and merges, devices, channels, a timeline of events, orders and texts, features, segments, predictions")
    .argument('<id>', 'a customer id, or the id of a member (a record identity resolution joined into a customer)')
    .option('--limit <n>', 'timeline entries to show, newest first', '50')
    .option('--since <date>', 'timeline from this day (YYYY-MM-DD) or instant (ISO-8601) on')
    .option('--show-personal-data', "show the members' e-mail, phone and names in full (written to the audit log)")
    .addHelpText('after', `
E-mail, phone, names and other vault fields are masked unless --show-personal-data is given; each
such read is written to the audit log (actor cli). Devices are shown by pseudonym (dev_…). Examples:
  cairn customer c_7ae28e2add5faac35717
  cairn customer c_7ae28e2add5faac35717 --since 2026-10-01 --limit 200 --json`)
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<CustomerFlags>();
      if (!/^\d+$/.test(flags.limit) || Number(flags.limit) < 1) throw new UsageError(`--limit must be a whole number of at least 1, got ${flags.limit}`);
      const report = await withStore(flags, async (store) => {
        let view: CustomerView | undefined;
        try {
          view = await customerView(store, id, { limit: Number(flags.limit), ...(flags.since === undefined ? {} : { since: flags.since }) });
        } catch (err) {
          if (err instanceof CustomerViewInputError) throw new UsageError(`--${err.message}`);
          throw err;
        }
        if (!view) throw new Error(`there is no customer or member ${id} in this store; cairn sql "SELECT customer_id FROM customers LIMIT 10" lists some`);
        return toReport(view, flags.showPersonalData ? await personalData(store, view) : undefined);
      });
      printResult(flags, report, () => describeCustomer(report, { limit: Number(flags.limit), since: flags.since }));
    });
}

/** Every member's vault fields, audited before they are read out (the values never reach a log). */
async function personalData(store: Store, view: CustomerView): Promise<MemberPersonalData[]> {
  const secret = loadOrCreateSecret(store.location, loadConfig().secret);
  const perMember = await openCustomerPersonalData(store, secret, view.members);
  const fields = [...new Set(perMember.flatMap((m) => Object.keys(m.fields)))].sort();
  await audit(store, { name: 'cli', role: 'admin' }, { action: 'customer.personal', customerId: view.profile.customerId, detail: { fields, members: perMember.length } });
  return perMember;
}

function toReport(view: CustomerView, perMember: MemberPersonalData[] | undefined): CustomerReport {
  const { events, ...rest } = view;
  return {
    ...rest,
    events: { count: events.count },
    // Free text can hold an address or number a customer wrote: masked like the API masks it.
    timeline: view.timeline.map((t) => ({ ...t, detail: t.detail === null ? null : maskText(t.detail) })),
    texts: view.texts.map((t) => ({ ...t, body: maskText(t.body) })),
    personal: perMember ? combinePersonalData(view.profile.customerId, perMember) : null,
    personalByMember: perMember ?? null,
  };
}
