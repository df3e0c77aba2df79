import type { AbstractGraph, Attributes } from 'graphology-types';
import { createDijkstraIndexedBrandes } from 'graphology-shortest-path/indexed-brandes.js';
import { outStrengths, type JourneyGraph } from './journey-graph.js';
import { pagerank, seededRandom } from './graphology.js';

interface Weighted {
  weight: number;
}

export interface PageRankOptions {
  /** Damping: the chance a visitor follows a link rather than jumping anywhere. */
  alpha?: number;
  tolerance?: number;
  maxIterations?: number;
}

/**
 * Weighted PageRank (graphology-metrics): a random walk that follows an edge with a probability
 * proportional to its weight, jumps to any node with probability 1 − alpha, and jumps anywhere
 * from a node with no way out. On an undirected graph each edge is walked both ways.
 */
export function pageRanks<N extends object, E extends Weighted>(graph: AbstractGraph<N, E>, options: PageRankOptions = {}): Record<string, number> {
  if (graph.order === 0) return {};
  return pagerank(graph, {
    getEdgeWeight: 'weight',
    alpha: options.alpha ?? 0.85,
    // graphology stops when the summed change is below order × tolerance.
    tolerance: options.tolerance ?? 1e-10,
    maxIterations: options.maxIterations ?? 1000,
  });
}

/**
 * The length of a move for shortest paths: −ln of its probability (its weight over the moves
 * that leave the same node), so that the shortest path is the most likely one. A tiny constant
 * keeps a certain move (probability 1) from costing nothing.
 */
export function transitionCost(graph: JourneyGraph): (edge: string, attrs: Attributes) => number {
  const out = outStrengths(graph);
  return (edge, attrs) => -Math.log((attrs as { weight: number }).weight / out.get(graph.source(edge))!) + 1e-9;
}

export interface BetweennessOptions {
  /** Up to this many nodes every node is a source (exact); above, `samples` sources are drawn. */
  exactUpTo?: number;
  samples?: number;
  seed?: number;
}

export interface BetweennessResult {
  /** Normalised by (n − 1)(n − 2): the share of most-likely paths between other nodes that pass through the node. */
  values: Record<string, number>;
  method: 'exact' | 'sampled';
  /** Sources used: every node when exact. */
  sources: number;
}

/**
 * Betweenness of the journey graph's nodes over most-likely paths (lengths from `transitionCost`),
 * by Brandes' algorithm on graphology's indexed Dijkstra. Exact is one Dijkstra per node; above
 * `exactUpTo` nodes it takes `samples` source nodes drawn uniformly without replacement and
 * scales their dependencies by n / samples (Brandes & Pich 2007, "Centrality estimation in large
 * networks"), an unbiased estimate whose error shrinks as 1/√samples.
 */
export function betweenness(graph: JourneyGraph, options: BetweennessOptions = {}): BetweennessResult {
  const n = graph.order;
  const exact = n <= (options.exactUpTo ?? 2000);
  const brandes = createDijkstraIndexedBrandes(graph, transitionCost(graph));
  const sources = exact ? range(n) : sample(n, Math.min(n, options.samples ?? 500), options.seed ?? 1);
  const delta = new Float64Array(n);
  const centrality = new Float64Array(n);
  for (const s of sources) {
    const [stack, preds, sigma] = brandes(s);
    delta.fill(0);
    while (stack.size !== 0) {
      const w = stack.pop()!;
      const coefficient = (1 + delta[w]!) / sigma[w]!;
      for (const v of preds[w]!) delta[v]! += sigma[v]! * coefficient;
      if (w !== s) centrality[w]! += delta[w]!;
    }
  }
  const scale = (n <= 2 ? 1 : 1 / ((n - 1) * (n - 2))) * (n / Math.max(1, sources.length));
  for (let i = 0; i < n; i++) centrality[i]! *= scale;
  // The index that maps node positions back to keys hangs on the function (its types misplace it).
  const { index } = brandes as unknown as { index: { collect(values: Float64Array): Record<string, number> } };
  const values = index.collect(centrality);
  return { values, method: exact ? 'exact' : 'sampled', sources: sources.length };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** `k` distinct indices below `n` (partial Fisher–Yates). */
function sample(n: number, k: number, seed: number): number[] {
  const random = seededRandom(seed);
  const pool = range(n);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, k);
}
