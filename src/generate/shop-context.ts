import type { Catalog } from './catalog.js';
import type { Device } from './devices.js';
import type { Checkout, EventLog, LineItem, SessionInfo } from './event-log.js';
import type { Incidents } from './incidents.js';
import type { Person } from './people.js';
import { WeightedTable, type Period } from './time.js';

/** A till receipt (or a return, with negative quantities). */
export interface Receipt {
  person: number;
  store: number;
  ms: number;
  items: LineItem[];
  /** The shopper showed a loyalty card (their CRM id goes on the receipt). */
  loyaltyCard: boolean;
  /** The e-mail as typed at the till ('' for a guest), with real-life mess. */
  email: string;
  isReturn: boolean;
  /** Assigned in time order once all people are simulated. */
  receiptId: string;
}

/** A completed purchase, online or in store, that a review may later describe. */
export interface Purchase {
  person: number;
  ms: number;
  items: LineItem[];
  online: boolean;
  couponUsed: boolean;
}

/** A device as one person uses it: its current cookie and whether they are logged in on it. */
export interface DeviceState {
  device: Device;
  anonymousId: string;
  loggedIn: boolean;
  /** End of the last session on this device, so the next one starts 30 minutes later at least. */
  lastEventMs: number;
}

/** Everything the simulation reads and appends to; built once per shop. */
export interface ShopContext {
  period: Period;
  catalog: Catalog;
  incidents: Incidents;
  log: EventLog;
  sessions: SessionInfo[];
  checkouts: Checkout[];
  receipts: Receipt[];
  purchases: Purchase[];
  people: Person[];
  /** Orders that failed because the checkout was down. */
  failedOrders: number;
  /** Product popularity per category. */
  popularity: WeightedTable[];
}

/** A context with empty outputs. */
export function createShopContext(period: Period, catalog: Catalog, incidents: Incidents, log: EventLog): ShopContext {
  return {
    period, catalog, incidents, log,
    sessions: [], checkouts: [], receipts: [], purchases: [], people: [], failedOrders: 0,
    popularity: catalog.popularityByCategory.map((w) => new WeightedTable(w)),
  };
}
