import { UndirectedGraph } from 'graphology';

export interface ProductNodeAttributes {
  /** The product's name, or its id when the catalogue has no name. */
  label: string;
  /** Baskets (customers or orders) that hold the product. */
  buyers: number;
  /** Set by a summary before an export. */
  community?: number;
  pagerank?: number;
}

export interface CoPurchaseEdgeAttributes {
  /** Baskets that hold both products. */
  weight: number;
}

/**
 * Products bought together, as an undirected graph: an edge between two products counts the
 * baskets that hold both. A basket is a customer (everything they ever bought) or an order.
 */
export type CoPurchaseGraph = UndirectedGraph<ProductNodeAttributes, CoPurchaseEdgeAttributes>;

export interface ProductCount {
  product: string;
  name?: string | null;
  buyers: number;
}

export interface CoPurchasePair {
  a: string;
  b: string;
  weight: number;
}

/** One product in one basket (an order line, or a customer's purchase of a product). */
export interface BasketLine {
  basket: string;
  product: string;
  name?: string | null;
}

export function emptyCoPurchaseGraph(): CoPurchaseGraph {
  return new UndirectedGraph<ProductNodeAttributes, CoPurchaseEdgeAttributes>();
}

function ensureProduct(graph: CoPurchaseGraph, product: string, name?: string | null): ProductNodeAttributes {
  if (!graph.hasNode(product)) graph.addNode(product, { label: name ?? product, buyers: 0 });
  return graph.getNodeAttributes(product);
}

function addTogether(graph: CoPurchaseGraph, a: string, b: string, weight: number): void {
  const edge = graph.edge(a, b);
  if (edge === undefined) graph.addUndirectedEdge(a, b, { weight });
  else graph.updateEdgeAttribute(edge, 'weight', (w) => (w ?? 0) + weight);
}

/** The graph from aggregated counts (a full build from the store's order lines). */
export function buildCoPurchaseGraph(products: readonly ProductCount[], pairs: readonly CoPurchasePair[]): CoPurchaseGraph {
  const graph = emptyCoPurchaseGraph();
  for (const p of products) ensureProduct(graph, p.product, p.name).buyers += p.buyers;
  for (const pair of pairs) {
    if (pair.a === pair.b || pair.weight <= 0) continue;
    if (!graph.hasNode(pair.a)) ensureProduct(graph, pair.a);
    if (!graph.hasNode(pair.b)) ensureProduct(graph, pair.b);
    addTogether(graph, pair.a, pair.b, pair.weight);
  }
  return graph;
}

/**
 * Adds purchases to a co-purchase graph without rebuilding it: each basket's products are
 * remembered, so a product new to a basket adds one to its edge with each product already there.
 * A product bought again in the same basket changes nothing (the weight counts baskets).
 */
export class CoPurchaseUpdater {
  readonly graph: CoPurchaseGraph;
  private readonly baskets = new Map<string, Set<string>>();

  constructor(graph: CoPurchaseGraph = emptyCoPurchaseGraph()) {
    this.graph = graph;
  }

  /** Whether the updater knows what `basket` holds. */
  follows(basket: string): boolean {
    return this.baskets.has(basket);
  }

  /** What a basket already holds, for baskets whose earlier purchases are in the graph but not in this updater. */
  resume(basket: string, products: Iterable<string>): void {
    this.baskets.set(basket, new Set(products));
  }

  addLines(lines: Iterable<BasketLine>): { lines: number; newPairs: number } {
    let count = 0;
    let newPairs = 0;
    for (const line of lines) {
      count++;
      let held = this.baskets.get(line.basket);
      if (held === undefined) {
        held = new Set();
        this.baskets.set(line.basket, held);
      }
      const attrs = ensureProduct(this.graph, line.product, line.name);
      if (held.has(line.product)) continue;
      attrs.buyers++;
      for (const other of held) {
        addTogether(this.graph, line.product, other, 1);
        newPairs++;
      }
      held.add(line.product);
    }
    return { lines: count, newPairs };
  }
}
