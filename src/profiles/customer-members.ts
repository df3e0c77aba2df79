import { openFields } from '../privacy/index.js';
import type { Store } from '../store/index.js';

/**
 * Who a customer is made of: identity resolution (identity/run/resolve.ts) files every record
 * under a *member* (a web user, a CRM record, a till e-mail) and joins the members that are one
 * person into one customer. `identities` and `pii_vault` stay keyed by member, so a customer's
 * identifiers are gathered over all its members. Before the resolver has run, a customer is its
 * own single member.
 */

/** How the id a caller gave was understood. */
export interface ResolvedCustomerId {
  /** The id as given. */
  id: string;
  /** `customer`: a customer id; `member`: the id of a record now inside another customer. */
  matched: 'customer' | 'member';
  customerId: string;
}

export interface CustomerMember {
  memberId: string;
  /** The source that filed the member (segment, shop-crm, shop-pos, …). */
  source: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Identifier kinds known for the member, with counts: never values. */
  identities: { kind: string; count: number }[];
  /** Names of the member's fields in the vault (e-mail, phone, names): never values. */
  personalFields: string[];
}

export interface CustomerMerge {
  ts: string;
  action: string;
  /** The customer id that was merged in (or split off). */
  mergedId: string;
  members: string[];
  /** Identifier kinds the members shared. */
  via: string[];
  reason: string;
  actor: string;
  undoneAt: string | null;
}

/** A customer id, or a member id resolved to its customer; undefined when the store knows neither. */
export async function resolveCustomerId(store: Store, id: string): Promise<ResolvedCustomerId | undefined> {
  const [row] = await store.query<{ customer_id: string; matched: 'customer' | 'member' }>(
    `SELECT customer_id, 'customer' AS matched FROM customers WHERE customer_id = ?
     UNION ALL SELECT customer_id, 'member' FROM identity_members WHERE member_id = ?
     ORDER BY matched LIMIT 1`,
    [id, id],
  );
  return row ? { id, matched: row.matched, customerId: row.customer_id } : undefined;
}

/** SQL: the member ids of customer `?` (the customer itself when the resolver has not filed it). */
export const MEMBER_IDS_SQL = `SELECT member_id FROM identity_members WHERE customer_id = ?
  UNION SELECT ? WHERE NOT EXISTS (SELECT 1 FROM identity_members WHERE member_id = ?)`;
const memberParams = (customerId: string) => [customerId, customerId, customerId];

/** The customer's members, oldest first, with their identifier kinds and vault field names. */
export async function customerMembers(store: Store, customerId: string): Promise<CustomerMember[]> {
  const rows = await store.query<{ memberId: string; source: string | null; firstSeen: string | null; lastSeen: string | null; identities: string; fields: string[] | null }>(
    `WITH mem AS (${MEMBER_IDS_SQL}),
       ids AS (
         SELECT member_id, to_json(list({'kind': kind, 'count': n} ORDER BY kind))::VARCHAR AS identities FROM (
           SELECT customer_id AS member_id, kind, count(*)::INTEGER AS n FROM identities WHERE customer_id IN (SELECT member_id FROM mem) GROUP BY ALL)
         GROUP BY member_id),
       vault AS (SELECT customer_id AS member_id, list(field ORDER BY field) AS fields FROM pii_vault WHERE customer_id IN (SELECT member_id FROM mem) GROUP BY ALL)
     SELECT mem.member_id AS "memberId", coalesce(m.source, c.source) AS source,
       coalesce(m.first_seen, c.first_seen) AS "firstSeen", coalesce(m.last_seen, c.last_seen) AS "lastSeen",
       coalesce(ids.identities, '[]') AS identities, vault.fields
     FROM mem LEFT JOIN identity_members m USING (member_id) LEFT JOIN customers c ON c.customer_id = mem.member_id
       LEFT JOIN ids USING (member_id) LEFT JOIN vault USING (member_id)
     ORDER BY "firstSeen" NULLS LAST, "memberId"`,
    memberParams(customerId),
  );
  return rows.map((r) => ({
    memberId: r.memberId,
    source: r.source,
    firstSeen: r.firstSeen,
    lastSeen: r.lastSeen,
    identities: JSON.parse(r.identities) as { kind: string; count: number }[],
    personalFields: r.fields ?? [],
  }));
}

/** Identifier kinds over all members, with counts. */
export async function customerIdentities(store: Store, customerId: string): Promise<{ kind: string; count: number }[]> {
  return store.query<{ kind: string; count: number }>(
    `SELECT kind, count(DISTINCT value_hash)::INTEGER AS count FROM identities WHERE customer_id IN (${MEMBER_IDS_SQL}) GROUP BY kind ORDER BY kind`,
    memberParams(customerId),
  );
}

/** The merges (and splits) that formed the customer, oldest first. */
export async function customerMerges(store: Store, customerId: string): Promise<CustomerMerge[]> {
  const rows = await store.query<{ ts: string; action: string; mergedId: string; members: string; via: string | null; reason: string; actor: string; undoneAt: string | null }>(
    `SELECT ts, action, merged_id AS "mergedId", members::VARCHAR AS members, via::VARCHAR AS via, reason, actor, undone_at AS "undoneAt"
     FROM identity_merges WHERE customer_id = ? ORDER BY ts, merge_id`,
    [customerId],
  );
  return rows.map((r) => ({ ...r, members: JSON.parse(r.members) as string[], via: r.via === null ? [] : (JSON.parse(r.via) as string[]) }));
}

/** One member's decrypted vault fields. */
export interface MemberPersonalData {
  memberId: string;
  fields: Record<string, string>;
}

/**
 * The decrypted vault fields of every member of a customer. Reads personal data: the caller
 * decides who may, and writes the audit row before the values leave. Throws the vault's
 * `VaultError` when a member's data key was destroyed.
 */
export async function openCustomerPersonalData(store: Store, secret: Buffer, members: readonly Pick<CustomerMember, 'memberId' | 'personalFields'>[]): Promise<MemberPersonalData[]> {
  const out: MemberPersonalData[] = [];
  for (const m of members) if (m.personalFields.length > 0) out.push({ memberId: m.memberId, fields: await openFields(store, secret, m.memberId) });
  return out;
}

/**
 * The members' fields as one record: the customer's own member first, then the others oldest
 * first, each filling only the fields still missing.
 */
export function combinePersonalData(customerId: string, perMember: readonly MemberPersonalData[]): Record<string, string> {
  const ordered = [...perMember.filter((m) => m.memberId === customerId), ...perMember.filter((m) => m.memberId !== customerId)];
  const out: Record<string, string> = {};
  for (const m of ordered) for (const [field, value] of Object.entries(m.fields)) if (!(field in out)) out[field] = value;
  return out;
}
