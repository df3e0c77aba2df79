/** The Segment spec messages the SDK sends (https://segment.com/docs/connections/spec/common/). */

export type Properties = Record<string, unknown>;

export interface PageInfo {
  path: string;
  referrer: string;
  search: string;
  title: string;
  url: string;
}

export interface Context {
  page: PageInfo;
  userAgent: string;
  library: { name: 'cairn.js'; version: string };
  locale: string;
  screen: { width: number; height: number; density: number };
  timezone?: string;
  /** Cairn's session (30 minutes of inactivity ends it); the collector stores it as session_id. */
  sessionId: string;
}

interface Common {
  messageId: string;
  anonymousId: string;
  userId?: string;
  timestamp: string;
  context: Context;
}

export interface TrackMessage extends Common {
  type: 'track';
  event: string;
  properties: Properties;
}

export interface PageMessage extends Common {
  type: 'page';
  name?: string;
  properties: Properties;
}

export interface IdentifyMessage extends Common {
  type: 'identify';
  traits: Properties;
}

export type Message = TrackMessage | PageMessage | IdentifyMessage;

export const LIBRARY_VERSION = '0.1.0';

/** The current page as Segment's page properties describe it. */
export function pageInfo(referrer: string): PageInfo {
  const { href, pathname, search } = location;
  const hash = href.indexOf('#');
  return { path: pathname, referrer, search, title: document.title, url: hash < 0 ? href : href.slice(0, hash) };
}

export function baseContext(page: PageInfo, sessionId: string): Context {
  let timezone: string | undefined;
  try {
    timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    // Old engines without Intl time zones: the collector falls back to the server's.
  }
  return {
    page,
    userAgent: navigator.userAgent,
    library: { name: 'cairn.js', version: LIBRARY_VERSION },
    locale: navigator.language,
    screen: { width: screen.width, height: screen.height, density: devicePixelRatio },
    timezone,
    sessionId,
  };
}
