import type { Store } from '../../store/index.js';
import { LINK_KINDS, resolveGraph, type GraphConflict, type LinkKind } from '../graph/resolve-graph.js';

/**
 * Identity resolution on the store: builds the identity graph from everything filed so far
 * (identities, anonymous ids and devices of events, accepted record-matcher pairs, splits), joins
 * the members that are one person into one customer, and re-attributes events, orders and texts.
 *
 * Each run recomputes the components from all links (union-find over typed arrays: cheap next to
 * the SQL around it) and writes only what changed, so it is safe to run after every import and
 * gives the same answer whatever order the data came in. A customer id, once given, stays: a
 * component keeps the id of its oldest customer, and a merge or split is a row of
 * `identity_merges` with the identifiers that decided it.
 */

export interface ResolveOptions {
  /** An identifier linking more members than this links none (default 10). */
  maxMembersPerIdentifier?: number;
  /** A device with more anonymous ids than this is shared and links none (default 20). */
  maxAnonymousPerDevice?: number;
  /** Who asked (recorded with every merge). */
  actor?: string;
  onProgress?: (phase: string) => void;
}

export interface ResolveReport {
  runId: string;
  members: number;
  newMembers: number;
  anonymousIds: number;
  devices: number;
  links: number;
  customers: number;
  /** Customers that absorbed another in this run. */
  merges: number;
  membersMoved: number;
  anonymousAttributed: number;
  conflicts: Record<string, number>;
  rows: { events: number; orders: number; texts: number };
  seconds: number;
}

type MemberRow = {
  idx: number;
  member_id: string;
  customer_id: string;
  anchor: number;
  first_ms: number | null;
};

const KIND_CODE = new Map<LinkKind, number>(LINK_KINDS.map((k, i) => [k, i]));

/** The identifier kind stored for a link kind (conflicts and audit name identifiers by it). */
const STORED_KIND: Record<LinkKind, string> = {
  alias: 'user_id', login: 'anonymous_id', crm_id: 'crm_id', email: 'email', phone: 'phone', match: 'record_match', device: 'device_id',
};

async function list<T>(store: Store, sql: string): Promise<T[]> {
  const [row] = await store.query<{ v: T[] | null }>(sql);
  return row?.v ?? [];
}

/** Files members the resolver has not seen, and folds customers rows that ingest (re)wrote into their member snapshots. */
async function syncMembers(store: Store, now: string): Promise<number> {
  const fresh = await store.execute(`
    INSERT INTO identity_members (member_id, customer_id, anchor, first_seen, last_seen, traits, source, import_id, resolved_at)
    SELECT c.customer_id, c.customer_id,
      EXISTS (SELECT 1 FROM identities i WHERE i.customer_id = c.customer_id AND i.kind = 'user_id'),
      c.first_seen, c.last_seen, c.traits, c.source, c.import_id, '${now}'::TIMESTAMP
    FROM customers c WHERE c.customer_id NOT IN (SELECT member_id FROM identity_members)`);
  // A member inside another customer whose own row ingest wrote again (a later import): fold it in.
  await store.exec(`
    UPDATE identity_members m SET
      first_seen = least(m.first_seen, c.first_seen),
      last_seen = greatest(m.last_seen, c.last_seen),
      traits = CASE WHEN m.traits IS NULL THEN c.traits WHEN c.traits IS NULL THEN m.traits ELSE json_merge_patch(m.traits, c.traits) END
    FROM customers c WHERE c.customer_id = m.member_id AND m.customer_id <> m.member_id`);
  // A customer's row that ingest widened or re-traited since the last run (ingest writes under the
  // member id, which is the customer's own member): what changed belongs to that member.
  const touched = await store.query<{ member_id: string; first: string | null; last: string | null; traits: string | null; agg_first: string | null; agg_last: string | null; agg_traits: string | null; own_traits: string | null }>(`
    WITH agg AS (${CUSTOMER_ROWS_SQL})
    SELECT c.customer_id AS member_id, c.first_seen::VARCHAR AS first, c.last_seen::VARCHAR AS last, c.traits::VARCHAR AS traits,
      a.first_seen::VARCHAR AS agg_first, a.last_seen::VARCHAR AS agg_last, a.traits::VARCHAR AS agg_traits, o.traits::VARCHAR AS own_traits
    FROM customers c JOIN agg a USING (customer_id) JOIN identity_members o ON o.member_id = c.customer_id AND o.customer_id = c.customer_id
    WHERE c.first_seen IS DISTINCT FROM a.first_seen OR c.last_seen IS DISTINCT FROM a.last_seen OR c.traits::VARCHAR IS DISTINCT FROM a.traits::VARCHAR`);
  for (const t of touched) {
    const row = t.traits === null ? {} : (JSON.parse(t.traits) as Record<string, unknown>);
    const agg = t.agg_traits === null ? {} : (JSON.parse(t.agg_traits) as Record<string, unknown>);
    const patch = Object.fromEntries(Object.entries(row).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(agg[k])));
    const own = t.own_traits === null ? null : (JSON.parse(t.own_traits) as Record<string, unknown>);
    const traits = Object.keys(patch).length > 0 ? { ...(own ?? {}), ...patch } : own;
    await store.execute(`
      UPDATE identity_members SET
        first_seen = CASE WHEN ?::TIMESTAMP < ?::TIMESTAMP OR ? IS NULL THEN least(first_seen, ?::TIMESTAMP) ELSE first_seen END,
        last_seen = CASE WHEN ?::TIMESTAMP > ?::TIMESTAMP OR ? IS NULL THEN greatest(last_seen, ?::TIMESTAMP) ELSE last_seen END,
        traits = ?::JSON
      WHERE member_id = ?`,
    [t.first, t.agg_first, t.agg_first, t.first, t.last, t.agg_last, t.agg_last, t.last, traits === null ? null : JSON.stringify(traits), t.member_id]);
  }
  await store.exec(`
    UPDATE identity_members m SET anchor = true
    WHERE NOT m.anchor AND EXISTS (SELECT 1 FROM identities i WHERE i.customer_id = m.member_id AND i.kind = 'user_id')`);
  // Rows of events, orders and texts not yet filed: the customer ingest gave them is their member;
  // a row with none ('' once filed) is anonymous and follows its anonymous id.
  for (const table of ['events', 'orders', 'texts']) {
    await store.exec(`UPDATE ${table} SET member_id = coalesce(customer_id, '') WHERE member_id IS NULL`);
  }
  return fresh;
}

/** Numbers the graph's nodes and edges in SQL (temp tables idg_*), and returns them as arrays. */
async function buildGraph(store: Store) {
  await store.exec(`
    CREATE OR REPLACE TEMP TABLE idg_members AS
      SELECT member_id, customer_id, (row_number() OVER (ORDER BY member_id) - 1)::INTEGER AS idx FROM identity_members;
    CREATE OR REPLACE TEMP TABLE idg_anon AS
      SELECT anonymous_id, cairn_hmac(anonymous_id) AS h,
        ((SELECT count(*) FROM idg_members) + row_number() OVER (ORDER BY anonymous_id) - 1)::INTEGER AS idx
      FROM (SELECT DISTINCT anonymous_id FROM events WHERE anonymous_id IS NOT NULL);
    CREATE OR REPLACE TEMP TABLE idg_anon_device AS
      SELECT DISTINCT anonymous_id, json_extract_string(context, '$.device.id') AS device FROM events
      WHERE anonymous_id IS NOT NULL AND json_extract_string(context, '$.device.id') IS NOT NULL;
    CREATE OR REPLACE TEMP TABLE idg_ident AS
      SELECT kind, value_hash, device,
        ((SELECT count(*) FROM idg_members) + (SELECT count(*) FROM idg_anon) + row_number() OVER (ORDER BY kind, value_hash, device) - 1)::INTEGER AS idx
      FROM (
        SELECT DISTINCT kind, value_hash, NULL::VARCHAR AS device FROM identities WHERE kind IN ('user_id', 'crm_id', 'email', 'phone')
        UNION ALL SELECT DISTINCT 'device_id', cairn_hmac(device), device FROM idg_anon_device
      );
    CREATE OR REPLACE TEMP TABLE idg_edges AS
      SELECT g.idx AS hub, m.idx AS spoke, CASE i.kind WHEN 'user_id' THEN ${KIND_CODE.get('alias')} WHEN 'crm_id' THEN ${KIND_CODE.get('crm_id')}
        WHEN 'email' THEN ${KIND_CODE.get('email')} ELSE ${KIND_CODE.get('phone')} END::UTINYINT AS kind
      FROM identities i JOIN idg_ident g USING (kind, value_hash) JOIN idg_members m ON m.member_id = i.customer_id
      WHERE i.kind IN ('user_id', 'crm_id', 'email', 'phone')
      UNION ALL
      SELECT a.idx, m.idx, ${KIND_CODE.get('login')}::UTINYINT
      FROM identities i JOIN idg_anon a ON a.h = i.value_hash JOIN idg_members m ON m.member_id = i.customer_id
      WHERE i.kind = 'anonymous_id'
      UNION ALL
      SELECT g.idx, a.idx, ${KIND_CODE.get('device')}::UTINYINT
      FROM idg_anon_device d JOIN idg_anon a USING (anonymous_id) JOIN idg_ident g ON g.kind = 'device_id' AND g.device = d.device
      UNION ALL
      SELECT ma.idx, mb.idx, ${KIND_CODE.get('match')}::UTINYINT
      FROM (SELECT DISTINCT member_a, member_b FROM identity_match_pairs WHERE status IN ('match', 'accepted')) p
      JOIN idg_members ma ON ma.member_id = p.member_a JOIN idg_members mb ON mb.member_id = p.member_b;`);
  const members = await store.query<MemberRow>(`
    SELECT g.idx, g.member_id, g.customer_id,
      CASE WHEN m.anchor THEN dense_rank() OVER (PARTITION BY m.anchor ORDER BY u.value_hash) - 1 ELSE -1 END::INTEGER AS anchor,
      epoch_ms(m.first_seen)::DOUBLE AS first_ms
    FROM idg_members g JOIN identity_members m USING (member_id)
    LEFT JOIN (SELECT customer_id, min(value_hash) AS value_hash FROM identities WHERE kind = 'user_id' GROUP BY customer_id) u
      ON u.customer_id = g.member_id
    ORDER BY g.idx`);
  const [counts] = await store.query<{ anon: number; ident: number }>(
    'SELECT (SELECT count(*) FROM idg_anon)::INTEGER AS anon, (SELECT count(*) FROM idg_ident)::INTEGER AS ident');
  const hub = Int32Array.from(await list<number>(store, 'SELECT list(hub) AS v FROM idg_edges'));
  const spoke = Int32Array.from(await list<number>(store, 'SELECT list(spoke) AS v FROM idg_edges'));
  const kind = Uint8Array.from(await list<number>(store, 'SELECT list(kind) AS v FROM idg_edges'));
  // Splits: identity_blocks rows of kind 'split', value '<merge_id>:a|b' per member of each side.
  const tags = await store.query<{ idx: number; tag: string }>(`
    SELECT g.idx, b.value_hash AS tag FROM identity_blocks b JOIN idg_members g ON g.member_id = b.member_id WHERE b.kind = 'split'`);
  const tagIndex = new Map<string, number>();
  const tagId = (t: string) => {
    if (!tagIndex.has(t)) tagIndex.set(t, tagIndex.size);
    return tagIndex.get(t) ?? 0;
  };
  const tagMember = Int32Array.from(tags.map((t) => t.idx));
  const tag = Int32Array.from(tags.map((t) => tagId(t.tag)));
  for (const t of [...tagIndex.keys()]) tagId(t.endsWith(':a') ? `${t.slice(0, -2)}:b` : `${t.slice(0, -2)}:a`);
  const partner = new Int32Array(tagIndex.size);
  for (const [t, i] of tagIndex) partner[i] = tagIndex.get(t.endsWith(':a') ? `${t.slice(0, -2)}:b` : `${t.slice(0, -2)}:a`) ?? -1;
  const anonCount = counts?.anon ?? 0;
  const nodeCount = members.length + anonCount + (counts?.ident ?? 0);
  return { members, anonCount, identCount: counts?.ident ?? 0, nodeCount, hub, spoke, kind, tagMember, tag, partner };
}

/**
 * Which customer each component becomes: the current customer id its members hold that is the
 * oldest (first seen, then id), unless a larger component already took it (after a split); else
 * the id of its oldest member. Returns the customer id per member row.
 */
function chooseCustomers(members: readonly MemberRow[], component: Int32Array): string[] {
  const byComponent = new Map<number, MemberRow[]>();
  for (const m of members) {
    const c = component[m.idx] ?? m.idx;
    const group = byComponent.get(c);
    if (group) group.push(m);
    else byComponent.set(c, [m]);
  }
  const firstSeen = new Map<string, number>();
  for (const m of members) {
    if (m.member_id !== m.customer_id) continue;
    firstSeen.set(m.customer_id, m.first_ms ?? Infinity);
  }
  const age = (id: string) => firstSeen.get(id) ?? Infinity;
  const older = (a: string, b: string) => age(a) - age(b) || (a < b ? -1 : a > b ? 1 : 0);
  const taken = new Set<string>();
  const chosen = new Map<number, string>();
  const groups = [...byComponent.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
  for (const [c, group] of groups) {
    // A customer id stays with the component holding its own member (after a split), then the oldest.
    const own = new Set(group.map((m) => m.member_id));
    const current = [...new Set(group.map((m) => m.customer_id))].filter((id) => !taken.has(id))
      .sort((a, b) => Number(!own.has(a)) - Number(!own.has(b)) || older(a, b));
    const fresh = [...own].filter((id) => !taken.has(id)).sort(older);
    const id = current[0] ?? fresh[0] ?? group[0]?.member_id ?? '';
    taken.add(id);
    chosen.set(c, id);
  }
  return members.map((m) => chosen.get(component[m.idx] ?? m.idx) ?? m.customer_id);
}

/** The identifier kinds through which `group` (member indices) shares a hub with the rest of its component. */
function viaKinds(group: ReadonlySet<number>, memberCount: number, component: Int32Array, hubsOf: Map<number, number[]>, spokesOf: Map<number, number[]>, kindOfHub: Map<number, number>): string[] {
  const kinds = new Set<string>();
  for (const m of group) {
    for (const h of hubsOf.get(m) ?? []) {
      if (component[h] !== component[m]) continue;
      const others = [...(spokesOf.get(h) ?? []), h].some((s) => s < memberCount && !group.has(s) && component[s] === component[m]);
      if (others) kinds.add(STORED_KIND[LINK_KINDS[kindOfHub.get(h) ?? 0] ?? 'device']);
    }
  }
  return [...kinds].sort();
}

/** Runs identity resolution over the whole store (see the module comment). */
export async function resolveIdentities(store: Store, options: ResolveOptions = {}): Promise<ResolveReport> {
  const started = Date.now();
  const now = new Date(started).toISOString().replace('T', ' ').replace('Z', '');
  const runId = `resolve-${new Date(started).toISOString()}`;
  const progress = options.onProgress ?? (() => undefined);
  return store.transaction(async () => {
    progress('members');
    const newMembers = await syncMembers(store, now);
    progress('graph');
    const g = await buildGraph(store);
    const result = resolveGraph(
      { nodeCount: g.nodeCount, memberCount: g.members.length, anchor: Int32Array.from(g.members.map((m) => m.anchor)),
        hub: g.hub, spoke: g.spoke, kind: g.kind, tagMember: g.tagMember, tag: g.tag, partner: g.partner },
      { maxMembersPerIdentifier: options.maxMembersPerIdentifier, maxSpokesPerDevice: options.maxAnonymousPerDevice },
    );
    progress('assign');
    const customerOf = chooseCustomers(g.members, result.component);
    // Per component, its customer; anonymous ids take the customer of their component (if any).
    const componentCustomer = new Map<number, string>();
    g.members.forEach((m, i) => componentCustomer.set(result.component[m.idx] ?? m.idx, customerOf[i] ?? m.customer_id));
    const anonCustomer: (string | null)[] = [];
    /** Per anonymous id, the anonymous id of its component that stands for it (the first numbered). */
    const anonVisitor = new Int32Array(g.anonCount);
    const visitorOfComponent = new Map<number, number>();
    for (let a = 0; a < g.anonCount; a++) {
      const c = result.component[g.members.length + a] ?? -1;
      anonCustomer.push(componentCustomer.get(c) ?? null);
      if (!visitorOfComponent.has(c)) visitorOfComponent.set(c, g.members.length + a);
      anonVisitor[a] = visitorOfComponent.get(c) ?? g.members.length + a;
    }
    const flaggedAnon = new Set(result.conflicts.filter((c) => c.kind === 'login').map((c) => c.node - g.members.length));

    // Audit: members that changed customer, grouped by (old customer → new customer).
    const hubsOf = new Map<number, number[]>();
    const spokesOf = new Map<number, number[]>();
    const kindOfHub = new Map<number, number>();
    for (let i = 0; i < g.hub.length; i++) {
      const h = g.hub[i] ?? 0;
      const s = g.spoke[i] ?? 0;
      if (s < g.members.length) (hubsOf.get(s) ?? hubsOf.set(s, []).get(s))?.push(h);
      if (h < g.members.length) (hubsOf.get(h) ?? hubsOf.set(h, []).get(h))?.push(s);
      (spokesOf.get(h) ?? spokesOf.set(h, []).get(h))?.push(s);
      kindOfHub.set(h, g.kind[i] ?? 0);
      if (h < g.members.length) kindOfHub.set(s, g.kind[i] ?? 0);
    }
    const moves = new Map<string, { to: string; from: string; members: number[] }>();
    g.members.forEach((m, i) => {
      const to = customerOf[i] ?? m.customer_id;
      if (to === m.customer_id) return;
      const key = `${m.customer_id}\u0000${to}`;
      const move = moves.get(key) ?? { to, from: m.customer_id, members: [] };
      move.members.push(m.idx);
      moves.set(key, move);
    });
    const mergeRows = [...moves.values()].map((mv) => {
      const via = viaKinds(new Set(mv.members), g.members.length, result.component, hubsOf, spokesOf, kindOfHub);
      const ids = mv.members.map((idx) => g.members[idx]?.member_id ?? '');
      return [now, 'merge', mv.to, mv.from, JSON.stringify(ids), JSON.stringify(via),
        via.length > 0 ? `shares ${via.join(', ')}` : 'joined through linked records', options.actor ?? 'resolver'] as const;
    });

    progress('write');
    await store.exec('CREATE OR REPLACE TEMP TABLE idg_assign (member_id VARCHAR, customer_id VARCHAR)');
    await store.appendRows('idg_assign', ['member_id', 'customer_id'],
      g.members.flatMap((m, i) => (customerOf[i] !== m.customer_id ? [[m.member_id, customerOf[i] ?? m.customer_id]] : [])));
    await store.exec('CREATE OR REPLACE TEMP TABLE idg_anon_assign (idx INTEGER, customer_id VARCHAR, visitor INTEGER, reason VARCHAR)');
    await store.appendRows('idg_anon_assign', ['idx', 'customer_id', 'visitor', 'reason'],
      anonCustomer.map((c, a) => [g.members.length + a, c, anonVisitor[a] ?? 0, flaggedAnon.has(a) ? 'used by several customers' : c === null ? 'not identified' : null]));
    const membersMoved = await store.execute(`
      UPDATE identity_members m SET customer_id = a.customer_id, resolved_at = '${now}'::TIMESTAMP
      FROM idg_assign a WHERE a.member_id = m.member_id`);
    await store.exec(`
      DELETE FROM identity_anonymous;
      INSERT INTO identity_anonymous (anonymous_id, customer_id, visitor_id, reason)
      SELECT a.anonymous_id, x.customer_id, coalesce(x.customer_id, 'v_' || substr(v.h, 1, 20)), x.reason
      FROM idg_anon_assign x JOIN idg_anon a USING (idx) JOIN idg_anon v ON v.idx = x.visitor;`);
    // Re-attribute: filed rows by member, anonymous events by their anonymous id.
    const rows = { events: 0, orders: 0, texts: 0 };
    for (const table of ['events', 'orders', 'texts'] as const) {
      rows[table] += await store.execute(`
        UPDATE ${table} t SET customer_id = m.customer_id FROM identity_members m
        WHERE t.member_id = m.member_id AND t.customer_id IS DISTINCT FROM m.customer_id`);
    }
    rows.events += await store.execute(`
      UPDATE events e SET customer_id = a.customer_id FROM identity_anonymous a
      WHERE e.member_id = '' AND e.anonymous_id = a.anonymous_id AND e.customer_id IS DISTINCT FROM a.customer_id`);
    await rebuildCustomers(store);
    await recordConflicts(store, result.conflicts, now);
    if (mergeRows.length > 0) {
      await store.appendRows('identity_merges', ['ts', 'action', 'customer_id', 'merged_id', 'members', 'via', 'reason', 'actor'],
        mergeRows.map((r) => [...r]));
    }
    const conflicts: Record<string, number> = {};
    for (const c of result.conflicts) conflicts[`${STORED_KIND[c.kind]}: ${c.reason}`] = (conflicts[`${STORED_KIND[c.kind]}: ${c.reason}`] ?? 0) + 1;
    const [n] = await store.query<{ customers: number; anon: number }>(`
      SELECT (SELECT count(*) FROM customers)::INTEGER AS customers,
        (SELECT count(*) FROM identity_anonymous WHERE customer_id IS NOT NULL)::INTEGER AS anon`);
    const report: ResolveReport = {
      runId,
      members: g.members.length,
      newMembers,
      anonymousIds: g.anonCount,
      devices: (await store.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM idg_ident WHERE kind = 'device_id'"))[0]?.n ?? 0,
      links: g.hub.length,
      customers: n?.customers ?? 0,
      merges: mergeRows.length,
      membersMoved,
      anonymousAttributed: n?.anon ?? 0,
      conflicts,
      rows,
      seconds: (Date.now() - started) / 1000,
    };
    await store.execute('INSERT INTO identity_runs (run_id, started_at, finished_at, report) VALUES (?, ?::TIMESTAMP, now()::TIMESTAMP, ?)',
      [runId, now, JSON.stringify(report)]);
    await store.exec('DROP TABLE IF EXISTS idg_members; DROP TABLE IF EXISTS idg_anon; DROP TABLE IF EXISTS idg_anon_device; DROP TABLE IF EXISTS idg_ident; DROP TABLE IF EXISTS idg_edges; DROP TABLE IF EXISTS idg_assign; DROP TABLE IF EXISTS idg_anon_assign;');
    return report;
  });
}

/**
 * `customers` holds one row per resolved customer: the members' own rows combined (first seen the
 * earliest, last seen the latest, traits merged oldest first). Rows of members now inside another
 * customer go; rows whose members changed are rebuilt.
 */
export async function rebuildCustomers(store: Store): Promise<void> {
  await store.exec(`
    CREATE OR REPLACE TEMP TABLE idg_customers AS ${CUSTOMER_ROWS_SQL};
    DELETE FROM customers WHERE customer_id NOT IN (SELECT customer_id FROM idg_customers);
    INSERT INTO customers (customer_id, first_seen, last_seen, traits, source, import_id)
      SELECT customer_id, first_seen, last_seen, traits, source, import_id FROM idg_customers
      ON CONFLICT (customer_id) DO UPDATE SET first_seen = excluded.first_seen, last_seen = excluded.last_seen, traits = excluded.traits;
    DROP TABLE idg_customers;`);
}

/** One row per resolved customer from its members' own rows: first seen the earliest, last seen the latest, traits merged oldest first. */
const CUSTOMER_ROWS_SQL = `
  SELECT customer_id, min(first_seen) AS first_seen, max(last_seen) AS last_seen,
    list_reduce(list(traits ORDER BY first_seen NULLS LAST, member_id) FILTER (WHERE traits IS NOT NULL), (a, b) -> json_merge_patch(a, b)) AS traits,
    arg_max(source, member_id = customer_id) AS source, arg_max(import_id, member_id = customer_id) AS import_id
  FROM identity_members GROUP BY customer_id`;

async function recordConflicts(store: Store, conflicts: readonly GraphConflict[], now: string): Promise<void> {
  if (conflicts.length === 0) return;
  await store.exec('CREATE OR REPLACE TEMP TABLE idg_conflicts (idx INTEGER, reason VARCHAR, spokes INTEGER)');
  await store.appendRows('idg_conflicts', ['idx', 'reason', 'spokes'], conflicts.map((c) => [c.node, c.reason, c.spokes]));
  // A conflict's node is an anonymous id (hash it like identities do), an identifier, or a member (a matcher pair).
  await store.exec(`
    INSERT INTO identity_conflicts (kind, value_hash, reason, members, customers, first_detected, last_detected)
    SELECT kind, value_hash, any_value(reason), max(spokes), NULL, '${now}'::TIMESTAMP, '${now}'::TIMESTAMP FROM (
      SELECT 'anonymous_id' AS kind, a.h AS value_hash, c.reason, c.spokes FROM idg_conflicts c JOIN idg_anon a USING (idx)
      UNION ALL SELECT i.kind, i.value_hash, c.reason, c.spokes FROM idg_conflicts c JOIN idg_ident i USING (idx)
      UNION ALL SELECT 'record_match', m.member_id, c.reason, c.spokes FROM idg_conflicts c JOIN idg_members m USING (idx)
    ) GROUP BY kind, value_hash
    ON CONFLICT (kind, value_hash) DO UPDATE SET reason = excluded.reason, members = excluded.members, last_detected = excluded.last_detected;
    DROP TABLE idg_conflicts;`);
}
