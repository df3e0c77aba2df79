import type { Store } from '../store/index.js';

/**
 * Ten copies of a shop in one store, made in SQL (the analytics benches' 10M-event stores): copy k
 * suffixes every id (events, visits, anonymous ids, customers, orders and their lines) with `~k`,
 * so each copy is a separate crowd on the same days — 10× the events, visits, carts and orders
 * with the same shape. Rows already holding a `~` are copies and are not copied again.
 */
export async function tenfold(store: Store): Promise<void> {
  const sfx = (col: string) => `CASE WHEN ${col} IS NULL THEN NULL ELSE ${col} || '~' || k::VARCHAR END`;
  await store.exec(`
    INSERT INTO events (event_id, ts, received_at, type, name, anonymous_id, user_id, customer_id, session_id, source, channel, properties, context, import_id, member_id)
    SELECT ${sfx('event_id')}, ts, received_at, type, name, ${sfx('anonymous_id')}, ${sfx('user_id')}, ${sfx('customer_id')}, ${sfx('session_id')},
      source, channel, properties, context, import_id, ${sfx('member_id')}
    FROM events, range(1, 10) r(k) WHERE position('~' IN event_id) = 0;
    INSERT INTO orders (order_id, customer_id, ts, kind, revenue, currency, channel, country, source, import_id, member_id)
    SELECT ${sfx('order_id')}, ${sfx('customer_id')}, ts, kind, revenue, currency, channel, country, source, import_id, ${sfx('member_id')}
    FROM orders, range(1, 10) r(k) WHERE position('~' IN order_id) = 0;
    INSERT INTO order_items (line_key, order_id, product_id, quantity, price, source, import_id)
    SELECT ${sfx('line_key')}, ${sfx('order_id')}, product_id, quantity, price, source, import_id
    FROM order_items, range(1, 10) r(k) WHERE position('~' IN order_id) = 0;`);
}
