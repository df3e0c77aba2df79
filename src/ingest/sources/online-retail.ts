import type { LoadContext, LoadOutcome, SourceDefinition } from '../source.js';
import { insertIdentities, insertOrderLines, upsertOrdersFromLines, upsertSeenCustomers } from '../canonical.js';
import { classifyRows, countRows, insertNew, rowHash, text } from '../steps.js';
import { countryCode, decimal, integerId, loadCountries, utcTimestamp } from '../normalise.js';

/**
 * The UCI Online Retail export (a UK gift shop, 2010-12..2011-12), one CSV per day or one file:
 * `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country`.
 * Invoices become orders with their product lines; `C…` invoices are returns of the same
 * customer, `A…` bad-debt adjustments; stock codes that are not products (postage, fees, manual
 * lines) go to `order_charges`, out of products and revenue; lines with no CustomerID are guest
 * orders with no customer.
 */
const NON_PRODUCT_CODES = ['POST', 'DOT', 'C2', 'D', 'M', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'PADS', 'B', 'S', 'ADJUST', 'ADJUST2', 'TEST001', 'TEST002'];

const SOURCE = 'online-retail';

async function load(ctx: LoadContext): Promise<LoadOutcome> {
  const { store } = ctx;
  await loadCountries(store);
  const codes = NON_PRODUCT_CODES.map((c) => `'${c}'`).join(', ');
  await classifyRows(
    ctx,
    'retail_clean',
    {
      invoice: `upper(${text('InvoiceNo')})`,
      stock: `upper(${text('StockCode')})`,
      descr: `regexp_replace(${text('Description')}, '\\s+', ' ', 'g')`,
      qty: `try_cast(trim("Quantity") AS DOUBLE)`,
      price: decimal('"UnitPrice"'),
      ts: utcTimestamp('"InvoiceDate"', ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%m/%d/%Y %H:%M', '%d/%m/%Y %H:%M'], 'Europe/London'),
      native_customer: integerId('"CustomerID"'),
      country_code: countryCode('"Country"'),
      line_key: `'${SOURCE}:' || ${rowHash(['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'])}`,
    },
    [
      { when: 'invoice IS NULL', reason: 'missing id', detail: `'InvoiceNo is empty'` },
      { when: 'stock IS NULL', reason: 'missing id', detail: `'StockCode is empty'` },
      { when: 'ts IS NULL', reason: 'unparseable date', detail: `'InvoiceDate ' || coalesce('"' || "InvoiceDate" || '"', 'is empty')` },
      { when: 'qty IS NULL', reason: 'wrong type', detail: `'Quantity is not a number: ' || coalesce("Quantity", '')` },
      { when: 'price IS NULL', reason: 'wrong type', detail: `'UnitPrice is not a number: ' || coalesce("UnitPrice", '')` },
      { when: `native_customer IS NOT NULL AND NOT regexp_full_match(native_customer, '\\d+')`, reason: 'wrong type', detail: `'CustomerID is not a number: ' || "CustomerID"` },
      { when: `price < 0 AND stock NOT IN (${codes})`, reason: 'negative price', detail: `'UnitPrice ' || "UnitPrice"` },
      { when: 'qty = 0', reason: 'zero quantity', detail: `'Quantity 0'` },
    ],
  );
  // The accepted lines, with the columns every table below reads.
  await store.exec(`
    CREATE OR REPLACE TEMP TABLE retail_ok AS
    SELECT *, '${SOURCE}:' || invoice AS order_id,
      cairn_pseudonym('${SOURCE}', native_customer) AS customer_id,
      (stock IN (${codes}) OR stock LIKE 'GIFT\\_0001\\_%' ESCAPE '\\') AS is_charge
    FROM retail_clean WHERE _reason IS NULL`);
  const valid = await countRows(store, 'SELECT count(*) AS n FROM retail_ok');

  const items = await insertOrderLines(
    ctx,
    `SELECT line_key, order_id, stock AS product_id, qty AS quantity, price FROM retail_ok WHERE NOT is_charge`,
  );
  const charges = await insertNew(
    store,
    'order_charges',
    'line_key',
    ['line_key', 'order_id', 'code', 'description', 'amount', 'source', 'import_id'],
    `SELECT line_key, order_id, stock AS code, descr AS description, qty * price AS amount, '${SOURCE}' AS source, '${ctx.importId}' AS import_id
     FROM retail_ok WHERE is_charge`,
  );
  // Charges stay out of revenue: an order's revenue is the sum of its product lines.
  const newOrders = await upsertOrdersFromLines(
    ctx,
    `SELECT order_id, customer_id, ts, 'GBP' AS currency, 'online' AS channel, country_code AS country,
       CASE WHEN invoice LIKE 'C%' THEN 'return' WHEN invoice LIKE 'A%' THEN 'adjustment' ELSE 'order' END AS kind
     FROM retail_ok`,
  );

  const newProducts = await countRows(store, `SELECT count(DISTINCT stock) AS n FROM retail_ok WHERE NOT is_charge AND stock NOT IN (SELECT product_id FROM products)`);
  await store.exec(`
    INSERT INTO products (product_id, name, category, price, attributes, source, import_id)
    SELECT stock, mode(descr), NULL, mode(price) FILTER (WHERE price > 0), NULL, '${SOURCE}', '${ctx.importId}'
    FROM retail_ok WHERE NOT is_charge GROUP BY stock
    ON CONFLICT (product_id) DO UPDATE SET name = coalesce(products.name, excluded.name), price = coalesce(products.price, excluded.price)`);

  const newCustomers = await upsertSeenCustomers(ctx, 'SELECT customer_id, ts, country_code FROM retail_ok', `json_object('country', any_value(country_code))`);
  const identities = await insertIdentities(
    ctx,
    `SELECT 'crm_id' AS kind, '${SOURCE}:' || native_customer AS value, customer_id, ts FROM retail_ok`,
  );

  return {
    accepted: items + charges,
    duplicates: valid - items - charges,
    written: { order_items: items, order_charges: charges, orders: newOrders, products: newProducts, customers: newCustomers, identities },
  };
}

export const onlineRetail: SourceDefinition = {
  name: SOURCE,
  description: 'UCI Online Retail invoices (InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country)',
  read: { format: 'csv', csv: { header: true } },
  requiredColumns: ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'],
  load,
};
