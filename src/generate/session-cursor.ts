import { EventKind, type PageKind, type SessionInfo } from './event-log.js';
import type { Person } from './people.js';
import type { Rng } from './random.js';
import type { DeviceState, ShopContext } from './shop-context.js';

/**
 * Writes one session's events into the log with human timing: pages seconds to minutes apart,
 * track calls a fraction of a second after their page. Stops for good at the end of the period
 * (the export was cut there).
 */
export class SessionCursor {
  /** Time of the last event written. */
  t: number;
  stopped = false;

  constructor(
    private readonly ctx: ShopContext,
    private readonly rng: Rng,
    readonly index: number,
    readonly info: SessionInfo,
    readonly state: DeviceState,
    startMs: number,
  ) {
    this.t = startMs;
  }

  /** A page (web) or screen (app) view after the time it takes to read the previous one. */
  view(page: PageKind, ref = -1, medianSeconds = 25): boolean {
    this.t += Math.round(Math.min(240_000, Math.max(1_500, this.rng.logNormal(Math.log(medianSeconds * 1000), 0.8))));
    return this.emit(this.state.device.app ? EventKind.Screen : EventKind.Page, page, ref);
  }

  /** The first page of the session, at its start time. */
  land(page: PageKind, ref = -1): boolean {
    return this.emit(this.state.device.app ? EventKind.Screen : EventKind.Page, page, ref);
  }

  /** A track (or identify/alias) call shortly after the page that caused it. */
  track(kind: EventKind, aux = 0, ref = -1): boolean {
    this.t += this.rng.int(60, 1_500);
    return this.emit(kind, aux, ref);
  }

  /** Logs in with an existing account: identify, then `Signed In`. */
  signIn(page: PageKind): void {
    if (!this.view(page, -1, 20)) return;
    this.state.loggedIn = true;
    this.track(EventKind.Identify);
    this.track(EventKind.SignedIn);
  }

  /** Creates the account: identify with traits, alias of the cookie to the new userId, `Signed Up`. */
  signUp(page: PageKind, person: Person): void {
    if (!this.view(page, -1, 45)) return;
    person.userId = `usr_${this.rng.hex(12)}`;
    person.signupMs = this.t;
    person.signupChannel = this.state.device.app ? 'mobile' : 'web';
    this.info.userId = person.userId;
    this.state.loggedIn = true;
    this.track(EventKind.Identify);
    this.track(EventKind.Alias);
    this.track(EventKind.SignedUp);
  }

  private emit(kind: EventKind, aux: number, ref: number): boolean {
    if (this.stopped) return false;
    if (this.t >= this.ctx.period.endMs) {
      this.stopped = true;
      return false;
    }
    this.ctx.log.push(this.t, this.index, kind, aux, ref, this.state.loggedIn);
    return true;
  }
}
