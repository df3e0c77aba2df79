import type { AbstractGraph } from 'graphology-types';
import { attributeColumns, formatValue, type ColumnType } from './export-columns.js';

export interface Neo4jCsv {
  /** `id:ID,name,:LABEL,…` then one row per node. */
  nodes: string;
  /** `:START_ID,:END_ID,:TYPE,weight:double,…` then one row per edge. */
  relationships: string;
  /** The command that loads the two files into an empty database. */
  command: string;
}

export interface Neo4jOptions {
  /** A node's label (`Page`, `Product`…). */
  labelOf: (node: string, attrs: Record<string, unknown>) => string;
  /** Relationship type, e.g. `NEXT` or `BOUGHT_WITH`. */
  type: string;
  /** File names the command refers to. */
  files?: { nodes: string; relationships: string };
}

/**
 * The graph as the two CSV files `neo4j-admin database import full` reads (its header format:
 * `name:type` columns, `:ID` naming the node key, `:LABEL`, `:START_ID`/`:END_ID`/`:TYPE`).
 * The node key is kept as the `id` property and the node's `label` attribute as `name`. An
 * undirected graph's edge is written once; query it without a direction.
 */
export function toNeo4jCsv(graph: AbstractGraph, options: Neo4jOptions): Neo4jCsv {
  const nodeColumns = attributeColumns(graph, 'node', ['label']);
  const edgeColumns = attributeColumns(graph, 'edge');
  const nodes = [['id:ID', 'name', ':LABEL', ...nodeColumns.map((c) => `${c.name}:${neo4jType(c.type)}`)].join(',')];
  graph.forEachNode((node, attrs) => {
    const name = typeof attrs['label'] === 'string' ? attrs['label'] : node;
    nodes.push([node, name, options.labelOf(node, attrs), ...nodeColumns.map((c) => formatValue(attrs[c.name], c.type))].map(csvField).join(','));
  });
  const weightFirst = [...edgeColumns.filter((c) => c.name === 'weight'), ...edgeColumns.filter((c) => c.name !== 'weight')];
  // `double`, not `float`: Neo4j's float is 32-bit and counts above 16.7M would lose their last digits.
  const relationships = [[':START_ID', ':END_ID', ':TYPE', ...weightFirst.map((c) => `${c.name}:${c.name === 'weight' ? 'double' : neo4jType(c.type)}`)].join(',')];
  graph.forEachEdge((_edge, attrs, source, target) => {
    relationships.push([source, target, options.type, ...weightFirst.map((c) => formatValue(attrs[c.name], c.type))].map(csvField).join(','));
  });
  const files = options.files ?? { nodes: 'nodes.csv', relationships: 'relationships.csv' };
  return {
    nodes: `${nodes.join('\n')}\n`,
    relationships: `${relationships.join('\n')}\n`,
    command: `neo4j-admin database import full neo4j --nodes=${files.nodes} --relationships=${files.relationships}`,
  };
}

function neo4jType(type: ColumnType): string {
  return type === 'long' ? 'long' : type === 'double' ? 'double' : type === 'boolean' ? 'boolean' : 'string';
}

/** A CSV field, quoted (inner quotes doubled) when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}
