import type { LoadContext } from '../source.js';
import { countRows } from '../steps.js';
import { decimal } from '../normalise.js';

/**
 * `Order Completed` track events (Segment's e-commerce spec) as orders, their `products` as
 * order lines, and products not yet known. An order completed twice (same `order_id`, another
 * messageId) is one order: the first one wins.
 */

const PRODUCTS_SHAPE = JSON.stringify([{ product_id: 'VARCHAR', sku: 'VARCHAR', name: 'VARCHAR', category: 'VARCHAR', price: 'VARCHAR', quantity: 'VARCHAR' }]);

/** Writes orders, order_items and products; returns rows added per table. */
export async function loadOrders(ctx: LoadContext): Promise<{ orders: number; order_items: number; products: number }> {
  const { store } = ctx;
  // Filtered on `event_name` (the view's `name` for a track) so that the filter reaches the scan.
  await store.exec(`
    CREATE OR REPLACE TEMP TABLE seg_orders AS
    SELECT 'segment:' || coalesce(nullif(trim(p->>'$.order_id'), ''), event_id) AS order_id, customer_id, ts, p,
      CASE WHEN json_type(p, '$.products') = 'ARRAY' THEN json_transform(p->'$.products', '${PRODUCTS_SHAPE}') END AS products,
      (channel = 'mobile' OR lower(coalesce(c->>'$.device.type', '')) IN ('ios', 'android', 'mobile', 'phone', 'tablet')
        OR lower(coalesce(c->>'$.os.name', '')) IN ('ios', 'ipados', 'android') OR json_type(c, '$.app') = 'OBJECT') AS mobile
    FROM (
      SELECT * EXCLUDE (p), p[1] AS p, p[3] AS c FROM seg_new WHERE type = 'track' AND lower(event_name) = 'order completed'
    )
    QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY ts, event_id) = 1;
    CREATE OR REPLACE TEMP TABLE seg_items AS
    SELECT order_id || ':' || idx AS line_key, order_id,
      coalesce(nullif(trim(it.product_id), ''), nullif(trim(it.sku), '')) AS product_id,
      nullif(trim(it.name), '') AS name, nullif(trim(it.category), '') AS category,
      coalesce(try_cast(trim(it.quantity) AS DOUBLE), 1) AS quantity,
      ${decimal('it.price')} AS price
    FROM (SELECT order_id, unnest(products) AS it, unnest(generate_series(1, len(products))) AS idx FROM seg_orders WHERE products IS NOT NULL)`);

  const common = [ctx.source, ctx.importId];
  const orders = await store.execute(
    `INSERT INTO orders (order_id, customer_id, ts, kind, revenue, currency, channel, country, source, import_id)
     SELECT o.order_id, o.customer_id, o.ts, 'order',
       coalesce(${decimal(`o.p->>'$.revenue'`)}, ${decimal(`o.p->>'$.total'`)}, i.revenue, 0),
       CASE WHEN regexp_full_match(upper(trim(o.p->>'$.currency')), '[A-Z]{3}') THEN upper(trim(o.p->>'$.currency')) ELSE 'USD' END,
       CASE WHEN o.mobile THEN 'mobile' ELSE 'web' END, NULL, ?, ?
     FROM seg_orders o LEFT JOIN (
       SELECT order_id, sum(coalesce(price, 0) * quantity) AS revenue FROM seg_items GROUP BY order_id
     ) i USING (order_id)
     ON CONFLICT (order_id) DO NOTHING`,
    common,
  );
  // Lines of orders that were already stored are the same lines again: the keys match.
  const items = await store.execute(
    `INSERT INTO order_items (line_key, order_id, product_id, quantity, price, source, import_id)
     SELECT line_key, order_id, product_id, quantity, coalesce(price, 0), ?, ? FROM seg_items WHERE product_id IS NOT NULL
     ON CONFLICT (line_key) DO NOTHING`,
    common,
  );
  const products = await countRows(
    store,
    `SELECT count(DISTINCT product_id) AS n FROM seg_items WHERE product_id IS NOT NULL AND product_id NOT IN (SELECT product_id FROM products)`,
  );
  await store.execute(
    `INSERT INTO products (product_id, name, category, price, attributes, source, import_id)
     SELECT product_id, mode(name), mode(category), mode(price) FILTER (WHERE price > 0), NULL, ?, ?
     FROM seg_items WHERE product_id IS NOT NULL GROUP BY product_id
     ON CONFLICT (product_id) DO UPDATE SET name = coalesce(products.name, excluded.name),
       category = coalesce(products.category, excluded.category), price = coalesce(products.price, excluded.price)`,
    common,
  );
  return { orders, order_items: items, products };
}
