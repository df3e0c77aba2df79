import type { Store } from '../../store/index.js';

/** What the store knows for recommending: each customer's purchases and product views, and the catalogue. */
export interface StoreInteractions {
  purchases: { customer_id: string; product_id: string; lines: number }[];
  views: { customer_id: string; product_id: string; views: number }[];
  products: { product_id: string; name: string | null; category: string | null; in_stock: string | null }[];
}

/**
 * Reads every customer's purchases (order lines of real orders, returns left out) and
 * `Product Viewed` events, and the products with their category and stock flag.
 */
export async function loadStoreInteractions(store: Store): Promise<StoreInteractions> {
  const purchases = await store.query<StoreInteractions['purchases'][number]>(
    `SELECT o.customer_id, i.product_id, count(*)::DOUBLE AS lines
       FROM order_items i JOIN orders o ON o.order_id = i.order_id
      WHERE o.kind = 'order' AND o.customer_id IS NOT NULL AND i.quantity > 0
      GROUP BY 1, 2`,
  );
  const views = await store.query<StoreInteractions['views'][number]>(
    `SELECT customer_id, json_extract_string(properties, '$.product_id') AS product_id, count(*)::DOUBLE AS views
       FROM events
      WHERE name = 'Product Viewed' AND customer_id IS NOT NULL AND json_extract_string(properties, '$.product_id') IS NOT NULL
      GROUP BY 1, 2`,
  );
  const products = await store.query<StoreInteractions['products'][number]>(
    `SELECT product_id, name, category, json_extract_string(attributes, '$.in_stock') AS in_stock FROM products`,
  );
  return { purchases, views, products };
}

/** Whether the customer (or a member id inside one) is known to the store at all. */
export async function customerExists(store: Store, customerId: string): Promise<boolean> {
  const rows = await store.query(
    `SELECT 1 FROM customers WHERE customer_id = ?
     UNION ALL SELECT 1 FROM orders WHERE customer_id = ?
     LIMIT 1`,
    [customerId, customerId],
  );
  return rows.length > 0;
}
