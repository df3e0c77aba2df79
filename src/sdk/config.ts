/** What a site configures, through `cairn.init({...})` or data attributes on the script tag. */

export interface Autocapture {
  /** Page views on load and on SPA route changes (pushState, replaceState, popstate). */
  pageviews: boolean;
  /** `Element Clicked` for links, buttons and other interactive elements. */
  clicks: boolean;
  /** `Rage Click`: 3 or more clicks within 1 s within 30 px. */
  rageClicks: boolean;
  /** `Dead Click`: a click on an interactive element after which nothing changes within 1 s. */
  deadClicks: boolean;
  /** `Scroll Depth`: the deepest % of the page seen, sent when the page is left. */
  scroll: boolean;
  /** `Form Started` / `Form Submitted` / `Form Abandoned`; never a field's value. */
  forms: boolean;
}

export interface CairnOptions {
  /** The source's write key (`cairn sources add NAME`). */
  writeKey: string;
  /** Where Cairn runs, e.g. `https://analytics.example.com`; default: where cairn.js came from. */
  host?: string;
  /** `'required'`: nothing is stored or sent until `cairn.consent.grant()`. */
  consent?: 'required' | 'not-required';
  /** `false` turns every automatic event off; or choose them one by one. */
  autocapture?: boolean | Partial<Autocapture>;
  /** Send when this many events are waiting (default 20)… */
  flushAt?: number;
  /** …or this many milliseconds after the first one (default 2000). */
  flushInterval?: number;
  /** Share the cookies with sub-domains, e.g. `example.com`. */
  cookieDomain?: string;
}

export interface Config {
  writeKey: string;
  host: string;
  consentRequired: boolean;
  autocapture: Autocapture;
  flushAt: number;
  flushIntervalMs: number;
  cookieDomain: string | undefined;
}

const ALL_ON: Autocapture = { pageviews: true, clicks: true, rageClicks: true, deadClicks: true, scroll: true, forms: true };

/** Checks the options once; returns the problem in words when they cannot work. */
export function resolveConfig(o: CairnOptions, defaultHost: string): Config | string {
  if (!o || typeof o.writeKey !== 'string' || o.writeKey.trim() === '') {
    return 'init needs a writeKey (create one with `cairn sources add NAME`)';
  }
  const host = (o.host ?? defaultHost).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(host)) return `host must be an http(s) URL such as https://analytics.example.com, not "${o.host}"`;
  if (o.consent !== undefined && o.consent !== 'required' && o.consent !== 'not-required') {
    return `consent must be "required" or "not-required", not "${String(o.consent)}"`;
  }
  const ac = o.autocapture;
  const autocapture = ac === false
    ? { pageviews: false, clicks: false, rageClicks: false, deadClicks: false, scroll: false, forms: false }
    : { ...ALL_ON, ...(typeof ac === 'object' ? ac : {}) };
  return {
    writeKey: o.writeKey.trim(),
    host,
    consentRequired: o.consent === 'required',
    autocapture,
    flushAt: positive(o.flushAt, 20),
    flushIntervalMs: positive(o.flushInterval, 2000),
    cookieDomain: o.cookieDomain,
  };
}

/**
 * `<script src=".../cairn.js" data-write-key="…" data-host="…" data-consent="required"
 * data-autocapture="false">`: the options a script tag carries, or null when it has no write key.
 */
export function optionsFromScript(script: HTMLScriptElement): CairnOptions | null {
  const d = script.dataset;
  if (!d['writeKey']) return null;
  const opts: CairnOptions = { writeKey: d['writeKey'] };
  if (d['host']) opts.host = d['host'];
  if (d['consent']) opts.consent = d['consent'] as CairnOptions['consent'];
  if (d['autocapture'] === 'false') opts.autocapture = false;
  if (d['cookieDomain']) opts.cookieDomain = d['cookieDomain'];
  return opts;
}

function positive(v: number | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}
