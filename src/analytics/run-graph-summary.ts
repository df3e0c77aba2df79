import type { Store } from '../store/index.js';
import type { SummaryOptions, CoPurchaseSummary, JourneySummary, PathsSummary } from './graph/summary.js';
import { summariseCoPurchases, summariseJourney, summarisePaths } from './graph/summary.js';
import type { CoPurchaseGraph } from './graph/copurchase.js';
import type { FrequentPath } from './graph/paths.js';
import { loadCoPurchaseGraph, loadFrequentPurchasePaths, loadJourneyGraph, type Basket, type JourneyWindow, type LoadedJourney } from './run-graph.js';

export interface GraphSummaryOptions extends SummaryOptions {
  since?: string;
  until?: string;
  basket?: Basket;
}

export interface GraphSummary {
  window: { since: string | null; until: string | null };
  /** Events that became journey steps, and the sessions they fall in. */
  steps: number;
  sessions: number;
  journey: JourneySummary;
  copurchase: CoPurchaseSummary & { basket: Basket };
  pathsToPurchase: PathsSummary;
  /** Product names for the product ids above (from the catalogue; absent when it has none). */
  productNames: Record<string, string>;
  /** Why a part is empty, in words. */
  notes: string[];
  seconds: number;
}

/** The journey graph's summary: top pages and products, communities of products bought together, paths to purchase. */
export async function graphSummary(store: Store, options: GraphSummaryOptions = {}): Promise<GraphSummary> {
  const started = performance.now();
  const window: JourneyWindow = { ...(options.since === undefined ? {} : { since: options.since }), ...(options.until === undefined ? {} : { until: options.until }) };
  const basket = options.basket ?? 'customer';
  const journey = await loadJourneyGraph(store, window);
  const copurchase = await loadCoPurchaseGraph(store, basket, window);
  const frequent = await loadFrequentPurchasePaths(store, window, { depth: options.depth ?? 4, limit: options.top ?? 10 });
  return summariseGraphs(store, { journey, copurchase, frequent }, options, started);
}

/** The graphs a summary reads, loaded or kept live (run-graph-live.ts). */
export interface LoadedGraphs {
  journey: LoadedJourney;
  copurchase: CoPurchaseGraph;
  frequent: { reached: number; paths: FrequentPath[] };
}

/** Summarises graphs already in memory (`started`: when the work began, for `seconds`). */
export async function summariseGraphs(store: Store, graphs: LoadedGraphs, options: GraphSummaryOptions = {}, started = performance.now()): Promise<GraphSummary> {
  const { journey, copurchase, frequent } = graphs;
  const basket = options.basket ?? 'customer';
  const journeySummary = summariseJourney(journey.graph, options);
  const copurchaseSummary = summariseCoPurchases(copurchase, options);
  const paths = summarisePaths(journey.graph, frequent, options);
  const notes: string[] = [];
  if (journey.steps === 0) notes.push('no page, screen or track events with a session in the window: the journey graph is empty');
  else if (paths.sessions === 0) notes.push('no session reached Order Completed in the window: no paths to purchase');
  if (copurchase.order === 0) notes.push('no orders with products in the window: no co-purchase graph');
  else if (copurchase.size === 0) notes.push(`no ${basket} bought two different products: no communities`);
  const ids = new Set([...journeySummary.topProducts, ...journeySummary.topBetweenness].filter((n) => n.kind === 'product').map((n) => n.label));
  for (const c of copurchaseSummary.communities) for (const p of c.topProducts) ids.add(p.product);
  const productNames = await namesOf(store, [...ids]);
  return {
    window: { since: options.since ?? null, until: options.until ?? null },
    steps: journey.steps,
    sessions: journey.sessions,
    journey: journeySummary,
    copurchase: { ...copurchaseSummary, basket },
    pathsToPurchase: paths,
    productNames,
    notes,
    seconds: (performance.now() - started) / 1000,
  };
}

async function namesOf(store: Store, ids: string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const rows = await store.query<{ product_id: string; name: string }>(
    `SELECT product_id, name FROM products WHERE name IS NOT NULL AND product_id IN (${ids.map(() => '?').join(',')}) ORDER BY product_id`,
    ids,
  );
  return Object.fromEntries(rows.map((r) => [r.product_id, r.name]));
}
