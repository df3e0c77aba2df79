import { CATEGORIES } from './catalog-data.js';
import type { Catalog, Product } from './catalog.js';
import type { Rng } from './random.js';
import { berlinToUtc, DAY_MS, isoTime, weekday, type Period } from './time.js';

/** Things that went wrong or changed during the period, planted so detectors have something to find. */
export interface Incidents {
  /** Orders fail: Checkout Started goes on as usual, Order Completed drops to zero. */
  checkoutOutage: { startMs: number; endMs: number };
  /** A viral post brings many extra (browsing) sessions from social media. */
  trafficSpike: { startMs: number; endMs: number; campaign: string };
  /** Every product of one category changes price at once and stays there. */
  priceChange: { startMs: number; endMs: number; category: number; factor: number };
}

/** A UTC day start near `fraction` of the period, moved to a weekday if `weekdayOnly`. */
function dayNear(rng: Rng, period: Period, fraction: number, weekdayOnly: boolean): number {
  const spread = Math.max(1, Math.floor(period.days * 0.05));
  let day = Math.min(period.days - 1, Math.max(0, Math.floor(period.days * fraction) + rng.int(-spread, spread + 1)));
  while (weekdayOnly && weekday(period.startMs + day * DAY_MS) >= 5 && day > 0) day--;
  return period.startMs + day * DAY_MS;
}

/** Places the three incidents inside the period. */
export function planIncidents(rng: Rng, period: Period): Incidents {
  const outageDay = dayNear(rng, period, 0.62, true);
  // Long enough, over the busy afternoon, that the missing orders stand out from chance.
  const outageStartHour = rng.int(10, 13);
  const outageHours = rng.int(5, 9);
  const spikeDay = dayNear(rng, period, 0.33, false);
  const changeDay = dayNear(rng, period, 0.48, true);
  const sale = rng.chance(0.5);
  return {
    checkoutOutage: {
      startMs: berlinToUtc(outageDay, outageStartHour * 3600),
      endMs: berlinToUtc(outageDay, (outageStartHour + outageHours) * 3600),
    },
    trafficSpike: { startMs: berlinToUtc(spikeDay, 0), endMs: berlinToUtc(spikeDay + DAY_MS, 0), campaign: 'viral-unboxing-video' },
    priceChange: {
      startMs: berlinToUtc(changeDay, 6 * 3600),
      endMs: period.endMs,
      category: rng.int(0, CATEGORIES.length),
      factor: sale ? 0.8 : 1.15,
    },
  };
}

/** A product's price at a moment, taking the price change into account. */
export function priceAt(product: Product, ms: number, incidents: Incidents): number {
  const change = incidents.priceChange;
  if (product.category !== change.category || ms < change.startMs) return product.basePrice;
  return Math.max(0.99, Math.round(product.basePrice * change.factor) - 0.01);
}

/** True when an order placed at `ms` fails because of the checkout outage. */
export function checkoutDown(ms: number, incidents: Incidents): boolean {
  return ms >= incidents.checkoutOutage.startMs && ms < incidents.checkoutOutage.endMs;
}

/** incidents.json: one entry per incident with its kind, ISO start and end, and what it touched. */
export function incidentsTruth(incidents: Incidents, catalog: Catalog): unknown[] {
  const { checkoutOutage: outage, trafficSpike: spike, priceChange: change } = incidents;
  const category = CATEGORIES[change.category]?.name ?? '';
  return [
    {
      kind: 'checkout_outage', start: isoTime(outage.startMs), end: isoTime(outage.endMs),
      description: 'payment provider down: Checkout Started and Payment Info Entered as usual, Order Completed near zero',
      metric: 'Order Completed',
    },
    {
      kind: 'traffic_spike', start: isoTime(spike.startMs), end: isoTime(spike.endMs),
      description: 'a viral social post: many extra browsing sessions from social media (utm_campaign below)',
      source: 'social', campaign: spike.campaign, metric: 'sessions',
    },
    {
      kind: 'price_change', start: isoTime(change.startMs), end: isoTime(change.endMs),
      description: `${category} prices ${change.factor < 1 ? 'cut' : 'raised'} by ${Math.round(Math.abs(1 - change.factor) * 100)}%`,
      category, factor: change.factor, products: catalog.byCategory[change.category]?.length ?? 0,
    },
  ];
}
