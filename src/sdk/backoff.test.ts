import { describe, expect, it } from 'vitest';
import { isRetryable, retryDelay } from './backoff.js';

describe('retryDelay', () => {
  it('doubles from one second, with the jitter centred on the doubling', () => {
    expect([1, 2, 3, 4].map((a) => retryDelay(a, null, 0.5))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelay(3, null, 0)).toBe(2000);
    expect(retryDelay(3, null, 0.999)).toBe(5996);
  });

  it('stops growing at a minute', () => {
    expect(retryDelay(20, null, 0.5)).toBe(60_000);
  });

  it("follows the collector's Retry-After in seconds", () => {
    expect(retryDelay(1, '3', 0.9)).toBe(3000);
    expect(retryDelay(5, '0', 0.1)).toBe(0);
    expect(retryDelay(1, '3600', 0.5)).toBe(60_000);
    // An HTTP-date or garbage falls back to the back-off.
    expect(retryDelay(2, 'Wed, 21 Oct 2015 07:28:00 GMT', 0.5)).toBe(2000);
  });
});

describe('isRetryable', () => {
  it('retries 429 and 5xx only', () => {
    expect([429, 500, 503].map(isRetryable)).toEqual([true, true, true]);
    expect([400, 401, 413].map(isRetryable)).toEqual([false, false, false]);
  });
});
