import type { AbstractGraph } from 'graphology-types';
import { attributeColumns, formatValue, type AttributeColumn } from './export-columns.js';

/**
 * The graph as GraphML, which Gephi, yEd, Cytoscape and networkx read. graphology-graphml only
 * parses, so this writes it: one `<key>` per node and edge attribute (typed; Gephi takes the
 * edge key named `weight` as the edge weight), then the nodes and edges with their `<data>`.
 */
export function toGraphml(graph: AbstractGraph): string {
  const nodeColumns = attributeColumns(graph, 'node');
  const edgeColumns = attributeColumns(graph, 'edge');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  const keyId = (of: 'n' | 'e', i: number) => `${of}${i}`;
  nodeColumns.forEach((c, i) => lines.push(`  <key id="${keyId('n', i)}" for="node" attr.name="${escapeXml(c.name)}" attr.type="${c.type}"/>`));
  edgeColumns.forEach((c, i) => lines.push(`  <key id="${keyId('e', i)}" for="edge" attr.name="${escapeXml(c.name)}" attr.type="${c.type}"/>`));
  const directed = graph.type === 'directed';
  lines.push(`  <graph id="G" edgedefault="${directed ? 'directed' : 'undirected'}">`);
  graph.forEachNode((node, attrs) => {
    lines.push(`    <node id="${escapeXml(node)}">${dataOf(attrs, nodeColumns, 'n')}</node>`);
  });
  let e = 0;
  graph.forEachEdge((_edge, attrs, source, target) => {
    lines.push(`    <edge id="e${e++}" source="${escapeXml(source)}" target="${escapeXml(target)}">${dataOf(attrs, edgeColumns, 'e')}</edge>`);
  });
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');

  function dataOf(attrs: Record<string, unknown>, columns: AttributeColumn[], of: 'n' | 'e'): string {
    return columns
      .map((c, i) => (attrs[c.name] === undefined || attrs[c.name] === null ? '' : `<data key="${keyId(of, i)}">${escapeXml(formatValue(attrs[c.name], c.type))}</data>`))
      .join('');
  }
}

/** Text safe inside an XML attribute or element; characters XML 1.0 forbids are dropped. */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
