import { CATEGORIES } from './catalog-data.js';
import { EventKind, PageKind, type Checkout, type SessionInfo } from './event-log.js';
import { checkoutDown } from './incidents.js';
import type { Person } from './people.js';
import type { Preferences } from './preferences.js';
import type { Rng } from './random.js';
import { SessionCursor } from './session-cursor.js';
import type { DeviceState, ShopContext } from './shop-context.js';
import type { Arrival } from './traffic.js';

/** How deep into the funnel a session goes: 0 bounce … 6 payment entered, 7 order. */
type Depth = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** What a session did, for the person's timeline. */
export interface SessionOutcome {
  endMs: number;
  ordered: boolean;
}

const QUERIES_PER_CATEGORY = 5;
const COUPONS = [
  { code: 'WELCOME10', rate: 0.1 },
  { code: 'NEWSLETTER15', rate: 0.15 },
  { code: 'SAVE10', rate: 0.1 },
];

/**
 * Where a browsing session stops. The share reaching the cart is set from the persona's
 * conversion q so that about 70% of carts are abandoned: c·(1−q) / (c·(1−q) + q) = 0.7.
 */
function browseDepth(rng: Rng, conversion: number): Depth {
  const reachCart = Math.min(0.9, ((7 / 3) * conversion) / (1 - conversion));
  if (rng.chance(reachCart)) return ([3, 4, 5, 6] as const)[rng.weightedIndex([0.35, 0.3, 0.2, 0.15])] ?? 3;
  return ([0, 1, 2] as const)[rng.weightedIndex([0.25, 0.25, 0.5])] ?? 0;
}

/** Fills in totals once the basket is final (prices include 19% VAT; shipping free from 50 EUR). */
function settle(cart: Checkout, rng: Rng, couponRate: number): void {
  cart.subtotal = round2(cart.items.reduce((s, i) => s + i.price * i.quantity, 0));
  if (rng.chance(couponRate)) {
    const coupon = rng.pick(COUPONS);
    cart.coupon = coupon.code;
    cart.discount = round2(cart.subtotal * coupon.rate);
  }
  cart.revenue = round2(cart.subtotal - cart.discount);
  cart.shipping = cart.revenue >= 50 ? 0 : 4.95;
  cart.total = round2(cart.revenue + cart.shipping);
  cart.tax = round2(cart.total - cart.total / 1.19);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Runs one session of `person` on a device, writing its events; `buy` sessions end in an order. */
export function runSession(
  ctx: ShopContext, rng: Rng, person: Person, prefs: Preferences, state: DeviceState,
  startMs: number, arrival: Arrival, buy: boolean, category: number,
): SessionOutcome {
  const persona = person.persona;
  const info: SessionInfo = {
    person: person.index, device: state.device, anonymousId: state.anonymousId, userId: person.userId,
    sessionId: `${startMs}-${person.index.toString(36)}`, source: arrival.source, campaign: arrival.campaign, referrer: arrival.referrer, cart: -1,
  };
  const index = ctx.sessions.push(info) - 1;
  const s = new SessionCursor(ctx, rng, index, info, state, startMs);
  const depth: Depth = buy ? 7 : browseDepth(rng, persona.conversion);
  const viewed: number[] = [];
  const viewProduct = (product: number): void => {
    if (s.view(PageKind.Product, product, 40)) s.track(EventKind.ProductViewed, 1, product);
    viewed.push(product);
  };

  // Landing: search and referral visitors often land on a product, campaigns on a category.
  const deepLink = arrival.source === 'organic_search' || arrival.source === 'paid_search' || arrival.source === 'referral';
  if (deepLink && rng.chance(0.6)) {
    const product = prefs.product(rng, startMs, category);
    if (s.land(PageKind.Product, product)) s.track(EventKind.ProductViewed, 1, product);
    viewed.push(product);
  } else if (arrival.campaign && rng.chance(0.5)) {
    if (s.land(PageKind.Category, category)) s.track(EventKind.ProductListViewed, 0, category);
  } else {
    s.land(PageKind.Home);
  }

  if (!state.loggedIn) {
    if (person.userId !== null && rng.chance(state.device.app ? 0.5 : 0.2)) s.signIn(PageKind.Login);
    else if (person.userId === null && rng.chance(persona.browseSignUpRate)) s.signUp(PageKind.Signup, person);
  }
  if (depth === 0 && rng.chance(0.05)) s.view(PageKind.Help);

  if (depth >= 1) {
    if (rng.chance(0.3)) {
      const query = category * QUERIES_PER_CATEGORY + rng.int(0, CATEGORIES[category]?.queries.length ?? 1);
      if (s.view(PageKind.Search, query, 15)) s.track(EventKind.ProductsSearched, query);
    }
    if (s.view(PageKind.Category, category)) s.track(EventKind.ProductListViewed, 0, category);
  }
  if (depth >= 2) {
    const views = Math.min(10, 1 + rng.geometric(0.35));
    for (let i = 0; i < views; i++) viewProduct(prefs.product(rng, s.t, rng.chance(0.8) ? category : prefs.category(rng, s.t)));
  }
  if (depth < 3) return { endMs: s.t, ordered: false };

  // Basket: what was viewed first, more products if the basket is bigger than that.
  const basketMean = buy ? persona.basketSize : 1 + (persona.basketSize - 1) * 0.6;
  const size = Math.min(6, 1 + rng.poisson(basketMean - 1));
  while (viewed.length < size) viewProduct(prefs.product(rng, s.t, prefs.category(rng, s.t)));
  const cart: Checkout = {
    cartId: rng.hex(24), orderId: '', person: person.index, ms: 0, items: [], coupon: null,
    discount: 0, subtotal: 0, shipping: 0, tax: 0, total: 0, revenue: 0, completed: false,
  };
  const cartIndex = ctx.checkouts.push(cart) - 1;
  info.cart = cartIndex;
  // Items go in from the product page: the one on screen first, then earlier ones revisited.
  const chosen = new Set<number>();
  let onScreen = viewed[viewed.length - 1] ?? -1;
  for (let k = viewed.length - 1; k >= 0 && chosen.size < size; k--) {
    const product = viewed[k] ?? 0;
    if (chosen.has(product)) continue;
    chosen.add(product);
    if (product !== onScreen) {
      if (s.view(PageKind.Product, product, 15)) s.track(EventKind.ProductViewed, 1, product);
      onScreen = product;
    }
    const item = { product, quantity: prefs.quantity(rng, ctx.catalog.products[product]?.category ?? 0), price: prefs.price(product, s.t) };
    cart.items.push(item);
    s.track(EventKind.ProductAdded, item.quantity, product);
  }
  if (rng.chance(0.12)) {
    // Second thoughts: one more product goes in and comes out again.
    const extra = prefs.product(rng, s.t, prefs.category(rng, s.t));
    if (!chosen.has(extra)) {
      viewProduct(extra);
      s.track(EventKind.ProductAdded, 1, extra);
      s.track(EventKind.ProductRemoved, 1, extra);
    }
  }
  settle(cart, rng, persona.couponRate);
  if (depth >= 4 && s.view(PageKind.Cart, cartIndex)) s.track(EventKind.CartViewed, 0, cartIndex);
  if (depth >= 5) {
    if (!state.loggedIn) {
      if (person.userId !== null) s.signIn(PageKind.Login);
      else s.signUp(PageKind.Signup, person);
    }
    if (s.view(PageKind.Checkout, cartIndex, 30)) s.track(EventKind.CheckoutStarted, 0, cartIndex);
    cart.ms = s.t;
    if (cart.coupon) s.track(EventKind.CouponApplied, 0, cartIndex);
  }
  if (depth >= 6 && s.view(PageKind.Payment, cartIndex, 40)) s.track(EventKind.PaymentInfoEntered, 0, cartIndex);
  if (depth === 7) {
    // Looking five minutes ahead keeps the confirmation itself out of the outage window.
    if (checkoutDown(s.t, ctx.incidents) || checkoutDown(s.t + 300_000, ctx.incidents)) {
      // The payment provider is down: the shopper tries again, then gives up.
      ctx.failedOrders++;
      s.view(PageKind.Payment, cartIndex, 30);
      s.track(EventKind.PaymentInfoEntered, 0, cartIndex);
    } else if (s.view(PageKind.Confirmation, cartIndex, 8) && s.track(EventKind.OrderCompleted, 0, cartIndex)) {
      cart.completed = true;
      cart.ms = s.t;
      ctx.purchases.push({ person: person.index, ms: s.t, items: cart.items, online: true, couponUsed: cart.coupon !== null });
      return { endMs: s.t, ordered: true };
    }
  }
  return { endMs: s.t, ordered: false };
}
