import { openStore, type Store } from '../src/store/index.js';

export type { Store };

/** A hand-made event: enough of the Segment spec for paths, clicks and carts. */
export interface HandEvent {
  at: string;
  type?: 'track' | 'page' | 'screen' | 'identify';
  name?: string;
  anon?: string;
  customer?: string;
  session?: string;
  properties?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

/** A hand-made order with its lines. */
export interface HandOrder {
  id: string;
  customer: string;
  at: string;
  items: { product: string; quantity?: number; price: number }[];
}

/** An empty in-memory store. */
export function emptyStore(): Promise<Store> {
  return openStore({ location: ':memory:' });
}

/** Writes events (ids e1, e2, … in the order given) as an import would. */
export async function addEvents(store: Store, events: readonly HandEvent[]): Promise<void> {
  const [n] = await store.query<{ n: number }>('SELECT count(*) AS n FROM events');
  const rows = events.map((e, i) => [
    `e${(n?.n ?? 0) + i + 1}`, e.at, e.at, e.type ?? 'track', e.name ?? null, e.anon ?? null, e.customer ?? null, e.customer ?? null,
    e.session ?? null, 'test', 'web', JSON.stringify(e.properties ?? {}), JSON.stringify({ ...(e.session ? { sessionId: e.session } : {}), ...e.context }),
  ]);
  for (const r of rows) {
    await store.execute(
      `INSERT INTO events (event_id, ts, received_at, type, name, anonymous_id, customer_id, member_id, session_id, source, channel, properties, context)
       VALUES (?, ?::TIMESTAMP, ?::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      r,
    );
  }
}

/** Writes orders and their lines. */
export async function addOrders(store: Store, orders: readonly HandOrder[]): Promise<void> {
  for (const o of orders) {
    const revenue = o.items.reduce((s, i) => s + i.price * (i.quantity ?? 1), 0);
    await store.execute(
      `INSERT INTO orders (order_id, customer_id, member_id, ts, kind, revenue, currency, channel, source) VALUES (?, ?, ?, ?::TIMESTAMP, 'order', ?, 'EUR', 'web', 'test')`,
      [o.id, o.customer, o.customer, o.at, revenue],
    );
    for (const [i, item] of o.items.entries()) {
      await store.execute(
        `INSERT INTO order_items (line_key, order_id, product_id, quantity, price, source) VALUES (?, ?, ?, ?, ?, 'test')`,
        [`${o.id}:${i + 1}`, o.id, item.product, item.quantity ?? 1, item.price],
      );
    }
  }
}
