import type { Store } from '../../store/index.js';
import { buildInteractions } from '../matrix.js';
import { fitModel, type ModelName } from '../models.js';
import { fitPopularity } from '../popularity.js';
import { recommend, type Reason } from '../recommender.js';
import { customerExists, loadStoreInteractions, type StoreInteractions } from './store-interactions.js';

/** A view weighs this much of a purchase in the interaction matrix. */
const VIEW_WEIGHT = 0.2;

export interface CustomerRecommendOptions {
  /** Items to return. Default 10. */
  k?: number;
  /** Default item-knn: fast to fit on each call, and its reasons are co-purchases. */
  model?: ModelName;
  /** Categories never to recommend (compared case-insensitively). */
  excludeCategories?: readonly string[];
  /** Recommend products marked out of stock too. Default false. */
  includeOutOfStock?: boolean;
}

export interface ProductRecommendation {
  productId: string;
  name: string | null;
  category: string | null;
  score: number;
  reason: { kind: Reason['kind']; text: string; productId: string | null };
}

export interface CustomerRecommendations {
  customerId: string;
  model: ModelName;
  /** True when the customer has no purchases or views: the items are the popular ones. */
  coldStart: boolean;
  history: { purchased: number; viewed: number };
  items: ProductRecommendation[];
}

/** The customer is unknown to the store. */
export class UnknownCustomerError extends Error {
  override name = 'UnknownCustomerError';
  constructor(readonly customerId: string) {
    super(`there is no customer ${customerId}`);
  }
}

/**
 * Recommendations for one customer from the store's orders and product views: never a product
 * they bought, nor one out of stock or in an excluded category; each with its reason in words.
 *
 * @throws UnknownCustomerError
 */
export async function recommendForCustomer(store: Store, customerId: string, options: CustomerRecommendOptions = {}): Promise<CustomerRecommendations> {
  if (!(await customerExists(store, customerId))) throw new UnknownCustomerError(customerId);
  return recommendFromInteractions(await loadStoreInteractions(store), customerId, options);
}

/** The pure part of {@link recommendForCustomer}, over what the store returned. */
export function recommendFromInteractions(data: StoreInteractions, customerId: string, options: CustomerRecommendOptions = {}): CustomerRecommendations {
  const k = options.k ?? 10;
  const modelName = options.model ?? 'item-knn';
  const customers = new Map<string, number>();
  const products = new Map<string, number>();
  const id = (map: Map<string, number>, key: string) => map.get(key) ?? (map.set(key, map.size), map.size - 1);
  for (const p of data.products) id(products, p.product_id);
  const users: number[] = [];
  const items: number[] = [];
  const weights: number[] = [];
  for (const r of data.purchases) {
    users.push(id(customers, r.customer_id));
    items.push(id(products, r.product_id));
    weights.push(r.lines);
  }
  for (const r of data.views) {
    users.push(id(customers, r.customer_id));
    items.push(id(products, r.product_id));
    weights.push(r.views * VIEW_WEIGHT);
  }
  const productIds = [...products.keys()];
  const info = new Map(data.products.map((p) => [p.product_id, p]));
  const train = buildInteractions(Int32Array.from(users), Int32Array.from(items), Float64Array.from(weights), customers.size, products.size);
  const bought = new Set(data.purchases.filter((r) => r.customer_id === customerId).map((r) => r.product_id));
  const viewed = new Set(data.views.filter((r) => r.customer_id === customerId).map((r) => r.product_id));
  const excluded = new Set((options.excludeCategories ?? []).map((c) => c.toLowerCase()));
  const exclude = (item: number) => {
    const pid = productIds[item]!;
    const p = info.get(pid);
    if (bought.has(pid)) return true;
    if (!options.includeOutOfStock && p?.in_stock === 'false') return true;
    return p?.category != null && excluded.has(p.category.toLowerCase());
  };
  const user = customers.get(customerId) ?? -1;
  const popularity = fitPopularity(train);
  const model = user < 0 ? popularity : fitModel(modelName, train);
  const recs = recommend(model, train, user, k, popularity, { exclude, includeSeen: true });
  const nameOf = (pid: string) => info.get(pid)?.name ?? pid;
  const reasonOf = (reason: Reason): ProductRecommendation['reason'] => {
    if (reason.kind === 'popular') return { kind: 'popular', text: 'popular with other customers', productId: null };
    const pid = productIds[reason.item]!;
    const text =
      reason.kind === 'similar'
        ? `similar to ${nameOf(pid)}`
        : bought.has(pid)
          ? `bought by customers who bought ${nameOf(pid)}`
          : `bought by customers who viewed ${nameOf(pid)}`;
    return { kind: reason.kind, text, productId: pid };
  };
  return {
    customerId,
    model: user < 0 ? 'popularity' : modelName,
    coldStart: user < 0,
    history: { purchased: bought.size, viewed: viewed.size },
    items: recs.map((r) => {
      const pid = productIds[r.item]!;
      const p = info.get(pid);
      return { productId: pid, name: p?.name ?? null, category: p?.category ?? null, score: +r.score.toFixed(6), reason: reasonOf(r.reason) };
    }),
  };
}
