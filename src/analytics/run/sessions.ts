import { sqlString, type Store } from '../../store/index.js';
import { buildSessionsSql, clearSessionsSql, SESSION_TEMP_TABLES } from '../sessions.js';

export interface BuildSessionsOptions {
  /** Rebuild the visits that end at or after this time (ISO date or timestamp, UTC) and everything newer. */
  since?: string;
  /** Throw every visit away and build them all again. */
  rebuild?: boolean;
  onProgress?: (phase: string) => void;
}

export interface BuildSessionsReport {
  /** Events filed under a visit in this run (new ones plus those of re-opened visits). */
  eventsFiled: number;
  /** Visits written in this run. */
  sessionsWritten: number;
  /** Visits that already existed and were built again because new events continue them. */
  sessionsReopened: number;
  /** Visits in the store after the run. */
  sessionsTotal: number;
  /** Seconds per step, for the bench and for finding the slow one. */
  steps: Record<string, number>;
  seconds: number;
}

/**
 * Fills `sessions` and `events.session_key` from the events that have no session key yet (all of
 * them the first time), in one transaction. See analytics/sessions.ts for the rules.
 */
export async function buildSessions(store: Store, options: BuildSessionsOptions = {}): Promise<BuildSessionsReport> {
  const started = performance.now();
  const steps: Record<string, number> = {};
  const report = await store.transaction(async () => {
    if (options.rebuild || options.since !== undefined) {
      const t = performance.now();
      options.onProgress?.('clear');
      if (options.rebuild) await store.exec('DELETE FROM sessions');
      else for (const sql of clearSessionsSql(`${sqlString(options.since ?? '')}::TIMESTAMP`)) await store.exec(sql);
      steps['clear'] = (performance.now() - t) / 1000;
    }
    const [existing] = await store.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM sessions) AS any');
    let eventsFiled = 0;
    let sessionsWritten = 0;
    for (const step of buildSessionsSql({ all: options.rebuild === true, reopen: existing?.any === true })) {
      const t = performance.now();
      options.onProgress?.(step.name);
      if (step.name === 'insert') sessionsWritten = await store.execute(step.sql);
      else if (step.name === 'file events') eventsFiled = await store.execute(step.sql);
      else await store.exec(step.sql);
      steps[step.name] = (performance.now() - t) / 1000;
    }
    const [counts] = await store.query<{ reopened: number; total: number }>(
      'SELECT (SELECT count(*) FROM _ses_reopen)::INTEGER AS reopened, (SELECT count(*) FROM sessions)::INTEGER AS total');
    for (const table of SESSION_TEMP_TABLES) await store.exec(`DROP TABLE IF EXISTS ${table}`);
    return { eventsFiled, sessionsWritten, sessionsReopened: counts?.reopened ?? 0, sessionsTotal: counts?.total ?? 0 };
  });
  return { ...report, steps, seconds: (performance.now() - started) / 1000 };
}
