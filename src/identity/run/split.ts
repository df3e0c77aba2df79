import type { Store } from '../../store/index.js';
import { forgetVisits } from './stale-visits.js';
import { rebuildCustomers, resolveIdentities, type ResolveReport } from './resolve.js';

/**
 * Undoing a merge: the members a merge brought into a customer become the customer they were
 * before it, with their events, orders, texts and anonymous ids, and a pair of split tags in
 * `identity_blocks` keeps later runs from joining the two sides again through any identifier
 * (they are flagged in identity_conflicts instead). A split is a row of `identity_merges` too.
 */

export class SplitError extends Error {}

export interface SplitRequest {
  /** Undo this merge (an `identity_merges` row). */
  mergeId?: number;
  /** Or detach these members from their customer into a customer of their own. */
  members?: readonly string[];
  actor?: string;
}

export interface SplitReport {
  splitId: number;
  customerId: string;
  /** The customer the detached members form again. */
  restoredId: string;
  members: string[];
  resolve: ResolveReport;
}

type MergeRow = {
  merge_id: number;
  action: string;
  customer_id: string;
  merged_id: string;
  members: string;
  undone_at: string | null;
};

export async function splitCustomer(store: Store, request: SplitRequest): Promise<SplitReport> {
  const actor = request.actor ?? 'cli';
  let members: string[];
  let restoredId: string;
  let customerId: string;
  let undoes: number | null = null;
  if (request.mergeId !== undefined) {
    const [merge] = await store.query<MergeRow>('SELECT merge_id, action, customer_id, merged_id, members::VARCHAR AS members, undone_at::VARCHAR AS undone_at FROM identity_merges WHERE merge_id = ?', [request.mergeId]);
    if (!merge) throw new SplitError(`there is no merge ${String(request.mergeId)}; \`cairn identity merges\` lists them`);
    if (merge.action !== 'merge') throw new SplitError(`${String(request.mergeId)} is a ${merge.action}, not a merge`);
    if (merge.undone_at !== null) throw new SplitError(`merge ${String(request.mergeId)} was already undone at ${merge.undone_at}`);
    members = JSON.parse(merge.members) as string[];
    restoredId = merge.merged_id;
    customerId = merge.customer_id;
    undoes = merge.merge_id;
  } else {
    members = [...new Set(request.members ?? [])];
    if (members.length === 0) throw new SplitError('name a merge id or the members to split off');
    const rows = await store.query<{ member_id: string; customer_id: string }>(
      `SELECT member_id, customer_id FROM identity_members WHERE member_id IN (${members.map(() => '?').join(', ')})`, members);
    const missing = members.filter((m) => !rows.some((r) => r.member_id === m));
    if (missing.length > 0) throw new SplitError(`not a member: ${missing.join(', ')} (members are the ids sources file people under; \`cairn customer ID\` lists a customer's)`);
    const customers = new Set(rows.map((r) => r.customer_id));
    if (customers.size > 1) throw new SplitError(`the members belong to ${String(customers.size)} customers; split one customer at a time`);
    customerId = rows[0]?.customer_id ?? '';
    restoredId = members.includes(customerId) ? customerId : [...members].sort()[0] ?? '';
  }
  const current = await store.query<{ member_id: string }>('SELECT member_id FROM identity_members WHERE customer_id = ? ORDER BY member_id', [customerId]);
  const inside = new Set(members);
  const rest = current.map((r) => r.member_id).filter((m) => !inside.has(m));
  members = members.filter((m) => current.some((r) => r.member_id === m));
  if (members.length === 0) throw new SplitError(`none of those members is in customer ${customerId} any more`);
  if (rest.length === 0) throw new SplitError(`that would leave customer ${customerId} with no members: nothing to split`);

  const splitId = await store.transaction(async () => {
    const [row] = await store.query<{ id: number }>(`
      INSERT INTO identity_merges (ts, action, customer_id, merged_id, members, via, reason, actor)
      VALUES (now()::TIMESTAMP, 'split', ?, ?, ?, NULL, ?, ?) RETURNING merge_id::INTEGER AS id`,
    [customerId, restoredId, JSON.stringify(members), undoes === null ? 'members detached by a user' : `undoes merge ${String(undoes)}`, actor]);
    const id = row?.id ?? 0;
    if (undoes !== null) await store.execute('UPDATE identity_merges SET undone_at = now()::TIMESTAMP, undone_by = ? WHERE merge_id = ?', [id, undoes]);
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    await store.appendRows('identity_blocks', ['kind', 'value_hash', 'member_id', 'merge_id', 'created_at', 'actor'], [
      ...members.map((m) => ['split', `${String(id)}:a`, m, id, now, actor]),
      ...rest.map((m) => ['split', `${String(id)}:b`, m, id, now, actor]),
    ]);
    // The detached side holds the restored id now, so the resolver keeps it with them.
    const placeholders = members.map(() => '?').join(', ');
    await store.execute(`UPDATE identity_members SET customer_id = ? WHERE member_id IN (${placeholders})`, [restoredId, ...members]);
    if (restoredId === customerId) {
      // Detaching the customer's own member: it keeps the id and the rest take another.
      const heir = [...rest].sort()[0] ?? customerId;
      await store.execute(`UPDATE identity_members SET customer_id = ? WHERE member_id IN (${rest.map(() => '?').join(', ')})`, [heir, ...rest]);
    }
    // Their rows follow at once, and the customers rows, so the resolver reads no change of them as ingest's.
    await forgetVisits(store, 'events e JOIN identity_members m ON e.member_id = m.member_id',
      `m.member_id IN (${[...members, ...rest].map(() => '?').join(', ')}) AND e.customer_id IS DISTINCT FROM m.customer_id`, [...members, ...rest]);
    for (const table of ['events', 'orders', 'texts']) {
      await store.execute(`
        UPDATE ${table} t SET customer_id = m.customer_id FROM identity_members m
        WHERE t.member_id = m.member_id AND m.member_id IN (${[...members, ...rest].map(() => '?').join(', ')})
          AND t.customer_id IS DISTINCT FROM m.customer_id`, [...members, ...rest]);
    }
    await rebuildCustomers(store, [customerId, restoredId, ...rest]);
    return id;
  });
  const resolve = await resolveIdentities(store, { actor });
  return { splitId, customerId, restoredId, members, resolve };
}
