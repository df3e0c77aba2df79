import type { AbstractGraph } from 'graphology-types';
import { write } from 'graphology-gexf';

/**
 * The graph as GEXF 1.3 (graphology-gexf), the format Gephi opens natively: `label` becomes the
 * node's label, `weight` the edge's weight, every other attribute a typed GEXF attribute.
 */
export function toGexf(graph: AbstractGraph): string {
  return write(graph, { version: '1.3', pretty: true });
}
