import { sqlString } from '../store/index.js';
import type { LoadContext } from './source.js';
import { countRows, insertNew } from './steps.js';

/**
 * Writes to the canonical tables that several sources share, so that every source widens a
 * customer's first and last seen, files identifiers and rebuilds an order's revenue the same way.
 * Each takes SQL that yields the rows (a temp table or a subquery) and returns rows new.
 */

/**
 * Customers seen in `rows` (columns `customer_id`, `ts`; rows with no customer are passed over):
 * created when new with `traits` (an aggregate over their rows, or NULL), their first and last
 * seen widened when known.
 */
export async function upsertSeenCustomers(ctx: LoadContext, rows: string, traits = 'NULL'): Promise<number> {
  const from = `FROM (${rows}) WHERE customer_id IS NOT NULL`;
  const fresh = await countRows(ctx.store, `SELECT count(DISTINCT customer_id) AS n ${from} AND customer_id NOT IN (SELECT customer_id FROM customers)`);
  await ctx.store.exec(`
    INSERT INTO customers (customer_id, first_seen, last_seen, traits, source, import_id)
    SELECT customer_id, min(ts), max(ts), ${traits}, ${sqlString(ctx.source)}, ${sqlString(ctx.importId)} ${from} GROUP BY customer_id
    ON CONFLICT (customer_id) DO UPDATE SET
      first_seen = least(customers.first_seen, excluded.first_seen),
      last_seen = greatest(customers.last_seen, excluded.last_seen)`);
  return fresh;
}

/**
 * Identifiers from `rows` (columns `kind`, `value` — the normalised identifier as it will be
 * hashed, e.g. `'cdnow:' || id` or an e-mail — `customer_id`, `ts`), stored as their keyed hash,
 * one row per identifier and customer, first seen the earliest. The hash is taken once per
 * distinct identifier, after grouping (hashing every row first took 0.87 s of a 70k-line CDNOW
 * import).
 */
export async function insertIdentities(ctx: LoadContext, rows: string): Promise<number> {
  return ctx.store.execute(`
    INSERT INTO identities (kind, value_hash, customer_id, source, first_seen, import_id)
    SELECT kind, cairn_hmac(value), customer_id, ${sqlString(ctx.source)}, ts, ${sqlString(ctx.importId)}
    FROM (
      SELECT kind, value, customer_id, min(ts) AS ts FROM (${rows})
      WHERE value IS NOT NULL AND customer_id IS NOT NULL GROUP BY kind, value, customer_id
    )
    ON CONFLICT DO NOTHING`);
}

/** Order lines from `rows` (columns `line_key`, `order_id`, `product_id`, `quantity`, `price`) not yet stored. */
export async function insertOrderLines(ctx: LoadContext, rows: string): Promise<number> {
  return insertNew(
    ctx.store,
    'order_items',
    'line_key',
    ['line_key', 'order_id', 'product_id', 'quantity', 'price', 'source', 'import_id'],
    `SELECT line_key, order_id, product_id, quantity, price, ${sqlString(ctx.source)} AS source, ${sqlString(ctx.importId)} AS import_id FROM (${rows})`,
  );
}

/**
 * The orders of `rows` (columns `order_id`, `customer_id`, `ts`, `kind`, `currency`, `channel`,
 * `country`; one or more rows per order), with the revenue of all of each order's lines in the
 * store, so an order split over two files still adds up; an order already stored keeps its
 * earliest time and its customer. Returns orders new.
 */
export async function upsertOrdersFromLines(ctx: LoadContext, rows: string): Promise<number> {
  const fresh = await countRows(ctx.store, `SELECT count(DISTINCT order_id) AS n FROM (${rows}) WHERE order_id NOT IN (SELECT order_id FROM orders)`);
  await ctx.store.exec(`
    INSERT INTO orders (order_id, customer_id, ts, kind, revenue, currency, channel, country, source, import_id)
    SELECT o.order_id, o.customer_id, o.ts, o.kind, coalesce(r.revenue, 0), o.currency, o.channel, o.country,
      ${sqlString(ctx.source)}, ${sqlString(ctx.importId)}
    FROM (
      SELECT order_id, any_value(customer_id) AS customer_id, min(ts) AS ts, any_value(kind) AS kind,
        any_value(currency) AS currency, any_value(channel) AS channel, any_value(country) AS country
      FROM (${rows}) GROUP BY order_id
    ) o
    LEFT JOIN (
      SELECT order_id, sum(quantity * price) AS revenue FROM order_items
      WHERE order_id IN (SELECT order_id FROM (${rows})) GROUP BY order_id
    ) r USING (order_id)
    ON CONFLICT (order_id) DO UPDATE SET
      revenue = excluded.revenue,
      ts = least(orders.ts, excluded.ts),
      customer_id = coalesce(orders.customer_id, excluded.customer_id),
      country = coalesce(orders.country, excluded.country)`);
  return fresh;
}
