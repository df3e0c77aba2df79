import type { LineItem } from './event-log.js';
import type { Person } from './people.js';
import type { Preferences } from './preferences.js';
import type { Rng } from './random.js';
import type { ShopContext } from './shop-context.js';
import { berlinOffset, berlinToUtc, DAY_MS, secondOfDay, weekday } from './time.js';

/** An e-mail as typed at a till: sometimes shouted, sometimes with stray spaces. */
export function tillEmail(rng: Rng, email: string): string {
  let typed = email;
  const x = rng.next();
  if (x < 0.2) typed = typed.toUpperCase();
  else if (x < 0.35) typed = typed.charAt(0).toUpperCase() + typed.slice(1);
  if (rng.chance(0.25)) typed = rng.chance(0.5) ? ` ${typed} ` : `${typed}  `;
  return typed;
}

/** Moves a till time off a Sunday (stores are closed) to the Monday, same hour. */
function skipSunday(ms: number): number {
  return weekday(ms + berlinOffset(ms)) === 6 ? ms + DAY_MS : ms;
}

/**
 * A purchase at the person's store at `ms` (or the Monday after, on a Sunday). Shoppers may join
 * the loyalty programme at the till, which creates their account; members usually show the card.
 * Returns the receipt time, or null when it falls after the end of the data.
 */
export function storePurchase(ctx: ShopContext, rng: Rng, person: Person, prefs: Preferences, atMs: number): number | null {
  const ms = skipSunday(atMs);
  if (ms >= ctx.period.endMs) return null;
  const persona = person.persona;
  if (person.userId === null && rng.chance(persona.loyaltyCardRate * 0.5)) {
    person.userId = `usr_${rng.hex(12)}`;
    person.signupMs = ms;
    person.signupChannel = 'store';
  }
  const loyaltyCard = person.userId !== null && rng.chance(0.4 + 0.55 * persona.loyaltyCardRate);
  const email = rng.chance(loyaltyCard ? 0.15 : 0.35) ? tillEmail(rng, person.email) : '';
  const size = Math.min(5, 1 + rng.poisson(persona.basketSize - 1));
  const items: LineItem[] = [];
  const chosen = new Set<number>();
  for (let tries = 0; items.length < size && tries < size * 4; tries++) {
    const product = prefs.product(rng, ms, prefs.category(rng, ms));
    if (chosen.has(product)) continue;
    chosen.add(product);
    items.push({ product, quantity: prefs.quantity(rng, ctx.catalog.products[product]?.category ?? 0), price: prefs.price(product, ms) });
  }
  ctx.receipts.push({ person: person.index, store: person.city.store, ms, items, loyaltyCard, email, isReturn: false, receiptId: '' });
  ctx.purchases.push({ person: person.index, ms, items, online: false, couponUsed: false });
  return ms;
}

/**
 * A few store purchases come back 2–20 days later as a receipt with negative quantities; only
 * while the person is still a customer and before the data ends.
 */
export function storeReturns(ctx: ShopContext, rng: Rng, person: Person, firstReceipt: number): void {
  const limit = person.churnedMs ?? ctx.period.endMs;
  // People are simulated one after another, so their receipts are contiguous from firstReceipt.
  const own = ctx.receipts.slice(firstReceipt).filter((r) => !r.isReturn);
  for (const receipt of own) {
    if (!rng.chance(0.04)) continue;
    const item = rng.pick(receipt.items);
    const day = receipt.ms - (receipt.ms % DAY_MS) + rng.int(2, 21) * DAY_MS;
    const ms = skipSunday(berlinToUtc(day, secondOfDay(rng, 'store')));
    if (ms >= limit || ms <= receipt.ms) continue;
    ctx.receipts.push({
      person: person.index, store: receipt.store, ms, items: [{ ...item, quantity: -item.quantity }],
      loyaltyCard: receipt.loyaltyCard, email: receipt.email, isReturn: true, receiptId: '',
    });
  }
}
