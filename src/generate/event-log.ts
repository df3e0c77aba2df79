import type { Device } from './devices.js';
import type { TrafficSource } from './personas.js';

/** What a compact event is; becomes a Segment message when written. */
export const EventKind = {
  Page: 0,
  Screen: 1,
  Identify: 2,
  Alias: 3,
  SignedUp: 4,
  SignedIn: 5,
  ProductsSearched: 6,
  ProductListViewed: 7,
  ProductViewed: 8,
  ProductAdded: 9,
  ProductRemoved: 10,
  CartViewed: 11,
  CheckoutStarted: 12,
  PaymentInfoEntered: 13,
  CouponApplied: 14,
  OrderCompleted: 15,
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/** Which page (web) or screen (app) a page/screen event shows; `ref` says which product or category. */
export const PageKind = {
  Home: 0,
  Category: 1,
  Product: 2,
  Search: 3,
  Cart: 4,
  Checkout: 5,
  Payment: 6,
  Confirmation: 7,
  Login: 8,
  Signup: 9,
  Help: 10,
} as const;
export type PageKind = (typeof PageKind)[keyof typeof PageKind];

/** Where a campaign-tagged session came from (utm_source / utm_medium / utm_campaign). */
export interface Campaign {
  source: string;
  medium: string;
  name: string;
}

/** One session: who, on which device and browser cookie, and where from. */
export interface SessionInfo {
  person: number;
  device: Device;
  anonymousId: string;
  /** The account id events carry once the person is identified on this device. */
  userId: string | null;
  sessionId: string;
  source: TrafficSource;
  campaign: Campaign | null;
  /** The external page that sent the visitor ('' when typed in or from an app). */
  referrer: string;
  /** The session's cart (an index into the checkouts), -1 until something is added. */
  cart: number;
}

/** A line of a cart, checkout or receipt. */
export interface LineItem {
  product: number;
  quantity: number;
  /** Unit price in EUR. */
  price: number;
}

/** A cart that reached checkout; it becomes an order when Order Completed is sent. */
export interface Checkout {
  cartId: string;
  /** Assigned in time order once all people are simulated. */
  orderId: string;
  person: number;
  ms: number;
  items: LineItem[];
  coupon: string | null;
  discount: number;
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  revenue: number;
  completed: boolean;
}

/**
 * Every event of the shop as parallel typed arrays (about 25 bytes an event instead of a
 * ~600-byte JSON string), so a million events sort and serialise without straining the heap.
 */
export class EventLog {
  size = 0;
  ts = new Float64Array(1 << 16);
  session = new Int32Array(1 << 16);
  kind = new Uint8Array(1 << 16);
  /** Page kind for page/screen events; quantity or query index for others. */
  aux = new Int32Array(1 << 16);
  /** Product, category or checkout index, depending on the kind. */
  ref = new Int32Array(1 << 16);
  /** 1 when the event carries the userId. */
  identified = new Uint8Array(1 << 16);

  /** Appends one event. */
  push(ts: number, session: number, kind: EventKind, aux: number, ref: number, identified: boolean): void {
    if (this.size === this.ts.length) this.grow();
    const i = this.size++;
    this.ts[i] = ts;
    this.session[i] = session;
    this.kind[i] = kind;
    this.aux[i] = aux;
    this.ref[i] = ref;
    this.identified[i] = identified ? 1 : 0;
  }

  /** Event indices ordered by timestamp (ties keep the order they were recorded in). */
  sortedOrder(): Uint32Array {
    const order = new Uint32Array(this.size);
    for (let i = 0; i < order.length; i++) order[i] = i;
    const ts = this.ts;
    order.sort((a, b) => (ts[a] ?? 0) - (ts[b] ?? 0) || a - b);
    return order;
  }

  private grow(): void {
    const n = this.ts.length * 2;
    const widen = <T extends Float64Array | Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(n);
      next.set(old);
      return next;
    };
    this.ts = widen(this.ts, (k) => new Float64Array(k));
    this.session = widen(this.session, (k) => new Int32Array(k));
    this.kind = widen(this.kind, (k) => new Uint8Array(k));
    this.aux = widen(this.aux, (k) => new Int32Array(k));
    this.ref = widen(this.ref, (k) => new Int32Array(k));
    this.identified = widen(this.identified, (k) => new Uint8Array(k));
  }
}
