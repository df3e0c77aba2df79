/**
 * graphology's algorithm packages are CommonJS with `export default` in their type files: under
 * NodeNext TypeScript types a default import as the whole module, while Node hands over
 * `module.exports` (the function itself). These casts give the functions their real types, once.
 */
import louvainModule from 'graphology-communities-louvain';
import pagerankModule from 'graphology-metrics/centrality/pagerank.js';
import modularityModule from 'graphology-metrics/graph/modularity.js';

export const louvain = louvainModule as unknown as typeof louvainModule.default;
export const pagerank = pagerankModule as unknown as typeof pagerankModule.default;
export const modularity = modularityModule as unknown as typeof modularityModule.default;

/** A small seeded generator (mulberry32), so that Louvain and sampling give the same answer twice. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
