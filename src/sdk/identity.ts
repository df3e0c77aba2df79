import { deleteCookie, readCookie, storageGet, storageSet, uuid, writeCookie } from './ids.js';

const ANON_COOKIE = 'cairn_aid';
const SESSION_COOKIE = 'cairn_sid';
const USER_KEY = 'cairn_uid';
const YEAR_SECONDS = 365 * 24 * 3600;
/** A session ends after 30 minutes without an event (the usual web-analytics definition). */
export const SESSION_IDLE_MS = 30 * 60 * 1000;

interface Session {
  id: string;
  /** Time of the session's last event, ms since the epoch. */
  last: number;
}

/**
 * Who is browsing: the anonymous id (a one-year first-party cookie), the session (a cookie
 * `id.lastEventMs` that every tab of the site shares) and the user id from identify(). Until
 * storage is enabled (consent), all three live in memory only.
 */
export class Identity {
  anonymousId: string;
  userId: string | undefined;
  private current: Session | undefined;
  private persist = false;

  constructor(private readonly cookieDomain: string | undefined) {
    this.anonymousId = uuid();
  }

  /** Turns storage on: reuse the ids a previous page stored, or store the in-memory ones. */
  enableStorage(): void {
    this.persist = true;
    this.anonymousId = readCookie(ANON_COOKIE) ?? this.anonymousId;
    this.current = readSession() ?? this.current;
    this.userId = storageGet(USER_KEY) ?? this.userId;
    writeCookie(ANON_COOKIE, this.anonymousId, YEAR_SECONDS, this.cookieDomain);
    if (this.current) this.saveSession(this.current);
    if (this.userId) storageSet(USER_KEY, this.userId);
  }

  /** Turns storage off and removes what was stored (consent revoked). */
  disableStorage(): void {
    this.persist = false;
    deleteCookie(ANON_COOKIE, this.cookieDomain);
    deleteCookie(SESSION_COOKIE, this.cookieDomain);
    storageSet(USER_KEY, null);
  }

  setUser(userId: string | undefined): void {
    this.userId = userId;
    if (this.persist) storageSet(USER_KEY, userId ?? null);
  }

  /** New anonymous id, session and no user: what a log-out should do. */
  reset(): void {
    this.anonymousId = uuid();
    this.current = undefined;
    this.setUser(undefined);
    if (this.persist) {
      writeCookie(ANON_COOKIE, this.anonymousId, YEAR_SECONDS, this.cookieDomain);
      deleteCookie(SESSION_COOKIE, this.cookieDomain);
    }
  }

  /** The session id for an event happening at `now`: a new one after 30 minutes without events. */
  session(now: number): string {
    // Another tab may have started or extended the session: the cookie is the shared truth.
    const s = (this.persist ? readSession() : undefined) ?? this.current;
    const live = s && now - s.last <= SESSION_IDLE_MS ? s : { id: uuid(), last: now };
    live.last = Math.max(live.last, now);
    this.current = live;
    if (this.persist) this.saveSession(live);
    return live.id;
  }

  private saveSession(s: Session): void {
    // The cookie also expires on its own, so that an idle session leaves nothing behind.
    writeCookie(SESSION_COOKIE, `${s.id}.${s.last}`, SESSION_IDLE_MS / 1000, this.cookieDomain);
  }
}

function readSession(): Session | undefined {
  const v = readCookie(SESSION_COOKIE);
  const dot = v ? v.lastIndexOf('.') : -1;
  if (!v || dot < 1) return undefined;
  const last = Number(v.slice(dot + 1));
  return Number.isFinite(last) ? { id: v.slice(0, dot), last } : undefined;
}
