import { betweenness, pageRanks, type BetweennessOptions } from './centrality.js';
import { productCommunities, type CommunityResult } from './communities.js';
import type { CoPurchaseGraph } from './copurchase.js';
import type { JourneyGraph, JourneyNodeKind } from './journey-graph.js';
import { PURCHASE_NODE, routeToTarget, topEntries, type FrequentPath, type RouteToTarget } from './paths.js';

export interface RankedNode {
  node: string;
  kind: JourneyNodeKind;
  label: string;
  visits: number;
  pagerank: number;
  betweenness: number;
}

export interface JourneySummary {
  nodes: number;
  edges: number;
  moves: number;
  topPages: RankedNode[];
  topProducts: RankedNode[];
  /** Nodes most often on the most likely path between two others. */
  topBetweenness: RankedNode[];
  betweenness: { method: 'exact' | 'sampled'; sources: number };
}

export interface CoPurchaseSummary {
  products: number;
  pairs: number;
  modularity: number;
  communities: CommunityResult['communities'];
  singletons: number;
}

export interface PathsSummary {
  target: string;
  /** Sessions that reached the target. */
  sessions: number;
  mostFrequent: FrequentPath[];
  /** From the nodes sessions most often start on. */
  routes: RouteToTarget[];
}

export interface SummaryOptions {
  top?: number;
  depth?: number;
  seed?: number;
  betweenness?: BetweennessOptions;
}

/**
 * PageRank and betweenness of the journey's nodes, written onto the graph (`pagerank`,
 * `betweenness`) so that an export carries them, and the top pages and products.
 */
export function summariseJourney(graph: JourneyGraph, options: SummaryOptions = {}): JourneySummary {
  const top = options.top ?? 10;
  const pr = pageRanks(graph);
  const bc = graph.order === 0 ? { values: {}, method: 'exact' as const, sources: 0 } : betweenness(graph, options.betweenness);
  const ranked: RankedNode[] = graph.mapNodes((node, attrs) => {
    attrs.pagerank = pr[node] ?? 0;
    attrs.betweenness = bc.values[node] ?? 0;
    return { node, kind: attrs.kind, label: attrs.label, visits: attrs.visits, pagerank: attrs.pagerank, betweenness: attrs.betweenness };
  });
  const by = (key: 'pagerank' | 'betweenness') => (a: RankedNode, b: RankedNode) => b[key] - a[key] || b.visits - a.visits || a.node.localeCompare(b.node);
  const byRank = [...ranked].sort(by('pagerank'));
  return {
    nodes: graph.order,
    edges: graph.size,
    moves: graph.reduceEdges((sum, _e, attrs) => sum + attrs.weight, 0),
    topPages: byRank.filter((r) => r.kind === 'page').slice(0, top),
    topProducts: byRank.filter((r) => r.kind === 'product').slice(0, top),
    topBetweenness: [...ranked].sort(by('betweenness')).filter((r) => r.betweenness > 0).slice(0, top),
    betweenness: { method: bc.method, sources: bc.sources },
  };
}

/** Louvain communities of the co-purchase graph, each product's `community` and `pagerank` written onto it. */
export function summariseCoPurchases(graph: CoPurchaseGraph, options: SummaryOptions = {}): CoPurchaseSummary {
  const result = productCommunities(graph, { seed: options.seed ?? 1, top: Math.min(options.top ?? 10, 5) });
  const pr = pageRanks(graph);
  graph.forEachNode((node, attrs) => {
    attrs.community = result.membership[node] ?? 0;
    attrs.pagerank = pr[node] ?? 0;
  });
  return { products: graph.order, pairs: graph.size, modularity: result.modularity, communities: result.communities.slice(0, options.top ?? 10), singletons: result.singletons };
}

/**
 * The most frequent last steps before a purchase (`frequentPathsTo`, or the same computed in the
 * store), and the most likely and shortest routes to it from the top entry nodes.
 */
export function summarisePaths(graph: JourneyGraph, frequent: { reached: number; paths: FrequentPath[] }, options: SummaryOptions = {}): PathsSummary {
  const routes = topEntries(graph, 3).map((e) => routeToTarget(graph, e.node, PURCHASE_NODE));
  return { target: PURCHASE_NODE, sessions: frequent.reached, mostFrequent: frequent.paths.slice(0, options.top ?? 10), routes };
}
