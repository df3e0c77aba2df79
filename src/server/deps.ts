import type { Logger } from 'pino';
import type { Store } from '../store/index.js';

/**
 * What the server's parts share. The collector (`server/collector/`), the REST API
 * (`server/api/`) and the static files (`server/static/`) each register their routes on one
 * Fastify app through a `register…(app, deps)` function and talk to each other only through this.
 */
export interface ServerDeps {
  /** The one store of this process (DuckDB allows one writer process). */
  readonly store: Store;
  /** The store secret (HMAC of identifiers, vault keys); never logged. */
  readonly secret: Buffer;
  /** Events as the loader commits them to the store, for the `/api/live` feed. */
  readonly live: LiveFeed;
  /** pino logger; messages carry no personal data. */
  readonly log: Logger;
}

/** One accepted event, as the live feed passes it on (properties unmasked: the API masks them). */
export interface LiveEvent {
  readonly eventId: string;
  readonly ts: string;
  readonly type: string;
  readonly name: string | null;
  readonly customerId: string | null;
  readonly source: string;
  readonly properties: Record<string, unknown> | null;
}

/** In-process publish/subscribe of committed events. */
export interface LiveFeed {
  publish(events: readonly LiveEvent[]): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (events: readonly LiveEvent[]) => void): () => void;
}

/** A LiveFeed for one process: listeners are called synchronously; one that throws is dropped. */
export function createLiveFeed(): LiveFeed {
  const listeners = new Set<(events: readonly LiveEvent[]) => void>();
  return {
    publish(events) {
      if (events.length === 0) return;
      for (const l of listeners) {
        try {
          l(events);
        } catch {
          listeners.delete(l);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
