import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import type { AbstractGraph } from 'graphology-types';
import type { Store } from '../store/index.js';
import { toGexf } from './graph/export-gexf.js';
import { toGraphml } from './graph/export-graphml.js';
import { toNeo4jCsv } from './graph/export-neo4j.js';
import { summariseCoPurchases, summariseJourney } from './graph/summary.js';
import { loadCoPurchaseGraph, loadJourneyGraph, type Basket } from './run-graph.js';

export const GRAPH_FORMATS = ['gexf', 'graphml', 'neo4j'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];
export const GRAPH_KINDS = ['journey', 'copurchase'] as const;
export type GraphKind = (typeof GRAPH_KINDS)[number];

export interface GraphExportOptions {
  format: GraphFormat;
  graph: GraphKind;
  /** A file (`.gexf`, `.graphml`) or a folder (for neo4j always a folder). */
  out: string;
  basket?: Basket;
  since?: string;
  until?: string;
}

export interface GraphExportResult {
  graph: GraphKind;
  format: GraphFormat;
  files: string[];
  nodes: number;
  edges: number;
  /** For neo4j: the command that loads the files. */
  command?: string;
}

const LABELS: Record<string, string> = { page: 'Page', product: 'Product', event: 'Event' };

/**
 * Writes the journey or co-purchase graph, with PageRank and betweenness (journey) or community
 * and PageRank (co-purchase) on its nodes, as GEXF or GraphML for Gephi, or as the node and
 * relationship CSV files of `neo4j-admin database import`.
 */
export async function exportGraph(store: Store, options: GraphExportOptions): Promise<GraphExportResult> {
  const window = { ...(options.since === undefined ? {} : { since: options.since }), ...(options.until === undefined ? {} : { until: options.until }) };
  let graph: AbstractGraph;
  if (options.graph === 'journey') {
    const loaded = await loadJourneyGraph(store, window);
    summariseJourney(loaded.graph);
    graph = loaded.graph as unknown as AbstractGraph;
  } else {
    const loaded = await loadCoPurchaseGraph(store, options.basket ?? 'customer', window);
    summariseCoPurchases(loaded);
    graph = loaded as unknown as AbstractGraph;
  }
  const result: GraphExportResult = { graph: options.graph, format: options.format, files: [], nodes: graph.order, edges: graph.size };
  if (options.format === 'neo4j') {
    await mkdir(options.out, { recursive: true });
    const files = { nodes: join(options.out, 'nodes.csv'), relationships: join(options.out, 'relationships.csv') };
    const csv = toNeo4jCsv(graph, {
      labelOf: (node, attrs) => (options.graph === 'copurchase' ? 'Product' : (LABELS[String(attrs['kind'])] ?? 'Event')),
      type: options.graph === 'journey' ? 'NEXT' : 'BOUGHT_WITH',
      files,
    });
    await writeFile(files.nodes, csv.nodes);
    await writeFile(files.relationships, csv.relationships);
    return { ...result, files: [files.nodes, files.relationships], command: csv.command };
  }
  const file = await fileFor(options.out, `${options.graph}.${options.format}`);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, options.format === 'gexf' ? toGexf(graph) : toGraphml(graph));
  return { ...result, files: [file] };
}

/** `out` itself when it names a file; `out/name` when it is a folder (existing, or without an extension). */
async function fileFor(out: string, name: string): Promise<string> {
  const isDir = await stat(out).then((s) => s.isDirectory(), () => false);
  return isDir || extname(out) === '' ? join(out, name) : out;
}
