import { csvLine } from './csv.js';
import type { ShopContext } from './shop-context.js';
import { expectedPurchases } from './simulate.js';
import { isoTime } from './time.js';

/** Column header of truth/customers.csv. */
export const CUSTOMERS_HEADER =
  'person_id,persona,user_id,crm_ids,anonymous_ids,device_ids,first_seen,churned_at,purchases_in_data,expected_purchases_next_90d,is_alive_at_end';

/**
 * truth/customers.csv: one row per simulated person with every identifier they used (only
 * anonymous and device ids that occur in events.jsonl), when they were first seen and churned,
 * and their BG/NBD expectation for the 90 days after the data.
 */
export function customerTruthRows(ctx: ShopContext): string[] {
  const anonymous = ctx.people.map(() => new Set<string>());
  const devices = ctx.people.map(() => new Set<string>());
  for (const s of ctx.sessions) {
    anonymous[s.person]?.add(s.anonymousId);
    devices[s.person]?.add(s.device.id);
  }
  const lines = [CUSTOMERS_HEADER];
  for (const p of ctx.people) {
    lines.push(csvLine([
      p.personId,
      p.persona.id,
      p.userId ?? '',
      p.crmIds.join(';'),
      [...(anonymous[p.index] ?? [])].join(';'),
      [...(devices[p.index] ?? [])].join(';'),
      p.firstSeenMs === null ? '' : isoTime(p.firstSeenMs),
      p.churnedMs === null ? '' : isoTime(p.churnedMs),
      p.purchases,
      expectedPurchases(p, 90).toFixed(4),
      p.churnedMs === null ? 'true' : 'false',
    ]));
  }
  return lines;
}
