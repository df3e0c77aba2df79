import type { Channel, TrafficTouch } from '../src/analytics/channels.js';

const PAGE = 'https://shop.example/';
/** [what it is, touch, expected channel] — the generator's traffic first, then GA4's edge cases. */
export const CHANNEL_CASES: [string, TrafficTouch, Channel][] = [
  ['typed in', { pageUrl: PAGE }, 'direct'],
  ['app open, nothing at all', {}, 'direct'],
  ['google organic', { referrer: 'https://www.google.de/', pageUrl: PAGE }, 'organic_search'],
  ['duckduckgo organic', { referrer: 'https://duckduckgo.com/', pageUrl: PAGE }, 'organic_search'],
  ['google cpc', { source: 'google', medium: 'cpc', referrer: 'https://www.google.com/', pageUrl: PAGE }, 'paid_search'],
  ['bing ppc', { source: 'bing', medium: 'ppc' }, 'paid_search'],
  ['medium paid_search, any source', { source: 'adnet', medium: 'paid_search' }, 'paid_search'],
  ['instagram paid_social', { source: 'instagram', medium: 'paid_social', referrer: 'https://l.instagram.com/' }, 'paid_social'],
  ['facebook cpc', { source: 'facebook', medium: 'cpc' }, 'paid_social'],
  ['tiktok social (the traffic spike)', { source: 'tiktok', medium: 'social', referrer: 'https://www.tiktok.com/' }, 'social'],
  ['pinterest referrer, untagged', { referrer: 'https://www.pinterest.de/', pageUrl: PAGE }, 'social'],
  ['reddit referrer (GA4 lists it as social)', { referrer: 'https://www.reddit.com/r/x', pageUrl: PAGE }, 'social'],
  ['medium sm', { source: 'whatever', medium: 'sm' }, 'social'],
  ['newsletter email', { source: 'newsletter', medium: 'email' }, 'email'],
  ['source e-mail only', { source: 'E-Mail' }, 'email'],
  ['affiliate', { source: 'awin', medium: 'affiliate' }, 'affiliate'],
  ['referral tag', { source: 'partnerblog', medium: 'referral' }, 'referral'],
  ['price comparison referrer', { referrer: 'https://www.idealo.de/preis', pageUrl: PAGE }, 'referral'],
  ['internal referrer is no referral', { referrer: 'https://shop.example/cart', pageUrl: 'https://shop.example/checkout' }, 'direct'],
  ['(direct) / (none)', { source: '(direct)', medium: '(none)' }, 'direct'],
  ['medium organic without source', { medium: 'organic' }, 'organic_search'],
  ['medium cpc, source empty, google referrer', { medium: 'cpc', referrer: 'https://www.google.com/' }, 'paid_search'],
  ['unknown tag, external referrer', { source: 'criteo', medium: 'display', referrer: 'https://ads.criteo.com/' }, 'referral'],
  ['unknown tag, no referrer', { source: 'criteo', medium: 'display' }, 'direct'],
  ['till event', { eventChannel: 'in-store' }, 'in_store'],
  ['pos medium beats the rest', { source: 'google', medium: 'pos' }, 'in_store'],
  ['case and spaces', { source: ' Google ', medium: 'CPC ' }, 'paid_search'],
];
