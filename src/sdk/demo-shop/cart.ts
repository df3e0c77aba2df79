import { type Product, findProduct } from './catalogue.js';

export interface Line {
  product: Product;
  quantity: number;
}

const KEY = 'cairn-demo-shop-cart';

/** The shopper's cart, kept in sessionStorage so that a reload keeps it (the shop's own storage, not the SDK's). */
export class Cart {
  readonly id: string;
  private lines = new Map<string, number>();

  constructor() {
    const saved = sessionStorage.getItem(KEY);
    const parsed = saved ? (JSON.parse(saved) as { id: string; lines: [string, number][] }) : null;
    this.id = parsed?.id ?? `cart-${Math.random().toString(36).slice(2, 10)}`;
    this.lines = new Map(parsed?.lines ?? []);
  }

  add(productId: string, quantity = 1): void {
    this.lines.set(productId, (this.lines.get(productId) ?? 0) + quantity);
    this.save();
  }

  remove(productId: string): void {
    this.lines.delete(productId);
    this.save();
  }

  clear(): void {
    this.lines.clear();
    this.save();
  }

  items(): Line[] {
    const out: Line[] = [];
    for (const [id, quantity] of this.lines) {
      const product = findProduct(id);
      if (product) out.push({ product, quantity });
    }
    return out;
  }

  count(): number {
    let n = 0;
    for (const q of this.lines.values()) n += q;
    return n;
  }

  subtotal(): number {
    return Math.round(this.items().reduce((s, l) => s + l.product.price * l.quantity, 0) * 100) / 100;
  }

  private save(): void {
    sessionStorage.setItem(KEY, JSON.stringify({ id: this.id, lines: [...this.lines] }));
  }
}

/** A line as Segment's e-commerce spec lists products. */
export function specProduct(l: Line, position?: number): Record<string, unknown> {
  const p = l.product;
  const out: Record<string, unknown> = { product_id: p.product_id, sku: p.sku, name: p.name, category: p.category, price: p.price, quantity: l.quantity };
  if (position !== undefined) out['position'] = position;
  return out;
}
