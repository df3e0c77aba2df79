/** The demo shop's products: a small homeware and coffee shop. Prices in EUR. */
export interface Product {
  product_id: string;
  sku: string;
  name: string;
  category: string;
  price: number;
  emoji: string;
  description: string;
}

export const CURRENCY = 'EUR';

export const PRODUCTS: readonly Product[] = [
  { product_id: 'p-1001', sku: 'MUG-STW-350', name: 'Stoneware Mug, 350 ml', category: 'Kitchen', price: 14.5, emoji: '☕', description: 'Hand-glazed stoneware in a speckled oat colour. Dishwasher and microwave safe.' },
  { product_id: 'p-1002', sku: 'BEAN-ETH-250', name: 'Ethiopia Guji Coffee Beans, 250 g', category: 'Coffee', price: 11.9, emoji: '🫘', description: 'Washed heirloom varieties, light roast: bergamot, peach and black tea.' },
  { product_id: 'p-1003', sku: 'KTL-GOOSE-1L', name: 'Gooseneck Kettle, 1 l', category: 'Kitchen', price: 49, emoji: '🫖', description: 'Stainless steel pour-over kettle with a built-in thermometer.' },
  { product_id: 'p-1004', sku: 'TOW-LIN-2PK', name: 'Linen Tea Towels, pack of 2', category: 'Home', price: 18, emoji: '🧺', description: 'Stonewashed European linen, soft from the first use.' },
  { product_id: 'p-1005', sku: 'CND-FIG-200', name: 'Fig & Cedar Candle', category: 'Home', price: 24, emoji: '🕯️', description: 'Soy wax, cotton wick, about 45 hours of burn time.' },
  { product_id: 'p-1006', sku: 'GRD-HAND-CER', name: 'Ceramic Burr Hand Grinder', category: 'Coffee', price: 39.95, emoji: '⚙️', description: 'Adjustable ceramic burrs, from espresso to French press.' },
  { product_id: 'p-1007', sku: 'BRD-OAK-40', name: 'Oak Serving Board, 40 cm', category: 'Kitchen', price: 32, emoji: '🪵', description: 'Oiled solid oak from sustainably managed forests.' },
  { product_id: 'p-1008', sku: 'PLT-SET-4', name: 'Speckled Dinner Plates, set of 4', category: 'Kitchen', price: 58, emoji: '🍽️', description: 'Matte speckled glaze, 27 cm, stackable.' },
];

export function findProduct(id: string): Product | undefined {
  return PRODUCTS.find((p) => p.product_id === id);
}

/** Money as the page shows it. */
export function money(v: number): string {
  return `€${v.toFixed(2)}`;
}
