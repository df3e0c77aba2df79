import { describe, expect, it } from 'vitest';
import { recommendFromInteractions } from './customer-recommendations.js';
import type { StoreInteractions } from './store-interactions.js';

/** Mugs are bought together; c1 bought a red mug; c9 only viewed a blue one; c0 has nothing. */
const data: StoreInteractions = {
  purchases: [
    ...['c2', 'c3', 'c4'].flatMap((c) => [
      { customer_id: c, product_id: 'mug-red', lines: 1 },
      { customer_id: c, product_id: 'mug-blue', lines: 1 },
      { customer_id: c, product_id: 'saucer', lines: 1 },
    ]),
    { customer_id: 'c1', product_id: 'mug-red', lines: 2 },
    ...['c5', 'c6', 'c7', 'c8', 'c10'].map((c) => ({ customer_id: c, product_id: 'gift-card', lines: 1 })),
  ],
  views: [{ customer_id: 'c9', product_id: 'mug-blue', views: 3 }],
  products: [
    { product_id: 'mug-red', name: 'Red mug', category: 'Kitchen', in_stock: 'true' },
    { product_id: 'mug-blue', name: 'Blue mug', category: 'Kitchen', in_stock: 'true' },
    { product_id: 'saucer', name: 'Saucer', category: 'Tableware', in_stock: 'false' },
    { product_id: 'gift-card', name: 'Gift card', category: 'Gifts', in_stock: null },
  ],
};

describe('recommendFromInteractions', () => {
  it('recommends what buyers of the same product bought, never what was bought, with the reason named', () => {
    const r = recommendFromInteractions(data, 'c1', { k: 2, includeOutOfStock: true });
    expect(r.coldStart).toBe(false);
    expect(new Set(r.items.map((i) => i.productId))).toEqual(new Set(['mug-blue', 'saucer']));
    expect(r.items.every((i) => i.reason.text === 'bought by customers who bought Red mug')).toBe(true);
  });
  it('leaves out products out of stock and excluded categories, filling from popular ones', () => {
    const r = recommendFromInteractions(data, 'c1', { k: 2, excludeCategories: ['gifts'] });
    expect(r.items.map((i) => i.productId)).toEqual(['mug-blue']);
    const withGifts = recommendFromInteractions(data, 'c1', { k: 2 });
    expect(withGifts.items.map((i) => [i.productId, i.reason.kind])).toEqual([
      ['mug-blue', 'bought-together'],
      ['gift-card', 'popular'],
    ]);
  });
  it('uses views: a viewer of a product may be recommended it, and its companions', () => {
    const r = recommendFromInteractions(data, 'c9', { k: 2, includeOutOfStock: true });
    expect(r.history).toEqual({ purchased: 0, viewed: 1 });
    expect(r.items.map((i) => i.productId)).toContain('mug-red');
    expect(r.items.find((i) => i.productId === 'mug-red')!.reason.text).toBe('bought by customers who viewed Blue mug');
  });
  it('gives a customer without history the popular products', () => {
    const r = recommendFromInteractions(data, 'c0', { k: 2 });
    expect(r.coldStart).toBe(true);
    expect(r.model).toBe('popularity');
    expect(r.items.map((i) => [i.productId, i.reason.text])).toEqual([
      ['gift-card', 'popular with other customers'],
      ['mug-red', 'popular with other customers'], // 4 customers, as the blue mug: ties go to the first listed
    ]);
  });
});
