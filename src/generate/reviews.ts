import { CATEGORIES } from './catalog-data.js';
import { csvLine } from './csv.js';
import { PHRASES, TITLES } from './phrases.js';
import type { Rng } from './random.js';
import type { Purchase, ShopContext } from './shop-context.js';
import { DAY_MS, isoTime } from './time.js';

/** Column header of reviews.csv. */
export const REVIEWS_HEADER = 'review_id,product_id,user_id,created_at,rating,title,body,channel';

/** How a purchase went, which decides whether it is reviewed and how. */
interface Experience {
  delayed: boolean;
  defective: boolean;
  /** A price-sensitive buyer paid full price for something dear. */
  pricey: boolean;
}

function experienceOf(rng: Rng, ctx: ShopContext, purchase: Purchase, product: number, price: number): Experience {
  const person = ctx.people[purchase.person];
  const p = ctx.catalog.products[product];
  const median = CATEGORIES[p?.category ?? 0]?.medianPrice ?? price;
  // Parcels are late more often in the December rush.
  const december = new Date(purchase.ms).getUTCMonth() === 11;
  return {
    delayed: purchase.online && rng.chance(december ? 0.25 : 0.1),
    defective: rng.chance(0.05),
    pricey: (person?.persona.priceSensitivity ?? 0) >= 0.5 && !purchase.couponUsed && price > median * 1.2,
  };
}

function sentence(rng: Rng, bank: readonly string[], product: string): string {
  return rng.pick(bank).replace('{product}', product);
}

/** A star rating and a body from the phrase bank that matches the experience. */
function writeReview(rng: Rng, e: Experience, productName: string): { rating: number; title: string; body: string } {
  const score = 4.4 + rng.normal(0, 0.6) - (e.delayed ? 1.6 : 0) - (e.defective ? 2.6 : 0) - (e.pricey ? 0.9 : 0);
  const rating = Math.min(5, Math.max(1, Math.round(score)));
  const parts: string[] = [];
  if (e.defective) parts.push(sentence(rng, PHRASES.qualityBad, productName));
  else if (rating >= 4 || rng.chance(0.5)) parts.push(sentence(rng, PHRASES.qualityGood, productName));
  if (e.delayed) parts.push(sentence(rng, PHRASES.deliveryBad, productName));
  else if (rating >= 4 && rng.chance(0.5)) parts.push(sentence(rng, PHRASES.deliveryGood, productName));
  if (e.pricey) parts.push(sentence(rng, PHRASES.priceBad, productName));
  else if (rating >= 4 && rng.chance(0.4)) parts.push(sentence(rng, PHRASES.priceGood, productName));
  if (parts.length < 2 || rng.chance(0.4)) parts.splice(rng.int(0, parts.length + 1), 0, sentence(rng, PHRASES.neutral, productName));
  return { rating, title: rng.pick(TITLES[rating - 1] ?? TITLES[2] ?? ['Review']), body: parts.join(' ') };
}

/**
 * reviews.csv: some purchases by people with an account are reviewed 1–2 weeks after delivery
 * (bad experiences more often); rating and wording follow delivery delays, defects and, for
 * price-sensitive personas, the price. Returns the CSV lines, header first.
 */
export function reviewRows(rng: Rng, ctx: ShopContext): string[] {
  const rows: { ms: number; fields: (string | number)[] }[] = [];
  for (const purchase of ctx.purchases) {
    const person = ctx.people[purchase.person];
    if (!person || person.userId === null) continue;
    const item = rng.pick(purchase.items);
    const product = ctx.catalog.products[item.product];
    if (!product) continue;
    const e = experienceOf(rng, ctx, purchase, item.product, item.price);
    const bad = e.delayed || e.defective || e.pricey;
    if (!rng.chance(person.persona.reviewRate * (bad ? 2.5 : 1))) continue;
    const deliveryDays = purchase.online ? rng.int(2, 5) + (e.delayed ? rng.int(5, 12) : 0) : 0;
    const ms = purchase.ms + (deliveryDays + rng.int(1, 15)) * DAY_MS + rng.int(-6, 6) * 3_600_000;
    if (ms >= ctx.period.endMs) continue;
    const review = writeReview(rng, e, product.name.slice(product.brand.length + 1));
    const hasApp = person.devices.some((d) => d.app);
    const channel = rng.chance(0.5) ? 'email' : hasApp && rng.chance(0.5) ? 'app' : 'web';
    rows.push({ ms, fields: [product.productId, person.userId, isoTime(ms), review.rating, review.title, review.body, channel] });
  }
  rows.sort((a, b) => a.ms - b.ms);
  return [REVIEWS_HEADER, ...rows.map((r, n) => csvLine([`RV${String(500_001 + n)}`, ...r.fields]))];
}
