import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The server's Prometheus metrics, in a registry of its own (one per app, so tests do not share). */
export interface ServerMetrics {
  readonly registry: Registry;
  /** Events in requests that passed authentication, by source. */
  readonly received: Counter<'source'>;
  /** …of those, the ones the pipeline will accept, and the ones it will quarantine (by reason). */
  readonly accepted: Counter<'source'>;
  readonly quarantined: Counter<'source' | 'reason'>;
  /** Requests refused before their events were logged, by code (invalid_write_key, event_too_large, …). */
  readonly refused: Counter<'code'>;
  /** Events the loader moved into the store, and those the store already had. */
  readonly loaded: Counter;
  readonly duplicates: Counter;
  readonly loaderFailures: Counter;
  readonly loadSeconds: Histogram;
  readonly requestSeconds: Histogram<'method' | 'route' | 'status'>;
}

export function createMetrics(backlog: () => { bytes: number; events: number; oldestAt: number | undefined }): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cairn_' });
  const m = {
    registry,
    received: new Counter({ name: 'cairn_events_received_total', help: 'Events received in authenticated requests', labelNames: ['source'], registers: [registry] }),
    accepted: new Counter({ name: 'cairn_events_accepted_total', help: 'Events received that pass validation', labelNames: ['source'], registers: [registry] }),
    quarantined: new Counter({ name: 'cairn_events_quarantined_total', help: 'Events received that go to the quarantine', labelNames: ['source', 'reason'], registers: [registry] }),
    refused: new Counter({ name: 'cairn_requests_refused_total', help: 'Collector requests refused before logging, by error code', labelNames: ['code'], registers: [registry] }),
    loaded: new Counter({ name: 'cairn_events_loaded_total', help: 'Events the loader wrote to the store', registers: [registry] }),
    duplicates: new Counter({ name: 'cairn_events_duplicate_total', help: 'Events the loader found already stored (client retries, replays)', registers: [registry] }),
    loaderFailures: new Counter({ name: 'cairn_loader_failures_total', help: 'Loads that failed (the log keeps their events)', registers: [registry] }),
    loadSeconds: new Histogram({ name: 'cairn_load_duration_seconds', help: 'Time of one load from the log into the store', buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry] }),
    requestSeconds: new Histogram({
      name: 'cairn_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
  new Gauge({ name: 'cairn_log_backlog_events', help: 'Events in the log not yet in the store', registers: [registry], collect() { this.set(backlog().events); } });
  new Gauge({ name: 'cairn_log_backlog_bytes', help: 'Bytes in the log not yet in the store', registers: [registry], collect() { this.set(backlog().bytes); } });
  new Gauge({
    name: 'cairn_log_lag_seconds',
    help: 'Age of the oldest event in the log not yet in the store (0 when none)',
    registers: [registry],
    collect() {
      const oldest = backlog().oldestAt;
      this.set(oldest === undefined ? 0 : (Date.now() - oldest) / 1000);
    },
  });
  return m;
}
