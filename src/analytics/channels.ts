/**
 * The channel taxonomy: where a visit came from, from its UTM tags and referrer. One set of rules,
 * written twice over the same patterns — `channelSql` as a SQL expression for queries over the
 * store, `channelOf` in TypeScript — and a test table keeps the two equal.
 *
 * Modelled on GA4's default channel grouping (support.google.com/analytics/answer/9756891), folded
 * into Cairn's nine channels. Values are compared trimmed and lower-case. First match wins:
 *
 * 1. `in_store` — the event's channel or the medium says in-store / pos (shop tills, receipts).
 * 2. Tagged visits (utm_source or utm_medium present). The source is utm_source, else the
 *    referrer's host.
 *    - `direct`: source `(direct)`/`direct` and medium empty, `(none)` or `(not set)`.
 *    - `paid_search`: a search-engine source and a paid medium (`^(.*cp.*|ppc|retargeting|paid.*)$`),
 *      or the medium `paidsearch` / `paid_search` / `paid-search`.
 *    - `paid_social`: a social-site source and a paid medium, or the medium `paid_social` / `paid-social`
 *      / `paidsocial`.
 *    - `social`: a social-site source, or the medium social, social-network, social-media, sm,
 *      "social network", "social media".
 *    - `organic_search`: a search-engine source, or the medium `organic`.
 *    - `email`: source or medium email, e-mail, e_mail, "e mail", or the medium newsletter.
 *    - `affiliate`: medium affiliate / affiliates.
 *    - `referral`: medium referral, app or link.
 *    - otherwise (GA4 would say Unassigned/Display/Paid Other): falls through to the untagged
 *      rules below, so an unknown tag with an external referrer is `referral`, without one `direct`.
 * 3. Untagged visits, by the referrer's host (a referrer on the page's own host is internal and
 *    counts as none): a search engine → `organic_search`, a social site → `social`, any other
 *    external site → `referral`, no referrer → `direct`.
 *
 * Search engines and social sites are matched by name anywhere in a dotted host or source
 * (`google`, `www.google.de`, `l.instagram.com`). As in GA4, reddit and youtube count as social.
 */

/** Cairn's channels, in the order reports list them. */
export const CHANNELS = [
  'direct', 'organic_search', 'paid_search', 'social', 'paid_social', 'email', 'referral', 'affiliate', 'in_store',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** What a visit's first event says about where it came from. Missing or empty values are absent. */
export interface TrafficTouch {
  /** utm_source (context.campaign.source). */
  source?: string | null;
  /** utm_medium (context.campaign.medium). */
  medium?: string | null;
  /** The referring URL (context.page.referrer). */
  referrer?: string | null;
  /** The landing URL (context.page.url), to tell internal referrers from external ones. */
  pageUrl?: string | null;
  /** The event's Segment channel (events.channel: web, mobile, server, in-store). */
  eventChannel?: string | null;
}

/** SQL expressions (column references or JSON extractions) for the parts of a `TrafficTouch`. */
export interface TrafficColumns {
  source: string;
  medium: string;
  referrer: string;
  pageUrl?: string;
  eventChannel?: string;
}

// RE2 (DuckDB) and JavaScript read these patterns the same way: no look-arounds, no flags.
const SEARCH_SITE = '^(.*\\.)?(google|bing|yahoo|duckduckgo|ecosia|baidu|yandex|qwant|startpage|ask|aol|naver|seznam|brave|msn)(\\..*)?$';
const SOCIAL_SITE = '^(.*\\.)?(facebook|fb|instagram|ig|tiktok|pinterest|twitter|t|x|linkedin|lnkd|reddit|snapchat|youtube|youtu|whatsapp|tumblr|threads|vk|xing|mastodon|bsky|discord|telegram)(\\..*)?$';
const PAID_MEDIUM = '^(.*cp.*|ppc|retargeting|paid.*)$';
const SOCIAL_MEDIUM = '^(social|social-network|social-media|sm|social network|social media)$';
const EMAIL_TAG = '^(email|e-mail|e_mail|e mail)$';
const IN_STORE = '^(in-store|in_store|instore|pos|store|retail)$';
const DIRECT_MEDIUM = '^(|\\(none\\)|\\(not set\\)|none)$';
const HOST_OF_URL = '^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#]+)';

const regex = (pattern: string): RegExp => new RegExp(pattern);
const re = {
  search: regex(SEARCH_SITE), social: regex(SOCIAL_SITE), paid: regex(PAID_MEDIUM), socialMedium: regex(SOCIAL_MEDIUM),
  email: regex(EMAIL_TAG), inStore: regex(IN_STORE), directMedium: regex(DIRECT_MEDIUM), host: regex(HOST_OF_URL),
};

const norm = (v: string | null | undefined): string => (v ?? '').trim().toLowerCase();
const hostOf = (url: string | null | undefined): string => (re.host.exec((url ?? '').trim())?.[1] ?? '').toLowerCase();

/** The channel of a visit from its first event's UTM tags and referrer (the rules above). */
export function channelOf(touch: TrafficTouch): Channel {
  const source = norm(touch.source);
  const medium = norm(touch.medium);
  if (re.inStore.test(norm(touch.eventChannel)) || re.inStore.test(medium)) return 'in_store';
  const refHost = hostOf(touch.referrer);
  const external = refHost !== '' && refHost !== hostOf(touch.pageUrl) ? refHost : '';
  if (source !== '' || medium !== '') {
    const src = source !== '' ? source : external;
    const tagged = taggedChannel(src, medium);
    if (tagged) return tagged;
  }
  if (external === '') return 'direct';
  if (re.search.test(external)) return 'organic_search';
  if (re.social.test(external)) return 'social';
  return 'referral';
}

function taggedChannel(src: string, medium: string): Channel | null {
  if ((src === '(direct)' || src === 'direct') && re.directMedium.test(medium)) return 'direct';
  const paid = re.paid.test(medium);
  if ((re.search.test(src) && paid) || /^paid[-_]?search$/.test(medium)) return 'paid_search';
  if ((re.social.test(src) && paid) || /^paid[-_]?social$/.test(medium)) return 'paid_social';
  if (re.social.test(src) || re.socialMedium.test(medium)) return 'social';
  if (re.search.test(src) || medium === 'organic') return 'organic_search';
  if (re.email.test(src) || re.email.test(medium) || medium === 'newsletter') return 'email';
  if (medium === 'affiliate' || medium === 'affiliates') return 'affiliate';
  if (medium === 'referral' || medium === 'app' || medium === 'link') return 'referral';
  return null;
}

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const matches = (expr: string, pattern: string): string => `regexp_matches(${expr}, ${lit(pattern)})`;
const hostSql = (url: string): string => `lower(regexp_extract(trim(coalesce(${url}, '')), ${lit(HOST_OF_URL)}, 1))`;
/** The referrer's host when it is another site than the page's, else ''. */
const externalHost = (referrer: string, pageUrl: string): string =>
  `(CASE WHEN ${hostSql(referrer)} <> ${hostSql(pageUrl)} THEN ${hostSql(referrer)} ELSE '' END)`;

/** SQL: the referring site's host (lower case) when the referrer is another site than the page's, else NULL. */
export function referrerDomainSql(referrer: string, pageUrl: string): string {
  return `nullif(${externalHost(referrer, pageUrl)}, '')`;
}

/**
 * The same rules as `channelOf`, as one SQL expression (DuckDB) over the given column expressions;
 * it evaluates to one of `CHANNELS`. Put it in a SELECT over one row per visit (its first event).
 */
export function channelSql(cols: TrafficColumns): string {
  const source = `lower(trim(coalesce(${cols.source}, '')))`;
  const medium = `lower(trim(coalesce(${cols.medium}, '')))`;
  const eventChannel = `lower(trim(coalesce(${cols.eventChannel ?? 'NULL'}, '')))`;
  const external = externalHost(cols.referrer, cols.pageUrl ?? 'NULL');
  const src = `(CASE WHEN ${source} <> '' THEN ${source} ELSE ${external} END)`;
  const paid = matches(medium, PAID_MEDIUM);
  const tagged = `(${source} <> '' OR ${medium} <> '')`;
  return `(CASE
    WHEN ${matches(eventChannel, IN_STORE)} OR ${matches(medium, IN_STORE)} THEN 'in_store'
    WHEN ${tagged} AND ${src} IN ('(direct)', 'direct') AND ${matches(medium, DIRECT_MEDIUM)} THEN 'direct'
    WHEN ${tagged} AND ((${matches(src, SEARCH_SITE)} AND ${paid}) OR ${matches(medium, '^paid[-_]?search$')}) THEN 'paid_search'
    WHEN ${tagged} AND ((${matches(src, SOCIAL_SITE)} AND ${paid}) OR ${matches(medium, '^paid[-_]?social$')}) THEN 'paid_social'
    WHEN ${tagged} AND (${matches(src, SOCIAL_SITE)} OR ${matches(medium, SOCIAL_MEDIUM)}) THEN 'social'
    WHEN ${tagged} AND (${matches(src, SEARCH_SITE)} OR ${medium} = 'organic') THEN 'organic_search'
    WHEN ${tagged} AND (${matches(src, EMAIL_TAG)} OR ${matches(medium, EMAIL_TAG)} OR ${medium} = 'newsletter') THEN 'email'
    WHEN ${tagged} AND ${medium} IN ('affiliate', 'affiliates') THEN 'affiliate'
    WHEN ${tagged} AND ${medium} IN ('referral', 'app', 'link') THEN 'referral'
    WHEN ${external} = '' THEN 'direct'
    WHEN ${matches(external, SEARCH_SITE)} THEN 'organic_search'
    WHEN ${matches(external, SOCIAL_SITE)} THEN 'social'
    ELSE 'referral'
  END)`;
}
