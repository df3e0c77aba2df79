import { bidirectional as dijkstraPath } from 'graphology-shortest-path/dijkstra.js';
import { bidirectional as fewestHops } from 'graphology-shortest-path/unweighted.js';
import { transitionCost } from './centrality.js';
import { journeyNodeKind, outStrengths, type JourneyGraph } from './journey-graph.js';

/** The node every path to purchase ends on. */
export const PURCHASE_NODE = 'event:Order Completed';

export interface RouteToTarget {
  from: string;
  /** The most likely route: the product of its moves' probabilities is the highest of all routes. */
  mostLikely: { path: string[]; probability: number } | null;
  /** A route with the fewest moves (the first found among equals). */
  fewestSteps: string[] | null;
}

/** Shortest routes from `from` to `target` in the journey graph; null parts when there is none. */
export function routeToTarget(graph: JourneyGraph, from: string, target: string = PURCHASE_NODE): RouteToTarget {
  if (!graph.hasNode(from) || !graph.hasNode(target)) return { from, mostLikely: null, fewestSteps: null };
  const likely = dijkstraPath(graph, from, target, transitionCost(graph)) as string[] | null;
  const out = outStrengths(graph);
  let probability = 1;
  for (let i = 1; likely && i < likely.length; i++) {
    probability *= graph.getEdgeAttribute(likely[i - 1]!, likely[i]!, 'weight') / out.get(likely[i - 1]!)!;
  }
  return { from, mostLikely: likely ? { path: likely, probability } : null, fewestSteps: fewestHops(graph, from, target) };
}

/** The nodes sessions most often start on, most first. */
export function topEntries(graph: JourneyGraph, limit: number): { node: string; entries: number }[] {
  const list: { node: string; entries: number }[] = [];
  graph.forEachNode((node, attrs) => {
    if (attrs.entries > 0) list.push({ node, entries: attrs.entries });
  });
  return list.sort((a, b) => b.entries - a.entries || a.node.localeCompare(b.node)).slice(0, limit);
}

export interface FrequentPathOptions {
  /** Steps kept before the target (the target itself not counted). */
  depth?: number;
  limit?: number;
}

export interface FrequentPath {
  /** Ending on the target; products shown as `product:*` so that paths through different products add up. */
  path: string[];
  sessions: number;
  /** Of the sessions that reached the target. */
  share: number;
}

/**
 * The most frequent last steps before a target, over sessions' node sequences (each in time
 * order, repeats of the same node already collapsed or not): the sequence up to the session's
 * first arrival on the target, its last `depth` steps, products generalised.
 */
export function frequentPathsTo(sequences: Iterable<readonly string[]>, target: string = PURCHASE_NODE, options: FrequentPathOptions = {}): { reached: number; paths: FrequentPath[] } {
  const depth = options.depth ?? 4;
  const counts = new Map<string, number>();
  let reached = 0;
  for (const sequence of sequences) {
    const end = sequence.indexOf(target);
    if (end < 0) continue;
    reached++;
    const steps: string[] = [];
    for (const node of sequence.slice(0, end + 1)) {
      const step = journeyNodeKind(node) === 'product' ? 'product:*' : node;
      if (steps[steps.length - 1] !== step) steps.push(step);
    }
    const key = steps.slice(-(depth + 1)).join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const paths = [...counts.entries()]
    .map(([key, sessions]) => ({ path: key.split('\u0000'), sessions, share: sessions / reached }))
    // Ties in code-point order of the joined path, as the store's query orders them.
    .sort((a, b) => b.sessions - a.sessions || codePointOrder(a.path.join('>'), b.path.join('>')))
    .slice(0, options.limit ?? 10);
  return { reached, paths };
}

function codePointOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
