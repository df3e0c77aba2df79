import { z } from 'zod';
import { graphSummary, LiveGraph, type Basket } from '../../../analytics/index.js';
import type { Store } from '../../../store/index.js';
import { badRequest } from '../http-error.js';
import { ANY_ROLE } from '../roles.js';
import { component, defineRoute } from '../route.js';

const day = z.iso.date({ error: 'must be a day as YYYY-MM-DD' });

const GraphNode = component(
  'GraphNode',
  z.object({
    node: z.string().describe('Key: page:NAME, product:ID or event:NAME'),
    kind: z.enum(['page', 'product', 'event']),
    label: z.string().describe('The key without its kind: page name, product id or event name'),
    visits: z.number().int().describe('Events on this node'),
    pagerank: z.number().describe('Weighted PageRank (damping 0.85); all nodes sum to 1'),
    betweenness: z.number().describe('Share of most-likely paths between two other nodes that pass through it, 0..1'),
  }),
  'A node of the journey graph with its centralities',
);

const ProductCommunity = component(
  'ProductCommunity',
  z.object({
    id: z.number().int().describe('1 for the largest community'),
    size: z.number().int(),
    innerWeight: z.number().describe('Baskets-in-common summed over the community\'s inner edges'),
    topProducts: z.array(z.object({ product: z.string(), label: z.string(), strength: z.number().describe('Co-purchases with products of its own community') })),
  }),
  'Products bought together (Louvain)',
);

const Route = z.object({
  from: z.string(),
  mostLikely: z.object({ path: z.array(z.string()), probability: z.number() }).nullable().describe('The route whose moves are most likely; null when none reaches the target'),
  fewestSteps: z.array(z.string()).nullable(),
});

const GraphSummary = component(
  'GraphSummary',
  z.object({
    window: z.object({ since: z.string().nullable(), until: z.string().nullable() }),
    steps: z.number().int().describe('Events that became journey steps'),
    sessions: z.number().int(),
    journey: z.object({
      nodes: z.number().int(),
      edges: z.number().int(),
      moves: z.number().int(),
      topPages: z.array(GraphNode),
      topProducts: z.array(GraphNode),
      topBetweenness: z.array(GraphNode),
      betweenness: z.object({ method: z.enum(['exact', 'sampled']), sources: z.number().int().describe('Source nodes of the estimate (all nodes when exact)') }),
    }),
    copurchase: z.object({
      basket: z.enum(['customer', 'order']),
      products: z.number().int(),
      pairs: z.number().int(),
      modularity: z.number().describe('Newman modularity of the communities; 0 for no pairs'),
      communities: z.array(ProductCommunity),
      singletons: z.number().int().describe('Products bought with no other product'),
    }),
    pathsToPurchase: z.object({
      target: z.string(),
      sessions: z.number().int().describe('Sessions that reached the target'),
      mostFrequent: z.array(z.object({ path: z.array(z.string()).describe('Products as product:*'), sessions: z.number().int(), share: z.number() })),
      routes: z.array(Route).describe('From the three nodes sessions most often start on'),
    }),
    productNames: z.record(z.string(), z.string()),
    notes: z.array(z.string()).describe('Why a part is empty'),
    seconds: z.number(),
  }),
  'The journey graph: centralities of pages and products, product communities, paths to purchase',
);

const Query = z.strictObject({
  since: day.optional().describe('Events and orders from this day on (UTC)'),
  until: day.optional().describe('Events and orders before this day'),
  top: z.coerce.number().int().min(1).max(100).default(10).describe('Rows per list'),
  depth: z.coerce.number().int().min(1).max(20).default(4).describe('Steps before the purchase in the most frequent paths'),
  basket: z.enum(['customer', 'order']).default('customer').describe('Co-purchases per customer or per order'),
});

const live = new WeakMap<Store, Map<Basket, LiveGraph>>();

/** The store's live graph for a kind of basket, made on first use. */
function liveGraph(store: Store, basket: Basket): LiveGraph {
  let graphs = live.get(store);
  if (!graphs) live.set(store, (graphs = new Map()));
  let graph = graphs.get(basket);
  if (!graph) graphs.set(basket, (graph = new LiveGraph(store, { basket })));
  return graph;
}

export const graphRoutes = [
  defineRoute({
    method: 'GET',
    path: '/analytics/graph/summary',
    operationId: 'getGraphSummary',
    summary: 'Journey graph: PageRank and betweenness of pages and products, product communities, paths to purchase',
    description:
      'Built from the events of each visit (session) and the order lines in the window. Without since/until the graphs ' +
      'are kept in memory and brought up to date with new events and orders (rebuilt hourly); with a window they are built for the request. ' +
      'Export the graph for Gephi or Neo4j with `cairn graph export`.',
    tag: 'analytics',
    roles: ANY_ROLE,
    query: Query,
    response: GraphSummary,
    async handle({ query, deps }) {
      if (query.since !== undefined && query.until !== undefined && query.since >= query.until) {
        throw badRequest(`since ${query.since} is not before until ${query.until}: the window would be empty`);
      }
      if (query.since === undefined && query.until === undefined) {
        // The whole store: the graphs are kept live and brought up to date, not rebuilt per request.
        return liveGraph(deps.store, query.basket).summary({ top: query.top, depth: query.depth });
      }
      return graphSummary(deps.store, {
        ...(query.since !== undefined && { since: query.since }),
        ...(query.until !== undefined && { until: query.until }),
        top: query.top,
        depth: query.depth,
        basket: query.basket,
      });
    },
  }),
];
