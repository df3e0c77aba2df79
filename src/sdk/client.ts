import { ClickCapture } from './autocapture/clicks.js';
import { FormCapture } from './autocapture/forms.js';
import { watchRoutes } from './autocapture/page-views.js';
import { ScrollDepth } from './autocapture/scroll.js';
import { type CairnOptions, type Config, resolveConfig } from './config.js';
import { Identity } from './identity.js';
import { readCookie, uuid, writeCookie } from './ids.js';
import { type Message, type PageInfo, type Properties, LIBRARY_VERSION, baseContext, pageInfo } from './message.js';
import { Transport } from './transport.js';

export type ConsentStatus = 'granted' | 'pending' | 'denied';

const CONSENT_COOKIE = 'cairn_consent';
const YEAR_SECONDS = 365 * 24 * 3600;
/** Events kept in memory while consent is pending, and calls made before init. */
const MAX_HELD = 200;

type Body =
  | { type: 'track'; event: string; properties: Properties }
  | { type: 'page'; name?: string; properties: Properties }
  | { type: 'identify'; traits: Properties };

/** `window.cairn`: the browser SDK. */
export class Cairn {
  readonly version = LIBRARY_VERSION;
  /** Set on the real SDK, so that a second copy of cairn.js on a page leaves the first alone. */
  readonly loaded = true;
  readonly consent = {
    /** The visitor agreed: store the ids and send what was held and what follows. */
    grant: (): void => this.grant(),
    /** The visitor refused or withdrew: forget what is held, remove the cookies, send nothing. */
    revoke: (): void => this.revoke(),
    status: (): ConsentStatus => this.consentStatus,
  };

  private cfg: Config | undefined;
  private identity: Identity | undefined;
  private transport: Transport | undefined;
  private consentStatus: ConsentStatus = 'pending';
  private held: Message[] = [];
  private early: (() => void)[] = [];
  private currentPage: PageInfo | undefined;
  private clicks: ClickCapture | undefined;
  private scroll: ScrollDepth | undefined;
  private forms: FormCapture | undefined;

  constructor(private readonly defaultHost: string) {}

  /** Starts the SDK; returns false (and says why on the console) when the options cannot work. */
  init(options: CairnOptions): boolean {
    if (this.cfg) {
      console.warn('cairn: init was already called; this call is ignored');
      return false;
    }
    const cfg = resolveConfig(options, this.defaultHost);
    if (typeof cfg === 'string') {
      console.error(`cairn: ${cfg}`);
      return false;
    }
    this.cfg = cfg;
    this.identity = new Identity(cfg.cookieDomain);
    this.transport = new Transport({ host: cfg.host, writeKey: cfg.writeKey, flushAt: cfg.flushAt, flushIntervalMs: cfg.flushIntervalMs });
    // A refusal is remembered whatever the mode; a grant only matters where consent is required.
    const stored = readCookie(CONSENT_COOKIE);
    this.consentStatus = stored === '0' ? 'denied' : stored === '1' || !cfg.consentRequired ? 'granted' : 'pending';
    if (this.consentStatus === 'granted') this.identity.enableStorage();
    this.currentPage = pageInfo(document.referrer);
    this.startAutocapture(cfg);
    for (const call of this.early.splice(0)) call();
    return true;
  }

  /** A Segment track event, e.g. `cairn.track('Product Added', { product_id: 'p1', price: 19.9 })`. */
  track(event: string, properties: Properties = {}): void {
    if (!this.ready(() => this.track(event, properties))) return;
    if (typeof event !== 'string' || !event.trim()) {
      console.warn('cairn: track needs an event name, e.g. cairn.track("Signed Up")');
      return;
    }
    this.emit({ type: 'track', event, properties: { ...properties } });
  }

  /** A page view of the current URL (automatic on load and on SPA route changes). */
  page(name?: string, properties: Properties = {}): void {
    if (!this.ready(() => this.page(name, properties))) return;
    const prev = this.currentPage;
    const here = pageInfo('');
    this.pageView(prev && prev.url !== here.url ? prev.url : (prev?.referrer ?? document.referrer), name, properties);
  }

  /** Who the visitor is (`cairn.identify('user-42', { plan: 'pro' })`); the user id is kept for later events. */
  identify(userId?: string | Properties, traits: Properties = {}): void {
    if (!this.ready(() => this.identify(userId, traits))) return;
    if (typeof userId === 'object' && userId !== null) {
      traits = userId;
      userId = undefined;
    }
    if (userId !== undefined) this.identity!.setUser(String(userId));
    this.emit({ type: 'identify', traits: { ...traits } });
  }

  /** Log-out: a new anonymous id and session, and no user id. */
  reset(): void {
    if (this.ready(() => this.reset())) this.identity!.reset();
  }

  /** Sends what is queued now instead of at the next batch. */
  flush(): void {
    this.transport?.flush();
  }

  private startAutocapture(cfg: Config): void {
    const ac = cfg.autocapture;
    const track = (event: string, props: Properties): void => this.track(event, props);
    if (ac.clicks || ac.rageClicks || ac.deadClicks) this.clicks = new ClickCapture(ac, track);
    if (ac.scroll) this.scroll = new ScrollDepth();
    if (ac.forms) this.forms = new FormCapture(track);
    watchRoutes((previousUrl) => {
      this.leavePage();
      const referrer = previousUrl.split('#')[0]!;
      // Events the app sends while it renders the new route belong to the new page…
      this.setPage(pageInfo(referrer));
      // …but it sets the title after pushState returns: the page view reads it a tick later.
      setTimeout(() => (ac.pageviews ? this.pageView(referrer) : this.setPage(pageInfo(referrer))), 0);
    });
    addEventListener('pagehide', () => {
      this.leavePage();
      this.transport?.flushOnHide();
    });
    // Back/forward cache: the page comes back without loading, which is a new view of it.
    addEventListener('pageshow', (e) => {
      if (!e.persisted) return;
      if (ac.pageviews) this.pageView(this.currentPage?.referrer ?? document.referrer);
      else this.setPage(pageInfo(this.currentPage?.referrer ?? document.referrer));
    });
    // On mobile, a hidden tab may be killed without a pagehide: send what is queued while we can.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.transport?.flushOnHide();
    });
    if (ac.pageviews) this.pageView(document.referrer);
    else this.scroll?.start(location.pathname);
  }

  private pageView(referrer: string, name?: string, properties: Properties = {}): void {
    const info = pageInfo(referrer);
    this.setPage(info);
    const body: Body = { type: 'page', properties: { ...info, ...properties } };
    if (name) body.name = name;
    this.emit(body);
  }

  private setPage(info: PageInfo): void {
    this.currentPage = info;
    this.scroll?.start(info.path);
  }

  /** The visitor leaves a page (SPA route change or page hide): what is only known at the end. */
  private leavePage(): void {
    this.clicks?.leave();
    this.forms?.leave();
    const depth = this.scroll?.leave();
    if (depth) this.track('Scroll Depth', depth);
  }

  private emit(body: Body): void {
    if (this.consentStatus === 'denied') return;
    const id = this.identity!;
    const now = Date.now();
    const msg = {
      ...body,
      messageId: uuid(),
      anonymousId: id.anonymousId,
      timestamp: new Date(now).toISOString(),
      context: baseContext(this.currentPage ?? pageInfo(document.referrer), id.session(now)),
    } as Message;
    if (id.userId) msg.userId = id.userId;
    if (this.consentStatus === 'granted') this.transport!.push(msg);
    else if (this.held.length < MAX_HELD) this.held.push(msg);
  }

  private grant(): void {
    if (!this.ready(() => this.grant()) || this.consentStatus === 'granted') return;
    const id = this.identity!;
    this.consentStatus = 'granted';
    writeCookie(CONSENT_COOKIE, '1', YEAR_SECONDS, this.cfg!.cookieDomain);
    id.enableStorage();
    // Held events carry the in-memory ids; a returning visitor's stored ids replace them.
    const sessionId = id.session(Date.now());
    for (const msg of this.held.splice(0)) {
      msg.anonymousId = id.anonymousId;
      msg.context.sessionId = sessionId;
      if (id.userId && !msg.userId) msg.userId = id.userId;
      this.transport!.push(msg);
    }
    this.transport!.flush();
  }

  private revoke(): void {
    if (!this.ready(() => this.revoke())) return;
    this.consentStatus = 'denied';
    this.held = [];
    this.transport!.clear();
    this.identity!.disableStorage();
    this.identity!.reset();
    // Remembering the refusal is what the refusal needs; it identifies nobody.
    writeCookie(CONSENT_COOKIE, '0', YEAR_SECONDS, this.cfg!.cookieDomain);
  }

  /** True once init has run; before that, the call is kept and replayed by init. */
  private ready(call: () => void): boolean {
    if (this.cfg) return true;
    if (this.early.length < MAX_HELD) this.early.push(call);
    return false;
  }
}
