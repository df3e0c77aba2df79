import type { Store } from '../../store/index.js';
import type { Principal } from './roles.js';

/** What kind of personal data a request read. */
export type AuditAction = 'customer.personal' | 'customers.search' | 'quarantine.raw';

export interface AuditEntry {
  action: AuditAction;
  /** The customer whose data was read (pseudonym id), when there is one. */
  customerId?: string | null;
  /** Counts, field names, record ids: never the values that were read or searched for. */
  detail?: Record<string, unknown>;
}

/** Writes one audit row. Called before the personal data leaves, so an unaudited read cannot happen. */
export async function audit(store: Store, who: Principal, entry: AuditEntry): Promise<void> {
  await store.execute('INSERT INTO audit_log (ts, actor, action, customer_id, detail) VALUES (now()::TIMESTAMP, ?, ?, ?, ?)', [
    who.name,
    entry.action,
    entry.customerId ?? null,
    entry.detail ? JSON.stringify(entry.detail) : null,
  ]);
}

export interface AuditRow {
  id: number;
  ts: string;
  actor: string;
  action: string;
  customerId: string | null;
  detail: Record<string, unknown> | null;
}

/** Audit rows, newest first, optionally of one actor or customer; `before` pages by id. */
export async function listAudit(store: Store, filter: { actor?: string | undefined; customerId?: string | undefined; before?: number | undefined; limit: number }): Promise<AuditRow[]> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.actor !== undefined) {
    where.push('actor = ?');
    params.push(filter.actor);
  }
  if (filter.customerId !== undefined) {
    where.push('customer_id = ?');
    params.push(filter.customerId);
  }
  if (filter.before !== undefined) {
    where.push('audit_id < ?');
    params.push(filter.before);
  }
  const rows = await store.query<{ id: number; ts: string; actor: string; action: string; customerId: string | null; detail: string | null }>(
    `SELECT audit_id AS id, ts, actor, action, customer_id AS "customerId", detail::VARCHAR AS detail FROM audit_log
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY audit_id DESC LIMIT ${Math.trunc(filter.limit)}`,
    params,
  );
  return rows.map((r) => ({ ...r, detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>) }));
}
