import type { LoadContext, LoadOutcome, SourceDefinition } from '../source.js';
import { insertIdentities, insertOrderLines, upsertOrdersFromLines, upsertSeenCustomers } from '../canonical.js';
import { classifyRows, countRows, rowHash, text } from '../steps.js';
import { decimal, email, utcTimestamp } from '../normalise.js';

/**
 * Point-of-sale receipts, one row per line item, as `cairn generate` writes them (and as many
 * till systems export): `receipt_id,store_id,loyalty_id,email,purchased_at,sku,quantity,unit_price,currency`,
 * in the stores' local time (Europe/Berlin). A receipt becomes an order on channel `in-store`
 * (a receipt of only negative quantities is a return); the shopper is the loyalty-card holder
 * (the CRM's customer, same pseudonym as source `shop-crm`), else the e-mail given at the till,
 * else nobody (a guest). SKUs become the catalogue's product ids when `products` knows them.
 */
const SOURCE = 'shop-pos';
/** The CRM's pseudonym namespace: a loyalty id is a CRM id. */
export const CRM_NAMESPACE = 'shop-crm';

async function load(ctx: LoadContext): Promise<LoadOutcome> {
  const { store } = ctx;
  await classifyRows(
    ctx,
    'pos_clean',
    {
      receipt: text('receipt_id'),
      sku_code: `upper(${text('sku')})`,
      qty: `try_cast(trim("quantity") AS DOUBLE)`,
      price: decimal('"unit_price"'),
      ts: utcTimestamp('"purchased_at"', ['%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%d.%m.%Y %H:%M'], 'Europe/Berlin'),
      loyalty: text('loyalty_id'),
      shopper_email: email('"email"'),
      currency_code: `coalesce(upper(${text('currency')}), 'EUR')`,
      line_hash: rowHash(['receipt_id', 'store_id', 'loyalty_id', 'email', 'purchased_at', 'sku', 'quantity', 'unit_price', 'currency']),
    },
    [
      { when: 'receipt IS NULL', reason: 'missing id', detail: `'receipt_id is empty'` },
      { when: 'sku_code IS NULL', reason: 'missing id', detail: `'sku is empty'` },
      { when: 'ts IS NULL', reason: 'unparseable date', detail: `'purchased_at ' || coalesce('"' || "purchased_at" || '"', 'is empty')` },
      { when: 'qty IS NULL', reason: 'wrong type', detail: `'quantity is not a number: ' || coalesce("quantity", '')` },
      { when: 'price IS NULL', reason: 'wrong type', detail: `'unit_price is not a number: ' || coalesce("unit_price", '')` },
      { when: 'price < 0', reason: 'negative price', detail: `'unit_price ' || "unit_price"` },
      { when: 'qty = 0', reason: 'zero quantity', detail: `'quantity 0'` },
    ],
  );
  // A till can print the same line twice on one receipt: the occurrence number within the file
  // keeps both, and the same line in another export (overlapping days) maps to the same key.
  await store.exec(`
    CREATE OR REPLACE TEMP TABLE pos_ok AS
    SELECT c.*, '${SOURCE}:' || receipt AS order_id,
      '${SOURCE}:' || line_hash || ':' || row_number() OVER (PARTITION BY _file, line_hash ORDER BY _row) AS line_key,
      coalesce(p.product_id, sku_code) AS product,
      CASE WHEN loyalty IS NOT NULL THEN cairn_pseudonym('${CRM_NAMESPACE}', loyalty)
           WHEN shopper_email IS NOT NULL THEN cairn_pseudonym('email', shopper_email) END AS customer_id
    FROM pos_clean c
    LEFT JOIN (SELECT upper(attributes->>'sku') AS sku, any_value(product_id) AS product_id FROM products
               WHERE attributes->>'sku' IS NOT NULL GROUP BY ALL) p ON p.sku = c.sku_code
    WHERE c._reason IS NULL`);
  const valid = await countRows(store, 'SELECT count(*) AS n FROM pos_ok');
  const items = await insertOrderLines(ctx, 'SELECT line_key, order_id, product AS product_id, qty AS quantity, price FROM pos_ok');
  const orders = await upsertOrdersFromLines(
    ctx,
    `SELECT order_id, customer_id, ts, currency_code AS currency, 'in-store' AS channel, 'DE' AS country,
       CASE WHEN max(qty) OVER (PARTITION BY order_id) < 0 THEN 'return' ELSE 'order' END AS kind
     FROM pos_ok`,
  );
  const customers = await upsertSeenCustomers(ctx, 'SELECT customer_id, ts FROM pos_ok');
  // E-mails are hashed bare, as every source does, so that identity resolution can match them.
  const identities = await insertIdentities(
    ctx,
    `SELECT 'crm_id' AS kind, '${CRM_NAMESPACE}:' || loyalty AS value, customer_id, ts FROM pos_ok WHERE loyalty IS NOT NULL
     UNION ALL
     SELECT 'email', shopper_email, customer_id, ts FROM pos_ok WHERE shopper_email IS NOT NULL`,
  );
  return { accepted: items, duplicates: valid - items, written: { order_items: items, orders, customers, identities } };
}

/** Built-in source `shop-pos`: point-of-sale receipt lines. */
export const shopPos: SourceDefinition = {
  name: SOURCE,
  description: 'point-of-sale receipt lines (receipt_id,store_id,loyalty_id,email,purchased_at,sku,quantity,unit_price,currency), e.g. pos_orders.csv from cairn generate',
  read: { format: 'csv', csv: { header: true } },
  requiredColumns: ['receipt_id', 'store_id', 'loyalty_id', 'email', 'purchased_at', 'sku', 'quantity', 'unit_price'],
  load,
};
