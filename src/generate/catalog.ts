import { CATEGORIES, VARIANTS } from './catalog-data.js';
import { csvLine } from './csv.js';
import type { Rng } from './random.js';

/** One product of the generated shop. */
export interface Product {
  index: number;
  productId: string;
  sku: string;
  name: string;
  /** Index into CATEGORIES. */
  category: number;
  brand: string;
  /** Price in EUR before any price change. */
  basePrice: number;
  inStock: boolean;
  /** Relative popularity inside its category (Zipf-like), so some products sell far more. */
  popularity: number;
  /** `"product_id":…,"sku":…,"name":…,"category":…` already JSON-escaped, to build events fast. */
  json: string;
}

/** The catalogue and, per category, the product indices and their popularity. */
export interface Catalog {
  products: Product[];
  byCategory: number[][];
  popularityByCategory: number[][];
}

/** Column header of products.csv. */
export const PRODUCTS_HEADER = 'product_id,sku,name,category,brand,price,currency,in_stock';

/** Rounds a raw price the way shops do: 4.49, 12.99, 149.00. */
function shelfPrice(raw: number): number {
  if (raw < 10) return Math.max(1.99, Math.floor(raw * 2) / 2 + 0.49);
  if (raw < 100) return Math.floor(raw) + 0.99;
  return Math.round(raw / 5) * 5 - 0.01;
}

/** Builds a few hundred products in ten categories with log-normal prices. */
export function buildCatalog(rng: Rng): Catalog {
  const products: Product[] = [];
  const byCategory: number[][] = [];
  const popularityByCategory: number[][] = [];
  CATEGORIES.forEach((spec, category) => {
    const names = new Set<string>();
    const indices: number[] = [];
    for (let i = 0; i < spec.products; i++) {
      const brand = rng.pick(spec.brands);
      let name = `${brand} ${rng.pick(spec.adjectives)} ${rng.pick(spec.nouns)}`;
      if (names.has(name)) name = `${name} ${rng.pick(VARIANTS)}`;
      if (names.has(name)) name = `${name} ${names.size}`;
      names.add(name);
      const index = products.length;
      const productId = `P${String(10001 + index)}`;
      const sku = `${spec.code}-${String(1000 + i * 7 + rng.int(0, 7)).padStart(4, '0')}`;
      const price = shelfPrice(rng.logNormal(Math.log(spec.medianPrice), spec.priceSigma));
      products.push({
        index, productId, sku, name, category, brand, basePrice: price,
        inStock: rng.chance(0.92),
        popularity: 0,
        json: `"product_id":"${productId}","sku":"${sku}","name":${JSON.stringify(name)},"category":${JSON.stringify(spec.name)}`,
      });
      indices.push(index);
    }
    // Popularity follows a Zipf law over a random order of the category's products.
    const ranks = indices.map((_, r) => r);
    for (let r = ranks.length - 1; r > 0; r--) {
      const j = rng.int(0, r + 1);
      [ranks[r], ranks[j]] = [ranks[j] ?? 0, ranks[r] ?? 0];
    }
    const weights = indices.map((p, k) => {
      const w = 1 / Math.pow((ranks[k] ?? 0) + 1, 0.9);
      const product = products[p];
      if (product) product.popularity = w;
      return w;
    });
    byCategory.push(indices);
    popularityByCategory.push(weights);
  });
  return { products, byCategory, popularityByCategory };
}

/** products.csv rows (header first), with the prices current at the end of the data. */
export function productRows(catalog: Catalog, currentPrice: (p: Product) => number): string[] {
  const rows = [PRODUCTS_HEADER];
  for (const p of catalog.products) {
    const category = CATEGORIES[p.category]?.name ?? '';
    rows.push(csvLine([p.productId, p.sku, p.name, category, p.brand, currentPrice(p).toFixed(2), 'EUR', p.inStock ? 'true' : 'false']));
  }
  return rows;
}
