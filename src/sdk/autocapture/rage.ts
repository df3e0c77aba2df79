/** Rage clicks: 3 or more clicks within 1 s, all within 30 px of the first. Pure, so it is unit-tested. */

export const RAGE_WINDOW_MS = 1000;
export const RAGE_RADIUS_PX = 30;
export const RAGE_MIN_CLICKS = 3;

export interface Click {
  t: number;
  x: number;
  y: number;
  selector: string;
}

export interface RageBurst {
  selector: string;
  clicks: number;
  durationMs: number;
}

/**
 * Groups clicks into bursts (each click within 1 s of the one before and 30 px of the first) and
 * reports a burst once, when it ends, so that 8 angry clicks are one `Rage Click` with a count.
 */
export class RageClickDetector {
  private burst: Click[] = [];
  private rage = false;

  /** Adds a click; returns the burst it ended, when that one was a rage click. */
  add(c: Click): RageBurst | null {
    const first = this.burst[0];
    const last = this.burst[this.burst.length - 1];
    let ended: RageBurst | null = null;
    if (first && last && (c.t - last.t > RAGE_WINDOW_MS || Math.hypot(c.x - first.x, c.y - first.y) > RAGE_RADIUS_PX)) {
      ended = this.end();
    }
    this.burst.push(c);
    const n = this.burst.length;
    if (n >= RAGE_MIN_CLICKS && c.t - this.burst[n - RAGE_MIN_CLICKS]!.t <= RAGE_WINDOW_MS) this.rage = true;
    return ended;
  }

  /** Ends the current burst (1 s without a click, or the page is left). */
  end(): RageBurst | null {
    const b = this.burst;
    const rage = this.rage;
    this.burst = [];
    this.rage = false;
    if (!rage || !b.length) return null;
    return { selector: b[0]!.selector, clicks: b.length, durationMs: b[b.length - 1]!.t - b[0]!.t };
  }
}
