/** Segment's HTTP API limits, which its clients are built to respect. */
export const BATCH_LIMIT_BYTES = 500 * 1024;
export const EVENT_LIMIT_BYTES = 32 * 1024;

/** When the log holds this much not yet in the store, requests get 429 (clients retry later). */
export interface BackPressure {
  maxBytes: number;
  maxEvents: number;
}

/**
 * Defaults: the loader takes ~40k events/s on this machine's 2 cores while serving (see the
 * `serve` bench), so 2M events is under a minute of catching up, and 1 GB of disk.
 */
export const DEFAULT_BACK_PRESSURE: BackPressure = { maxBytes: 1024 * 1024 * 1024, maxEvents: 2_000_000 };
