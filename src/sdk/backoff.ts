/** How long to wait before retrying a batch the collector refused with 429/5xx or a network error. */

const BASE_MS = 1000;
const MAX_MS = 60_000;

/**
 * Exponential back-off with ±50 % jitter (so that many browsers refused at once do not come back
 * at once), or the server's Retry-After in seconds when it sent one. `attempt` counts from 1.
 */
export function retryDelay(attempt: number, retryAfter: string | null, random: number): number {
  const seconds = retryAfter === null ? NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(MAX_MS, seconds * 1000);
  const exp = Math.min(MAX_MS, BASE_MS * 2 ** (attempt - 1));
  return Math.round(exp * (0.5 + random));
}

/** 429 and 5xx are worth retrying; any other refusal would be refused again. */
export function isRetryable(status: number): boolean {
  return status === 429 || status >= 500;
}
