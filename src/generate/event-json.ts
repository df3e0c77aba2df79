import { CATEGORIES } from './catalog-data.js';
import { EventKind } from './event-log.js';
import { priceAt } from './incidents.js';
import type { Person } from './people.js';
import { pageSpec, SHOP_ORIGIN, searchQuery } from './pages.js';
import type { Rng } from './random.js';
import type { ShopContext } from './shop-context.js';
import { isoTime } from './time.js';
import { utmQuery } from './traffic.js';

/** Segment e-commerce event name of each track kind. */
export const TRACK_NAMES: Readonly<Record<number, string>> = {
  [EventKind.SignedUp]: 'Signed Up',
  [EventKind.SignedIn]: 'Signed In',
  [EventKind.ProductsSearched]: 'Products Searched',
  [EventKind.ProductListViewed]: 'Product List Viewed',
  [EventKind.ProductViewed]: 'Product Viewed',
  [EventKind.ProductAdded]: 'Product Added',
  [EventKind.ProductRemoved]: 'Product Removed',
  [EventKind.CartViewed]: 'Cart Viewed',
  [EventKind.CheckoutStarted]: 'Checkout Started',
  [EventKind.PaymentInfoEntered]: 'Payment Info Entered',
  [EventKind.CouponApplied]: 'Coupon Applied',
  [EventKind.OrderCompleted]: 'Order Completed',
};

/** Segment message type of each compact kind. */
export function messageType(kind: number): 'page' | 'screen' | 'identify' | 'alias' | 'track' {
  if (kind === EventKind.Page) return 'page';
  if (kind === EventKind.Screen) return 'screen';
  if (kind === EventKind.Identify) return 'identify';
  if (kind === EventKind.Alias) return 'alias';
  return 'track';
}

const PAYMENT_METHODS = ['credit_card', 'paypal', 'klarna', 'sepa_debit'];
const LIBRARY = '"library":{"name":"cairn-generator","version":"1.0.0"}';

/** Phone as a sign-up form stores it: +49 30 1234567. */
function formPhone(person: Person): string {
  return `+${person.phone.country} ${person.phone.area} ${person.phone.subscriber}`;
}

/**
 * Turns compact events into Segment-spec JSON lines. Events must be given in time order: the
 * page a track call happened on, and the referrer of each page, come from the session's last page.
 */
export class EventSerializer {
  private readonly sessionTail: (string | undefined)[] = [];
  private readonly sessionPage: (string | undefined)[] = [];
  private readonly sessionUrl: (string | undefined)[] = [];
  private readonly productsJson: (string | undefined)[] = [];
  private readonly pages = new Map<number, { name: string; path: string; pathJson: string; title: string; screen: string }>();

  /** Each session's last event: its cached strings are dropped after it, keeping the heap small. */
  private readonly lastEvent: Int32Array;

  constructor(private readonly ctx: ShopContext, private readonly ids: Rng) {
    this.lastEvent = new Int32Array(ctx.sessions.length);
    const { session, size } = ctx.log;
    for (let i = 0; i < size; i++) this.lastEvent[session[i] ?? 0] = i;
  }

  /** The JSON line of event `i`. */
  line(i: number): string {
    const log = this.ctx.log;
    const s = log.session[i] ?? 0;
    const kind = log.kind[i] ?? 0;
    const ts = log.ts[i] ?? 0;
    const info = this.ctx.sessions[s];
    const person = info ? this.ctx.people[info.person] : undefined;
    if (!info || !person) throw new Error(`event ${i} has no session`);
    const identified = log.identified[i] === 1 && info.userId !== null;
    let body: string;
    if (kind === EventKind.Page || kind === EventKind.Screen) body = this.view(s, kind, log.aux[i] ?? 0, log.ref[i] ?? -1);
    else if (kind === EventKind.Identify) body = this.identify(person);
    else if (kind === EventKind.Alias) body = `,"previousId":"${info.anonymousId}"`;
    else body = `,"event":"${TRACK_NAMES[kind] ?? 'Unknown'}","properties":${this.properties(kind, log.aux[i] ?? 0, log.ref[i] ?? -1, ts, info.cart)}`;
    const ids = identified ? `,"anonymousId":"${info.anonymousId}","userId":"${info.userId}"` : `,"anonymousId":"${info.anonymousId}"`;
    const page = info.device.app ? '}}' : `,${this.sessionPage[s] ?? ''}}}`;
    const line = `{"messageId":"${this.ids.uuid()}","type":"${messageType(kind)}"${body}${ids},"timestamp":"${isoTime(ts)}${this.tail(s)}${page}`;
    if (this.lastEvent[s] === i) {
      this.sessionTail[s] = undefined;
      this.sessionPage[s] = undefined;
      this.sessionUrl[s] = undefined;
    }
    return line;
  }

  /** `","channel":…,"context":{…` up to the page: the same for every event of a session. */
  private tail(s: number): string {
    let tail = this.sessionTail[s];
    if (tail === undefined) {
      const info = this.ctx.sessions[s];
      if (!info) throw new Error(`no session ${s}`);
      const c = info.campaign;
      const campaign = c ? `,"campaign":{"source":"${c.source}","medium":"${c.medium}","name":"${c.name}"}` : '';
      tail = `","channel":"${info.device.channel}","context":{${LIBRARY},"sessionId":"${info.sessionId}",${info.device.contextJson}${campaign}`;
      this.sessionTail[s] = tail;
    }
    return tail;
  }

  private view(s: number, kind: number, page: number, ref: number): string {
    const key = page * 1_000_000 + ref + 1;
    let spec = this.pages.get(key);
    if (!spec) {
      const raw = pageSpec(this.ctx.catalog, page, ref);
      spec = { name: JSON.stringify(raw.name), path: raw.path, pathJson: JSON.stringify(raw.path), title: JSON.stringify(raw.title), screen: raw.screen };
      this.pages.set(key, spec);
    }
    if (kind === EventKind.Screen) {
      const props = page === 2 ? `{"product_id":"${this.ctx.catalog.products[ref]?.productId ?? ''}"}` : '{}';
      return `,"name":"${spec.screen}","properties":${props}`;
    }
    const info = this.ctx.sessions[s];
    const previous = this.sessionUrl[s];
    const referrer = previous ?? info?.referrer ?? '';
    const url = `${SHOP_ORIGIN}${spec.path}${previous === undefined ? utmQuery(info?.campaign ?? null) : ''}`;
    // Paths, utm values and referrers are generated URL-safe, so they need no JSON escaping.
    const fields = `"path":${spec.pathJson},"referrer":"${referrer}","title":${spec.title},"url":"${url}"`;
    this.sessionUrl[s] = url;
    this.sessionPage[s] = `"page":{${fields}}`;
    return `,"name":${spec.name},"properties":{${fields}}`;
  }

  private identify(person: Person): string {
    const createdAt = person.signupMs === null ? '' : isoTime(person.signupMs);
    const traits = `{"email":${JSON.stringify(person.email)},"phone":"${formPhone(person)}","firstName":${JSON.stringify(person.firstName)},` +
      `"lastName":${JSON.stringify(person.lastName)},"createdAt":"${createdAt}"}`;
    return `,"traits":${traits}`;
  }

  private product(product: number, quantity: number, ts: number): string {
    const p = this.ctx.catalog.products[product];
    if (!p) return '{}';
    return `{${p.json},"price":${priceAt(p, ts, this.ctx.incidents)},"quantity":${quantity},"currency":"EUR"}`;
  }

  private products(checkout: number): string {
    let json = this.productsJson[checkout];
    if (json === undefined) {
      const c = this.ctx.checkouts[checkout];
      json = `[${(c?.items ?? []).map((item) => {
        const p = this.ctx.catalog.products[item.product];
        return `{${p?.json ?? ''},"price":${item.price},"quantity":${item.quantity}}`;
      }).join(',')}]`;
      this.productsJson[checkout] = json;
    }
    return json;
  }

  private properties(kind: number, aux: number, ref: number, ts: number, cart: number): string {
    const checkout = this.ctx.checkouts[ref];
    switch (kind) {
      case EventKind.SignedUp:
      case EventKind.SignedIn:
        return '{"method":"email"}';
      case EventKind.ProductsSearched:
        return `{"query":${JSON.stringify(searchQuery(aux))}}`;
      case EventKind.ProductListViewed: {
        const c = CATEGORIES[ref];
        return `{"list_id":"${c?.slug ?? ''}","category":${JSON.stringify(c?.name ?? '')}}`;
      }
      case EventKind.ProductViewed:
        return this.product(ref, aux, ts);
      case EventKind.ProductAdded:
      case EventKind.ProductRemoved: {
        const item = this.product(ref, aux, ts);
        return `{"cart_id":"${this.ctx.checkouts[cart]?.cartId ?? ''}",${item.slice(1)}`;
      }
      case EventKind.CartViewed:
        return `{"cart_id":"${checkout?.cartId ?? ''}","products":${this.products(ref)}}`;
      case EventKind.CheckoutStarted:
        return `{"order_id":"${checkout?.orderId ?? ''}","value":${checkout?.subtotal ?? 0},"revenue":${checkout?.revenue ?? 0},` +
          `"shipping":${checkout?.shipping ?? 0},"tax":${checkout?.tax ?? 0},"discount":${checkout?.discount ?? 0},` +
          `"coupon":${JSON.stringify(checkout?.coupon ?? null)},"currency":"EUR","products":${this.products(ref)}}`;
      case EventKind.PaymentInfoEntered: {
        const method = PAYMENT_METHODS[(checkout?.cartId.charCodeAt(0) ?? 0) % PAYMENT_METHODS.length];
        return `{"checkout_id":"${checkout?.cartId ?? ''}","order_id":"${checkout?.orderId ?? ''}","payment_method":"${method}"}`;
      }
      case EventKind.CouponApplied:
        return `{"order_id":"${checkout?.orderId ?? ''}","cart_id":"${checkout?.cartId ?? ''}","coupon_id":"${checkout?.coupon ?? ''}",` +
          `"coupon_name":"${checkout?.coupon ?? ''}","discount":${checkout?.discount ?? 0}}`;
      case EventKind.OrderCompleted:
        return `{"order_id":"${checkout?.orderId ?? ''}","checkout_id":"${checkout?.cartId ?? ''}","total":${checkout?.total ?? 0},` +
          `"revenue":${checkout?.revenue ?? 0},"shipping":${checkout?.shipping ?? 0},"tax":${checkout?.tax ?? 0},` +
          `"discount":${checkout?.discount ?? 0},"coupon":${JSON.stringify(checkout?.coupon ?? null)},"currency":"EUR","products":${this.products(ref)}}`;
      default:
        return '{}';
    }
  }
}
