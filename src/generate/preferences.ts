import { priceAt } from './incidents.js';
import type { Person } from './people.js';
import type { Rng } from './random.js';
import type { ShopContext } from './shop-context.js';
import { WeightedTable } from './time.js';

const FOOD = 9;

/**
 * What one person looks at and buys: categories by their own interest, products by popularity,
 * and — the more price-sensitive they are — the cheaper of two candidates. After the price change,
 * price-sensitive people shift towards a discounted category (or away from a dearer one).
 */
export class Preferences {
  private readonly before: WeightedTable;
  private readonly after: WeightedTable;

  constructor(private readonly person: Person, private readonly ctx: ShopContext) {
    const change = ctx.incidents.priceChange;
    const elasticity = 4 * person.persona.priceSensitivity;
    this.before = new WeightedTable(person.categoryWeights);
    this.after = new WeightedTable(
      person.categoryWeights.map((w, c) => (c === change.category ? w * Math.pow(change.factor, -elasticity) : w)),
    );
  }

  /** A category to browse at `ms`. */
  category(rng: Rng, ms: number): number {
    return (ms >= this.ctx.incidents.priceChange.startMs ? this.after : this.before).draw(rng);
  }

  /** A product of `category` to look at. */
  product(rng: Rng, ms: number, category: number): number {
    const products = this.ctx.catalog.byCategory[category] ?? [];
    const table = this.ctx.popularity[category];
    if (!table || products.length === 0) throw new Error(`category ${category} has no products`);
    const first = products[table.draw(rng)] ?? 0;
    if (!rng.chance(this.person.persona.priceSensitivity)) return first;
    const second = products[table.draw(rng)] ?? 0;
    return this.price(second, ms) < this.price(first, ms) ? second : first;
  }

  /** How many of a product go in the basket. */
  quantity(rng: Rng, category: number): number {
    const x = rng.next();
    if (category === FOOD) return x < 0.55 ? 1 : x < 0.85 ? 2 : 3;
    return x < 0.86 ? 1 : x < 0.97 ? 2 : 3;
  }

  /** Price of a product at `ms`. */
  price(product: number, ms: number): number {
    const p = this.ctx.catalog.products[product];
    if (!p) throw new Error(`no product ${product}`);
    return priceAt(p, ms, this.ctx.incidents);
  }
}
