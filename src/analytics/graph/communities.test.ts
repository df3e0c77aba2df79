import { describe, expect, it } from 'vitest';
import { modularity } from './graphology.js';
import { productCommunities } from './communities.js';
import { buildCoPurchaseGraph, CoPurchaseUpdater, type BasketLine, type CoPurchasePair } from './copurchase.js';
import { seededRandom } from './graphology.js';

/** Every pair of `nodes`, weight 1. */
function clique(nodes: string[]): CoPurchasePair[] {
  const pairs: CoPurchasePair[] = [];
  nodes.forEach((a, i) => nodes.slice(i + 1).forEach((b) => pairs.push({ a, b, weight: 1 })));
  return pairs;
}

describe('productCommunities', () => {
  it('finds two cliques joined by one edge, with the modularity worked out by hand', () => {
    // Two 4-cliques (6 edges each) and one bridge a1–b1: m = 13 edges. Each community holds 6
    // edges and its degrees sum to 2·6 + 1 = 13, so Q = 2·(6/13 − (13/26)²) = 12/13 − 1/2.
    const graph = buildCoPurchaseGraph([], [...clique(['a1', 'a2', 'a3', 'a4']), ...clique(['b1', 'b2', 'b3', 'b4']), { a: 'a1', b: 'b1', weight: 1 }]);
    const result = productCommunities(graph);
    expect(result.modularity).toBeCloseTo(12 / 13 - 1 / 2, 12);
    expect(result.communities.map((c) => c.size)).toEqual([4, 4]);
    expect(result.singletons).toBe(0);
    const a = result.membership['a1'];
    for (const n of ['a2', 'a3', 'a4']) expect(result.membership[n]).toBe(a);
    for (const n of ['b2', 'b3', 'b4']) expect(result.membership[n]).toBe(result.membership['b1']);
    expect(result.membership['b1']).not.toBe(a);
    // The bridge's ends have no more weight inside their community than the others (3 each).
    expect(result.communities[0]!.topProducts.map((p) => p.strength)).toEqual([3, 3, 3, 3]);
    expect(result.communities[0]!.innerWeight).toBe(6);
    // graphology-metrics agrees on the partition's modularity.
    expect(modularity(graph, { getNodeCommunity: (n: string) => result.membership[n]! })).toBeCloseTo(result.modularity, 12);
  });

  it('weights count: a heavy bridge pulls its ends together', () => {
    // Same shape, bridge weight 10: degrees a1 = b1 = 13, the rest 3; m = 22.
    const graph = buildCoPurchaseGraph([], [...clique(['a1', 'a2', 'a3', 'a4']), ...clique(['b1', 'b2', 'b3', 'b4']), { a: 'a1', b: 'b1', weight: 10 }]);
    const result = productCommunities(graph);
    expect(result.membership['a1']).toBe(result.membership['b1']);
    expect(result.modularity).toBeGreaterThan(0);
  });

  it('a graph without edges has modularity 0 and only singletons', () => {
    const result = productCommunities(buildCoPurchaseGraph([{ product: 'p', buyers: 2 }, { product: 'q', buyers: 1 }], []));
    expect(result).toMatchObject({ modularity: 0, communities: [], singletons: 2 });
  });

  it('gives the same answer twice for a seed', () => {
    const random = seededRandom(5);
    const pairs: CoPurchasePair[] = [];
    for (let i = 0; i < 400; i++) pairs.push({ a: `p${Math.floor(random() * 80)}`, b: `p${Math.floor(random() * 80)}`, weight: 1 });
    const graph = buildCoPurchaseGraph([], pairs);
    expect(productCommunities(graph, { seed: 4 })).toEqual(productCommunities(graph, { seed: 4 }));
  });
});

describe('CoPurchaseUpdater', () => {
  it('adds purchases in batches and ends where a full build from the pair counts does', () => {
    const random = seededRandom(9);
    const lines: BasketLine[] = [];
    for (let i = 0; i < 600; i++) lines.push({ basket: `c${Math.floor(random() * 60)}`, product: `p${Math.floor(random() * 25)}` });
    // A full build: for each basket its distinct products, every pair counted once per basket.
    const baskets = new Map<string, Set<string>>();
    for (const l of lines) baskets.set(l.basket, (baskets.get(l.basket) ?? new Set()).add(l.product));
    const pairCounts = new Map<string, number>();
    const buyers = new Map<string, number>();
    for (const products of baskets.values()) {
      const list = [...products].sort();
      for (const p of list) buyers.set(p, (buyers.get(p) ?? 0) + 1);
      list.forEach((a, i) => list.slice(i + 1).forEach((b) => pairCounts.set(`${a}|${b}`, (pairCounts.get(`${a}|${b}`) ?? 0) + 1)));
    }
    const full = buildCoPurchaseGraph(
      [...buyers.entries()].map(([product, n]) => ({ product, buyers: n })),
      [...pairCounts.entries()].map(([key, weight]) => ({ a: key.split('|')[0]!, b: key.split('|')[1]!, weight })),
    );

    const updater = new CoPurchaseUpdater();
    for (let i = 0; i < lines.length; i += 97) updater.addLines(lines.slice(i, i + 97));
    expect(canonical(updater.graph)).toEqual(canonical(full));
  });
});

function canonical(graph: ReturnType<typeof buildCoPurchaseGraph>) {
  const nodes = graph.mapNodes((n, a) => `${n}:${a.buyers}`).sort();
  const edges = graph.mapEdges((_e, a, s, t) => `${[s, t].sort().join('-')}:${a.weight}`).sort();
  return { nodes, edges };
}
