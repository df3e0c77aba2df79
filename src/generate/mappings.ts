import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Mapping files for the generated exports that need no code of their own, written beside them
 * (`mappings/*.json`) as worked examples of `cairn import FILE --source MAPPING.json`. POS
 * receipts, CRM records and events have built-in sources (`shop-pos`, `shop-crm`, `segment`).
 */
export const SHOP_MAPPINGS = {
  'products.json': {
    name: 'shop-products',
    table: 'products',
    columns: {
      product_id: { from: 'product_id', required: true },
      name: { from: 'name' },
      category: { from: 'category', parser: 'trim' },
      price: { from: 'price', type: 'decimal', min: 0 },
      'attributes.sku': { from: 'sku' },
      'attributes.brand': { from: 'brand' },
      'attributes.currency': { from: 'currency' },
      'attributes.in_stock': { from: 'in_stock', type: 'boolean' },
    },
  },
  'reviews.json': {
    name: 'shop-reviews',
    // The events' user ids are pseudonymised in namespace `user`: the same person, the same customer.
    namespace: 'user',
    table: 'texts',
    columns: {
      text_id: { from: 'review_id', required: true },
      product_id: { from: 'product_id' },
      customer_id: { from: 'user_id', pseudonymise: 'user_id' },
      ts: { from: 'created_at', type: 'timestamp' },
      rating: { from: 'rating', type: 'decimal', min: 1, max: 5 },
      body: { expr: `concat_ws(' — ', nullif(trim("title"), ''), "body")`, required: true },
      channel: { from: 'channel' },
    },
  },
} as const;

/** Writes `mappings/*.json` into the shop folder. */
export async function writeShopMappings(out: string): Promise<void> {
  await mkdir(join(out, 'mappings'), { recursive: true });
  for (const [file, mapping] of Object.entries(SHOP_MAPPINGS)) {
    await writeFile(join(out, 'mappings', file), `${JSON.stringify(mapping, null, 2)}\n`);
  }
}
