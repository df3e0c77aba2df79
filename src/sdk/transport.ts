import { isRetryable, retryDelay } from './backoff.js';
import type { Message } from './message.js';

/** Segment's limits: 32 KB an event, 500 KB a batch. */
const MAX_EVENT_BYTES = 32 * 1024;
const MAX_BATCH_BYTES = 480 * 1024;
const MAX_BATCH_EVENTS = 100;
/** Browsers refuse a beacon (and a keepalive fetch) over 64 KB; keep each under it with room for the envelope. */
const MAX_BEACON_BYTES = 60 * 1024;
const MAX_ATTEMPTS = 10;
/** A page that cannot reach the collector keeps at most this many events. */
const MAX_QUEUE = 1000;

export interface TransportOptions {
  host: string;
  writeKey: string;
  flushAt: number;
  flushIntervalMs: number;
}

/**
 * Batches messages to `POST {host}/v1/batch`: write key as Basic auth, fetch with keepalive, one
 * request at a time (so a retry keeps the order), back-off on 429/5xx. On page hide the queue
 * goes by sendBeacon, which cannot set headers: the write key is then in the body.
 */
export class Transport {
  private queue: { msg: Message; bytes: number }[] = [];
  private sending = false;
  private retryWaiting = false;
  /** Bumped by clear(), so that a request already out cannot put its batch back. */
  private generation = 0;
  /** Failed attempts in a row, for the back-off. */
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly url: string;
  private readonly auth: string;

  constructor(private readonly opts: TransportOptions) {
    this.url = `${opts.host}/v1/batch`;
    this.auth = `Basic ${btoa(`${opts.writeKey}:`)}`;
  }

  push(msg: Message): void {
    let json: string;
    try {
      json = JSON.stringify(msg);
    } catch {
      console.warn(`cairn: "${describe(msg)}" has properties that cannot be sent as JSON (a cycle or a BigInt); not sent`);
      return;
    }
    const bytes = utf8Length(json);
    if (bytes > MAX_EVENT_BYTES) {
      console.warn(`cairn: "${describe(msg)}" is ${bytes} bytes, over the 32 KB an event may have; not sent`);
      return;
    }
    if (this.queue.length >= MAX_QUEUE) this.queue.shift();
    this.queue.push({ msg, bytes });
    if (this.queue.length >= this.opts.flushAt) this.flush();
    else this.schedule(this.opts.flushIntervalMs);
  }

  /** Sends what is queued now (unless a request is in flight or a retry is waiting). */
  flush(): void {
    if (this.sending || this.retryWaiting || this.queue.length === 0) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.take(MAX_BATCH_EVENTS, MAX_BATCH_BYTES);
    this.sending = true;
    const generation = this.generation;
    void this.send(batch).then((delay) => {
      this.sending = false;
      // Consent was revoked while the request was out: a refused batch is not tried again.
      if (generation !== this.generation) return;
      if (delay !== null) {
        this.queue.unshift(...batch);
        this.retryWaiting = true;
        setTimeout(() => {
          this.retryWaiting = false;
          this.flush();
        }, delay);
      } else if (this.queue.length >= this.opts.flushAt) this.flush();
      else if (this.queue.length) this.schedule(this.opts.flushIntervalMs);
    });
  }

  /** Page hide: everything queued leaves now, by beacon (no headers, so the key is in the body). */
  flushOnHide(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length) {
      const batch = this.take(MAX_BATCH_EVENTS, MAX_BEACON_BYTES);
      const body = JSON.stringify({ batch: batch.map((b) => b.msg), sentAt: new Date().toISOString(), writeKey: this.opts.writeKey });
      // text/plain is a CORS-safelisted type: no preflight, which a beacon cannot wait for.
      const sent = navigator.sendBeacon?.(this.url, new Blob([body], { type: 'text/plain;charset=UTF-8' }));
      if (!sent) {
        void fetch(this.url, { method: 'POST', body, keepalive: true, headers: { 'Content-Type': 'text/plain;charset=UTF-8' } }).catch(() => undefined);
      }
    }
  }

  /** Consent revoked: forget what has not left yet. */
  clear(): void {
    this.generation++;
    this.queue = [];
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private take(maxEvents: number, maxBytes: number): { msg: Message; bytes: number }[] {
    let n = 0;
    let bytes = 0;
    while (n < this.queue.length && n < maxEvents) {
      const next = this.queue[n]!.bytes + 1;
      if (n > 0 && bytes + next > maxBytes) break;
      bytes += next;
      n++;
    }
    return this.queue.splice(0, n);
  }

  /** Sends one batch; returns how long to wait before sending it again, or null when it is done with. */
  private async send(batch: { msg: Message; bytes: number }[]): Promise<number | null> {
    const body = JSON.stringify({ batch: batch.map((b) => b.msg), sentAt: new Date().toISOString() });
    let status = 0;
    let retryAfter: string | null = null;
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        body,
        // keepalive lets the request finish if the page goes away, but only up to 64 KB.
        keepalive: utf8Length(body) < MAX_BEACON_BYTES,
        headers: { 'Content-Type': 'application/json', Authorization: this.auth },
      });
      status = res.status;
      retryAfter = res.headers.get('Retry-After');
    } catch {
      // offline, DNS, CORS: status stays 0, worth another try
    }
    if (status >= 200 && status < 300) {
      this.failures = 0;
      return null;
    }
    if ((status === 0 || isRetryable(status)) && this.failures + 1 < MAX_ATTEMPTS) {
      this.failures++;
      return retryDelay(this.failures, retryAfter, Math.random());
    }
    console.warn(`cairn: the collector refused ${batch.length} events (HTTP ${status}); they are dropped`);
    this.failures = 0;
    return null;
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined || this.sending || this.retryWaiting) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, ms);
  }
}

function describe(msg: Message): string {
  return msg.type === 'track' ? msg.event : msg.type;
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}
