import type { CoPurchaseGraph } from './copurchase.js';
import { louvain, seededRandom } from './graphology.js';

export interface CommunityOptions {
  /** Seed of Louvain's node order, so that two runs agree. */
  seed?: number;
  /** Louvain's resolution: above 1 finds smaller communities, below 1 larger ones. */
  resolution?: number;
  /** Products listed per community. */
  top?: number;
}

export interface ProductCommunity {
  /** 1 for the largest community, 2 for the next, … */
  id: number;
  size: number;
  /** Baskets-in-common summed over the community's inner edges. */
  innerWeight: number;
  /** The community's products with the most co-purchases inside it. */
  topProducts: { product: string; label: string; strength: number }[];
}

export interface CommunityResult {
  /** Newman's modularity of the partition (weighted; 0 for a graph without edges). */
  modularity: number;
  /** Communities of two or more products, largest first. */
  communities: ProductCommunity[];
  /** Products bought with no other product (each its own community, not listed). */
  singletons: number;
  /** Each product's community id (singletons included, numbered after the listed ones). */
  membership: Record<string, number>;
}

/**
 * Louvain communities of the co-purchase graph (graphology-communities-louvain, weighted by
 * baskets in common): groups of products that the same baskets hold, with the modularity of the
 * partition that says how much more they are bought together than chance would have it.
 */
export function productCommunities(graph: CoPurchaseGraph, options: CommunityOptions = {}): CommunityResult {
  const top = options.top ?? 5;
  if (graph.size === 0) {
    const membership: Record<string, number> = {};
    let id = 0;
    graph.forEachNode((node) => (membership[node] = ++id));
    return { modularity: 0, communities: [], singletons: graph.order, membership };
  }
  const detailed = louvain.detailed(graph, {
    getEdgeWeight: 'weight',
    resolution: options.resolution ?? 1,
    rng: seededRandom(options.seed ?? 1),
  });
  const members = new Map<number, string[]>();
  for (const [node, c] of Object.entries(detailed.communities)) {
    const list = members.get(c);
    if (list) list.push(node);
    else members.set(c, [node]);
  }
  // Strength inside the community: the weight of a product's edges to its own community.
  const inner = new Map<string, number>();
  const innerTotal = new Map<number, number>();
  graph.forEachEdge((_e, attrs, a, b) => {
    const ca = detailed.communities[a];
    if (ca === undefined || ca !== detailed.communities[b]) return;
    inner.set(a, (inner.get(a) ?? 0) + attrs.weight);
    inner.set(b, (inner.get(b) ?? 0) + attrs.weight);
    innerTotal.set(ca, (innerTotal.get(ca) ?? 0) + attrs.weight);
  });
  const groups = [...members.entries()].sort((x, y) => y[1].length - x[1].length || (innerTotal.get(y[0]) ?? 0) - (innerTotal.get(x[0]) ?? 0) || x[1][0]!.localeCompare(y[1][0]!));
  const membership: Record<string, number> = {};
  const communities: ProductCommunity[] = [];
  let singletons = 0;
  groups.forEach(([c, nodes], i) => {
    for (const node of nodes) membership[node] = i + 1;
    if (nodes.length < 2) {
      singletons++;
      return;
    }
    const ranked = nodes
      .map((product) => ({ product, label: graph.getNodeAttribute(product, 'label'), strength: inner.get(product) ?? 0 }))
      .sort((x, y) => y.strength - x.strength || x.product.localeCompare(y.product));
    communities.push({ id: i + 1, size: nodes.length, innerWeight: innerTotal.get(c) ?? 0, topProducts: ranked.slice(0, top) });
  });
  return { modularity: detailed.modularity, communities, singletons, membership };
}
