import { maskText } from '../api/mask.js';
import type { Logger } from 'pino';
import { buildSessions } from '../../analytics/index.js';
import { resolveIdentities } from '../../identity/index.js';
import { builtInSources, importFiles } from '../../ingest/index.js';
import type { Store } from '../../store/index.js';
import type { LiveEvent, LiveFeed } from '../deps.js';
import type { ServerMetrics } from '../ops/metrics.js';
import type { WriteAheadLog } from '../wal/index.js';

export interface LoaderOptions {
  store: Store;
  secret: Buffer;
  wal: WriteAheadLog;
  /** Where committed events go; `listening()`, when given, says whether anyone subscribes. */
  live: LiveFeed & { listening?: () => boolean };
  log: Logger;
  metrics: ServerMetrics;
  /** Pause between looks at the log when there was nothing to load (default 50 ms). */
  idleMs?: number;
  /** Most bytes of segments taken in one load (default 64 MB, the import's transaction size). */
  maxLoadBytes?: number;
  /** Least time between two identity resolutions while events flow (default 30 s); always on drain. */
  resolveEveryMs?: number;
  /**
   * Least time between the starts of two loads while the log holds fewer than `busyEvents`
   * (default 500 ms and 10,000). A load has a fixed cost of ~40 statements, 110–160 ms measured
   * for a 100-event load on this 2-core machine (~20 µs an event on top): loading every 100 ms
   * would keep a core busy for a trickle of events; this caps that at about a quarter of one,
   * for a time to queryable of ~0.2–0.7 s. A larger backlog is loaded without a pause.
   */
  minGapMs?: number;
  busyEvents?: number;
}

/** Where the loader is, for /readyz. */
export interface LoaderStatus {
  loads: number;
  events: number;
  failures: number;
  lastError: string | undefined;
  lastLoadAt: string | undefined;
}

const SEGMENT = builtInSources.get('segment')!;

/**
 * Moves closed segments of the write-ahead log into the store through the import pipeline's
 * `segment` source — the same validation, quarantine, hashing, vault and dedup as `cairn import`
 * — then removes them (the checkpoint). Exactly once: a segment loaded again after a crash
 * between the commit and its removal adds nothing, as every message's event_id is already stored
 * (and a rejected one is already waiting in the quarantine). Committed events go to the live feed.
 * A failed load (the store full or failing) keeps the segments and is tried again, backing off.
 */
export class Loader {
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  readonly status: LoaderStatus = { loads: 0, events: 0, failures: 0, lastError: undefined, lastLoadAt: undefined };
  private consecutiveFailures = 0;
  private unresolved = false;
  private lastResolve = 0;

  constructor(private readonly o: LoaderOptions) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Stops the loop after the load under way, then loads everything left in the log (graceful shutdown). */
  async drain(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
    while (await this.loadOnce(true));
  }

  /** Loads the segments closed so far (closing the current one first when due, or always with `force`). Returns whether it loaded any. */
  async loadOnce(force = false): Promise<boolean> {
    const { wal, store, secret, metrics } = this.o;
    await wal.rollIfDue(force);
    const segments = wal.closedSegments(this.o.maxLoadBytes ?? 64 * 1024 * 1024);
    if (segments.length === 0) {
      await this.resolveIfDue(force);
      return false;
    }
    const timer = metrics.loadSeconds.startTimer();
    const report = await importFiles(store, { files: segments.map((s) => s.path), source: SEGMENT, secret });
    timer();
    await wal.checkpoint(segments);
    // The load is committed and checkpointed: a failing live feed must not make it count as a failed load
    // (a retry would find only duplicates, and the feed would never get these events).
    try {
      await this.publish(report.importId);
    } catch (err) {
      this.o.log.warn({ err: { name: (err as Error).name } }, 'live feed publish failed; the events are stored');
    }
    if (report.accepted > 0) this.unresolved = true;
    await this.resolveIfDue(force);
    metrics.loaded.inc(report.accepted);
    metrics.duplicates.inc(report.duplicates);
    this.status.loads++;
    this.status.events += report.accepted;
    this.status.lastLoadAt = new Date().toISOString();
    this.o.log.debug({ importId: report.importId, segments: segments.length, accepted: report.accepted, duplicates: report.duplicates, quarantined: report.quarantined, ms: report.elapsedMs }, 'loaded');
    return true;
  }

  /**
   * Identity resolution over what was loaded (who the new anonymous ids and accounts are), at most
   * every `resolveEveryMs` (default 30 s) while events flow, and always on drain: a run rebuilds
   * the graph from the whole store (about 2 s for the 1M-event demo), too much per load.
   */
  private async resolveIfDue(force: boolean): Promise<void> {
    if (!this.unresolved) return;
    if (!force && Date.now() - this.lastResolve < (this.o.resolveEveryMs ?? 30_000)) return;
    this.lastResolve = Date.now();
    try {
      const r = await resolveIdentities(this.o.store, { actor: 'collector' });
      this.unresolved = false;
      this.o.log.debug({ merges: r.merges, customers: r.customers, ms: Math.round(r.seconds * 1000) }, 'identities resolved');
      // Visits next, so that the funnels, paths and attribution the API serves see the new events
      // under the customer the resolver just gave them (incremental: about 1.5 CPU-s on 10M events).
      const s = await buildSessions(this.o.store);
      this.o.log.debug({ filed: s.eventsFiled, written: s.sessionsWritten, ms: Math.round(s.seconds * 1000) }, 'sessions built');
    } catch (err) {
      this.o.log.warn({ err: { name: (err as Error).name, message: maskText(err instanceof Error ? err.message : String(err)) } }, 'identity resolution or the sessions build failed; tried again after the next load');
    }
  }

  private async loop(): Promise<void> {
    let lastStart = 0;
    while (!this.stopping) {
      let loaded = false;
      try {
        const gap = lastStart + (this.o.minGapMs ?? 500) - Date.now();
        if (gap > 0 && this.o.wal.backlog.events < (this.o.busyEvents ?? 10_000)) {
          await this.sleep(gap);
          if (this.stopping) break;
        }
        const started = Date.now();
        loaded = await this.loadOnce();
        if (loaded) lastStart = started;
        this.consecutiveFailures = 0;
      } catch (err) {
        this.consecutiveFailures++;
        this.status.failures++;
        this.status.lastError = maskText(err instanceof Error ? err.message : String(err));
        this.o.metrics.loaderFailures.inc();
        this.o.log.error({ err: { name: (err as Error).name, message: this.status.lastError }, failures: this.consecutiveFailures }, 'load failed; the events stay in the log and the load is tried again');
      }
      if (!loaded) await this.sleep(this.consecutiveFailures ? Math.min(30_000, 250 * 2 ** this.consecutiveFailures) : (this.o.idleMs ?? 50));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  /**
   * Sends the events of one load, as stored (ids pseudonymised, properties redacted), to the live
   * feed. Reading them back costs: in a profile of a 285k-event drain it was 12% of the server's
   * CPU, so it is skipped while nobody listens.
   */
  private async publish(importId: string): Promise<void> {
    if (this.o.live.listening && !this.o.live.listening()) return;
    const rows = await this.o.store.query<{ eventId: string; ts: string; type: string; name: string | null; customerId: string | null; source: string; properties: string | null }>(
      `SELECT event_id AS "eventId", ts, type, name, customer_id AS "customerId", source, properties::VARCHAR AS properties FROM events WHERE import_id = ?`,
      [importId],
    );
    if (rows.length === 0) return;
    const events: LiveEvent[] = rows.map((r) => ({ ...r, properties: r.properties === null ? null : (JSON.parse(r.properties) as Record<string, unknown>) }));
    this.o.live.publish(events);
  }
}
