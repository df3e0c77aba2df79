import type { Campaign } from './event-log.js';
import type { TrafficSource } from './personas.js';
import type { Rng } from './random.js';
import { CATEGORIES } from './catalog-data.js';

/** Where a session came from: channel, utm campaign (if tagged) and the referring page. */
export interface Arrival {
  source: TrafficSource;
  campaign: Campaign | null;
  referrer: string;
}

const SEARCH_ENGINES = ['https://www.google.com/', 'https://www.google.de/', 'https://www.bing.com/', 'https://duckduckgo.com/', 'https://www.ecosia.org/'];
const SOCIAL = [
  { source: 'instagram', referrer: 'https://l.instagram.com/' },
  { source: 'facebook', referrer: 'https://l.facebook.com/' },
  { source: 'tiktok', referrer: 'https://www.tiktok.com/' },
  { source: 'pinterest', referrer: 'https://www.pinterest.de/' },
];
const REFERRERS = ['https://www.mydealz.de/', 'https://www.idealo.de/', 'https://www.testberichte.de/', 'https://blog.wohnglueck.de/', 'https://www.reddit.com/'];
const SOCIAL_CAMPAIGNS = ['spring-collection', 'summer-sale', 'creator-collab', 'autumn-looks', 'black-week'];

/** ISO-8601 week number, used to name weekly newsletters. */
function isoWeek(ms: number): number {
  const d = new Date(ms);
  const dayNum = d.getUTCDay() || 7;
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 4 - dayNum);
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return Math.ceil(((thursday - yearStart) / 86_400_000 + 1) / 7);
}

/** Draws how a session arrived, given its channel; `category` names paid-search campaigns. */
export function arrivalFor(rng: Rng, source: TrafficSource, ms: number, category: number): Arrival {
  switch (source) {
    case 'organic_search':
      return { source, campaign: null, referrer: rng.pick(SEARCH_ENGINES) };
    case 'paid_search': {
      const brand = rng.chance(0.35);
      const name = brand ? 'brand-terms' : `generic-${CATEGORIES[category]?.slug ?? 'shop'}`;
      return { source, campaign: { source: 'google', medium: 'cpc', name }, referrer: 'https://www.google.com/' };
    }
    case 'social': {
      const network = rng.pick(SOCIAL);
      if (rng.chance(0.5)) return { source, campaign: null, referrer: network.referrer };
      return { source, campaign: { source: network.source, medium: 'paid_social', name: rng.pick(SOCIAL_CAMPAIGNS) }, referrer: network.referrer };
    }
    case 'email': {
      const year = new Date(ms).getUTCFullYear();
      const name = rng.chance(0.25) ? 'abandoned-cart-reminder' : `newsletter-${year}-w${String(isoWeek(ms)).padStart(2, '0')}`;
      return { source, campaign: { source: 'newsletter', medium: 'email', name }, referrer: '' };
    }
    case 'referral':
      return { source, campaign: null, referrer: rng.pick(REFERRERS) };
    case 'direct':
      return { source, campaign: null, referrer: '' };
  }
}

/** The arrival of a session brought by the traffic spike. */
export function spikeArrival(rng: Rng, campaign: string): Arrival {
  const network = rng.chance(0.7) ? SOCIAL[2] : SOCIAL[0];
  const referrer = network?.referrer ?? '';
  return { source: 'social', campaign: { source: network?.source ?? 'tiktok', medium: 'social', name: campaign }, referrer };
}

/** utm query string for a landing URL. */
export function utmQuery(campaign: Campaign | null): string {
  if (!campaign) return '';
  return `?utm_source=${campaign.source}&utm_medium=${campaign.medium}&utm_campaign=${campaign.name}`;
}
