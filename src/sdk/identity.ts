import { deleteCookie, readCookie, storageGet, storageSet, uuid, writeCookie } from './ids.js';

const ANON_COOKIE = 'cairn_aid';
const SESSION_COOKIE = 'cairn_sid';
const USER_KEY = 'cairn_uid';
const YEAR_SECONDS = 365 * 24 * 3600;
/** A session ends after 30 minutes without an event (the usual web-analytics definition). */
export const SESSION_IDLE_MS = 30 * 60 * 1000;

/**
 * Who is browsing: the anonymous id (a one-year first-party cookie), the session id (a cookie that
 * expires 30 minutes after the last event, so every tab of the site shares it) and the user id
 * from identify(). Until `persist` is on (consent), all three live in memory only.
 */
export class Identity {
  anonymousId: string;
  userId: string | undefined;
  private sessionId: string;
  private lastActivity = 0;
  private persist = false;

  constructor(private readonly cookieDomain: string | undefined) {
    this.anonymousId = uuid();
    this.sessionId = uuid();
  }

  /** Turns storage on: reuse the ids a previous page stored, or store the in-memory ones. */
  enableStorage(): void {
    this.persist = true;
    const stored = readCookie(ANON_COOKIE);
    if (stored) this.anonymousId = stored;
    const session = readCookie(SESSION_COOKIE);
    if (session) {
      this.sessionId = session;
      this.lastActivity = Date.now();
    }
    this.userId = storageGet(USER_KEY) ?? this.userId;
    this.save();
  }

  /** Turns storage off and removes what was stored (consent revoked, or reset). */
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
    this.sessionId = uuid();
    this.lastActivity = 0;
    this.setUser(undefined);
    if (this.persist) this.save();
  }

  /** The session id for an event happening now; starts a new session after 30 idle minutes. */
  session(now: number): string {
    const cookie = this.persist ? readCookie(SESSION_COOKIE) : null;
    if (this.persist) {
      // Another tab may have started or extended the session; the cookie is the shared truth.
      if (cookie) this.sessionId = cookie;
      else if (this.lastActivity) this.sessionId = uuid();
    } else if (this.lastActivity && now - this.lastActivity > SESSION_IDLE_MS) {
      this.sessionId = uuid();
    }
    this.lastActivity = now;
    if (this.persist) writeCookie(SESSION_COOKIE, this.sessionId, SESSION_IDLE_MS / 1000, this.cookieDomain);
    return this.sessionId;
  }

  private save(): void {
    writeCookie(ANON_COOKIE, this.anonymousId, YEAR_SECONDS, this.cookieDomain);
    writeCookie(SESSION_COOKIE, this.sessionId, SESSION_IDLE_MS / 1000, this.cookieDomain);
    if (this.userId) storageSet(USER_KEY, this.userId);
  }
}
