import { sqlIdent } from '../../store/index.js';
import { decimal, wholeNumber } from '../normalise.js';
import type { LoadContext, LoadOutcome, SourceDefinition } from '../source.js';
import { classifyRows, countRows, insertNew, text, wrongType } from '../steps.js';

/**
 * The four files of the Olist marketplace export at hand, one source each (`olist.ts` routes a
 * mixed set of them). Every row is written with source `olist`, whichever name it came in under.
 */
const SOURCE = 'olist';
const CSV = { format: 'csv', csv: { header: true } } as const;


function common(ctx: LoadContext): string {
  return `'${SOURCE}' AS source, '${ctx.importId}' AS import_id`;
}

const MEASURES = {
  product_name_lenght: 'name_length',
  product_description_lenght: 'description_length',
  product_photos_qty: 'photos',
  product_weight_g: 'weight_g',
  product_length_cm: 'length_cm',
  product_height_cm: 'height_cm',
  product_width_cm: 'width_cm',
};

/**
 * Products: no names in the export, a Portuguese category (shown in English once the translation
 * is in the store, whichever file comes first) and the listing's measures as attributes.
 */
async function loadProducts(ctx: LoadContext): Promise<LoadOutcome> {
  const measures = Object.entries(MEASURES);
  await classifyRows(ctx, 'olist_products_clean', { pid: text('product_id'), cat_pt: `lower(${text('product_category_name')})`, ...Object.fromEntries(measures.map(([c, k]) => [`m_${k}`, wholeNumber(sqlIdent(c))])) }, [
    { when: 'pid IS NULL', reason: 'missing id', detail: `'product_id is empty'` },
    ...measures.map(([c, k]) => wrongType(c, `m_${k}`, 'a whole number')),
    ...measures.map(([c, k]) => ({ when: `m_${k} < 0`, reason: 'out of range', detail: `'${c} ' || ${sqlIdent(c)}` })),
  ]);
  const valid = await countRows(ctx.store, `SELECT count(*) AS n FROM olist_products_clean WHERE _reason IS NULL`);
  const attributes = `json_object('category_pt', cat_pt, ${measures.map(([, k]) => `'${k}', m_${k}`).join(', ')})`;
  const products = await insertNew(
    ctx.store,
    'products',
    'product_id',
    ['product_id', 'name', 'category', 'price', 'attributes', 'source', 'import_id'],
    `SELECT pid AS product_id, NULL AS name, coalesce(t.name_en, cat_pt) AS category, NULL AS price, ${attributes} AS attributes, ${common(ctx)}
     FROM olist_products_clean LEFT JOIN product_category_names t ON t.category = cat_pt WHERE _reason IS NULL`,
  );
  return { accepted: products, duplicates: valid - products, written: { products } };
}

/** Category names (`product_category_name,product_category_name_english`), applied to known products. */
async function loadCategories(ctx: LoadContext): Promise<LoadOutcome> {
  await classifyRows(ctx, 'olist_categories_clean', { cat_pt: `lower(${text('product_category_name')})`, cat_en: `lower(${text('product_category_name_english')})` }, [
    { when: 'cat_pt IS NULL', reason: 'missing id', detail: `'product_category_name is empty'` },
    { when: 'cat_en IS NULL', reason: 'missing field', detail: `'product_category_name_english is empty'` },
  ]);
  const valid = await countRows(ctx.store, `SELECT count(*) AS n FROM olist_categories_clean WHERE _reason IS NULL`);
  const names = await insertNew(
    ctx.store,
    'product_category_names',
    'category',
    ['category', 'name_en', 'source', 'import_id'],
    `SELECT cat_pt AS category, cat_en AS name_en, ${common(ctx)} FROM olist_categories_clean WHERE _reason IS NULL`,
  );
  // Products already stored take the English name (updates, not new rows: not counted as written).
  await ctx.store.execute(`
    UPDATE products SET category = t.name_en FROM product_category_names t
    WHERE products.source = '${SOURCE}' AND json_extract_string(products.attributes, '$.category_pt') = t.category AND products.category IS DISTINCT FROM t.name_en`);
  return { accepted: names, duplicates: valid - names, written: { product_category_names: names } };
}

/** Sellers: id, zip-code prefix (text: it has leading zeros), city, state. */
async function loadSellers(ctx: LoadContext): Promise<LoadOutcome> {
  await classifyRows(
    ctx,
    'olist_sellers_clean',
    { sid: text('seller_id'), zip: text('seller_zip_code_prefix'), town: `lower(regexp_replace(${text('seller_city')}, '\\s+', ' ', 'g'))`, uf: `upper(${text('seller_state')})` },
    [
      { when: 'sid IS NULL', reason: 'missing id', detail: `'seller_id is empty'` },
      { when: `NOT regexp_full_match(zip, '\\d{1,8}')`, reason: 'wrong type', detail: `'seller_zip_code_prefix is not digits: ' || zip` },
      { when: `NOT regexp_full_match(uf, '[A-Z]{2}')`, reason: 'wrong type', detail: `'seller_state is not a two-letter state: ' || uf` },
    ],
  );
  const valid = await countRows(ctx.store, `SELECT count(*) AS n FROM olist_sellers_clean WHERE _reason IS NULL`);
  const sellers = await insertNew(
    ctx.store,
    'sellers',
    'seller_id',
    ['seller_id', 'zip_code_prefix', 'city', 'state', 'source', 'import_id'],
    `SELECT sid AS seller_id, zip AS zip_code_prefix, town AS city, uf AS state, ${common(ctx)} FROM olist_sellers_clean WHERE _reason IS NULL`,
  );
  return { accepted: sellers, duplicates: valid - sellers, written: { sellers } };
}

/** Order payments in Brazilian reais, one row per (order, payment_sequential). */
async function loadPayments(ctx: LoadContext): Promise<LoadOutcome> {
  await classifyRows(
    ctx,
    'olist_payments_clean',
    { oid: text('order_id'), seq: wholeNumber('"payment_sequential"'), kind: `lower(${text('payment_type')})`, inst: wholeNumber('"payment_installments"'), amount: decimal('"payment_value"') },
    [
      { when: 'oid IS NULL', reason: 'missing id', detail: `'order_id is empty'` },
      { when: `${text('payment_sequential')} IS NULL OR ${text('payment_value')} IS NULL`, reason: 'missing field', detail: `'payment_sequential or payment_value is empty'` },
      wrongType('payment_sequential', 'seq', 'a whole number'),
      wrongType('payment_installments', 'inst', 'a whole number'),
      wrongType('payment_value', 'amount', 'a number'),
      { when: 'amount < 0', reason: 'negative price', detail: `'payment_value ' || "payment_value"` },
      { when: 'seq < 1 OR inst < 0', reason: 'out of range', detail: `'payment_sequential ' || "payment_sequential" || ', payment_installments ' || coalesce("payment_installments", '')` },
    ],
  );
  const valid = await countRows(ctx.store, `SELECT count(*) AS n FROM olist_payments_clean WHERE _reason IS NULL`);
  const payments = await ctx.store.execute(`
    INSERT INTO payments (order_id, payment_sequential, payment_type, installments, value, currency, source, import_id)
    SELECT '${SOURCE}:' || oid, seq, kind, inst, amount, 'BRL', '${SOURCE}', '${ctx.importId}' FROM olist_payments_clean n
    WHERE _reason IS NULL AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = '${SOURCE}:' || n.oid AND p.payment_sequential = n.seq)
    QUALIFY row_number() OVER (PARTITION BY oid, seq ORDER BY _file, _row) = 1`);
  return { accepted: payments, duplicates: valid - payments, written: { payments } };
}

/** Built-in source `olist-products`. */
export const olistProducts: SourceDefinition = {
  name: 'olist-products',
  description: 'Olist products (olist_products_dataset.csv)',
  read: CSV,
  requiredColumns: ['product_id', 'product_category_name', ...Object.keys(MEASURES)],
  load: loadProducts,
};

/** Built-in source `olist-categories`. */
export const olistCategories: SourceDefinition = {
  name: 'olist-categories',
  description: 'Olist category names in English (product_category_name_translation.csv)',
  read: CSV,
  requiredColumns: ['product_category_name', 'product_category_name_english'],
  load: loadCategories,
};

/** Built-in source `olist-sellers`. */
export const olistSellers: SourceDefinition = {
  name: 'olist-sellers',
  description: 'Olist sellers (olist_sellers_dataset.csv)',
  read: CSV,
  requiredColumns: ['seller_id', 'seller_zip_code_prefix', 'seller_city', 'seller_state'],
  load: loadSellers,
};

/** Built-in source `olist-payments`. */
export const olistPayments: SourceDefinition = {
  name: 'olist-payments',
  description: 'Olist order payments (olist_order_payments_dataset.csv)',
  read: CSV,
  requiredColumns: ['order_id', 'payment_sequential', 'payment_type', 'payment_installments', 'payment_value'],
  load: loadPayments,
};
