import { DirectedGraph } from 'graphology';

/** What a journey node stands for: a page or screen, a product looked at, or a tracked action. */
export type JourneyNodeKind = 'page' | 'product' | 'event';

export interface JourneyNodeAttributes {
  kind: JourneyNodeKind;
  /** The page's name, the product id or the event's name (the key without its kind). */
  label: string;
  /** Events that landed on this node, repeats included. */
  visits: number;
  /** Sessions whose first step was this node. */
  entries: number;
  /** Set by a summary before an export, so that Gephi or Neo4j shows them. */
  pagerank?: number;
  betweenness?: number;
}

export interface JourneyEdgeAttributes {
  /** Times a session went straight from the source node to the target node. */
  weight: number;
}

/**
 * Customers' sessions as a weighted directed graph: nodes are keyed `page:Home`,
 * `product:P10127`, `event:Order Completed`; an edge counts the moves from one to the next within
 * a session. A step onto the node a session is already on (a reload, a page view followed by its
 * own track call) is not a move.
 */
export type JourneyGraph = DirectedGraph<JourneyNodeAttributes, JourneyEdgeAttributes>;

/** One event of a session, already mapped to its node, in the session's time order. */
export interface JourneyStep {
  session: string;
  node: string;
}

/** Aggregated moves, as a query over all events returns them. */
export interface JourneyTransition {
  from: string;
  to: string;
  count: number;
}

export interface JourneyNodeCount {
  node: string;
  visits: number;
  entries: number;
}

/** The node kind of a key (`product:P1` → product); keys without a known kind are events. */
export function journeyNodeKind(node: string): JourneyNodeKind {
  const kind = node.slice(0, node.indexOf(':'));
  return kind === 'page' || kind === 'product' ? kind : 'event';
}

export function journeyNodeLabel(node: string): string {
  return node.slice(node.indexOf(':') + 1);
}

export function emptyJourneyGraph(): JourneyGraph {
  return new DirectedGraph<JourneyNodeAttributes, JourneyEdgeAttributes>();
}

/** Adds `node` if it is new and returns its attributes (kept by reference, so they can be counted up). */
export function ensureJourneyNode(graph: JourneyGraph, node: string): JourneyNodeAttributes {
  if (!graph.hasNode(node)) graph.addNode(node, { kind: journeyNodeKind(node), label: journeyNodeLabel(node), visits: 0, entries: 0 });
  return graph.getNodeAttributes(node);
}

/** Adds `count` moves from `from` to `to`. */
export function addJourneyMoves(graph: JourneyGraph, from: string, to: string, count: number): void {
  if (!graph.hasNode(from)) ensureJourneyNode(graph, from);
  if (!graph.hasNode(to)) ensureJourneyNode(graph, to);
  const edge = graph.edge(from, to);
  if (edge === undefined) graph.addDirectedEdge(from, to, { weight: count });
  else graph.updateEdgeAttribute(edge, 'weight', (w) => (w ?? 0) + count);
}

/** The graph from aggregated counts (a full build: what the store's query over all events returns). */
export function buildJourneyGraph(nodes: readonly JourneyNodeCount[], transitions: readonly JourneyTransition[]): JourneyGraph {
  const graph = emptyJourneyGraph();
  for (const n of nodes) {
    const attrs = ensureJourneyNode(graph, n.node);
    attrs.visits += n.visits;
    attrs.entries += n.entries;
  }
  for (const t of transitions) {
    if (t.from !== t.to && t.count > 0) addJourneyMoves(graph, t.from, t.to, t.count);
  }
  return graph;
}

/** Weighted out-degree of every node: the moves that leave it, the denominator of its transition probabilities. */
export function outStrengths(graph: JourneyGraph): Map<string, number> {
  const out = new Map<string, number>();
  graph.forEachEdge((_edge, attrs, source) => out.set(source, (out.get(source) ?? 0) + attrs.weight));
  return out;
}
