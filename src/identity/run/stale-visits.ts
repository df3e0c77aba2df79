import type { SqlValue, Store } from '../../store/index.js';

/**
 * Visits (`sessions`, which analytics builds from each event's customer or visitor) go stale when
 * the resolver or a split re-attributes their events: the visit still names the old visitor and
 * may now be part of a longer visit of the new one. Before re-attributing, the visits holding any
 * of the events about to move are deleted and all their events un-filed (`session_key = NULL`),
 * so the next `buildSessions` files them again under the right visitor, joining the new visitor's
 * neighbouring visits as it does for new events. Visits are derived data; deleting them loses
 * nothing.
 *
 * `events` is the FROM/JOIN clause naming the events as `e`, `where` the condition of the rows
 * that move. Returns the number of visits forgotten.
 */
export async function forgetVisits(store: Store, events: string, where: string, params: readonly SqlValue[] = []): Promise<number> {
  await store.execute(`
    CREATE OR REPLACE TEMP TABLE idg_stale_visits AS
      SELECT DISTINCT e.session_key FROM ${events} WHERE e.session_key IS NOT NULL AND (${where})`, params);
  const [row] = await store.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM idg_stale_visits');
  const stale = row?.n ?? 0;
  if (stale > 0) {
    await store.exec(`
      UPDATE events SET session_key = NULL WHERE session_key IN (SELECT session_key FROM idg_stale_visits);
      DELETE FROM sessions WHERE session_key IN (SELECT session_key FROM idg_stale_visits);`);
  }
  await store.exec('DROP TABLE idg_stale_visits');
  return stale;
}
