import type { SqlValue, Store } from '../store/index.js';
import { openRaw } from './quarantine-seal.js';

/** Which quarantined records to look at. */
export interface QuarantineFilter {
  source?: string | undefined;
  reason?: string | undefined;
  importId?: string | undefined;
  ids?: readonly number[] | undefined;
  /** Include records already replayed (default: only those still waiting). */
  includeReplayed?: boolean | undefined;
  /** Most entries to return (the summary counts them all); default 50. */
  limit?: number | undefined;
}

/** One rejected input record. */
export type QuarantineEntry = {
  id: number;
  importId: string | null;
  source: string;
  file: string | null;
  line: number | null;
  reason: string;
  detail: string | null;
  raw: string;
  receivedAt: string;
  replayedAt: string | null;
};

export interface QuarantineListing {
  /** Records matching the filter. */
  total: number;
  byReason: { reason: string; count: number }[];
  entries: QuarantineEntry[];
}

/** SQL `WHERE` over the quarantine for a filter, with its parameters. */
export function quarantineWhere(filter: QuarantineFilter): { where: string; params: SqlValue[] } {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  if (!filter.includeReplayed) parts.push('replayed_at IS NULL');
  if (filter.source !== undefined) {
    parts.push('source = ?');
    params.push(filter.source);
  }
  if (filter.reason !== undefined) {
    parts.push('reason = ?');
    params.push(filter.reason);
  }
  if (filter.importId !== undefined) {
    parts.push('import_id = ?');
    params.push(filter.importId);
  }
  if (filter.ids?.length) parts.push(`quarantine_id IN (${filter.ids.map((id) => Math.trunc(id)).join(', ')})`);
  return { where: parts.length ? parts.join(' AND ') : 'true', params };
}

/** The quarantined records matching `filter`, oldest first, with a count per reason. */
export async function listQuarantine(store: Store, filter: QuarantineFilter = {}, secret?: Buffer): Promise<QuarantineListing> {
  const { where, params } = quarantineWhere(filter);
  const byReason = await store.query<{ reason: string; count: number }>(
    `SELECT reason, count(*) AS count FROM quarantine WHERE ${where} GROUP BY reason ORDER BY count DESC, reason`,
    params,
  );
  const entries = await store.query<QuarantineEntry>(
    `SELECT quarantine_id AS id, import_id AS "importId", source, file, line, reason, detail, raw,
       received_at AS "receivedAt", replayed_at AS "replayedAt"
     FROM quarantine WHERE ${where} ORDER BY quarantine_id LIMIT ${Math.max(0, Math.trunc(filter.limit ?? 50))}`,
    params,
  );
  // Raw text is sealed at rest; a person with the store secret sees it as it came.
  for (const e of entries) {
    e.raw = openRaw(secret, e.raw);
    if (e.detail !== null) e.detail = openRaw(secret, e.detail);
  }
  return { total: byReason.reduce((sum, r) => sum + r.count, 0), byReason, entries };
}
