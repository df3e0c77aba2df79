import { describe, expect, it } from 'vitest';
import { buildJourneyGraph } from './journey-graph.js';
import { frequentPathsTo, routeToTarget, topEntries } from './paths.js';

describe('routeToTarget', () => {
  // Home → Search (6 of 10 moves) → Order (1 of 6); Home → Category (4) → Product P1 (4 of 4) → Order (4 of 8).
  const graph = buildJourneyGraph(
    [{ node: 'page:Home', visits: 10, entries: 10 }],
    [
      { from: 'page:Home', to: 'page:Search', count: 6 },
      { from: 'page:Search', to: 'event:Order Completed', count: 1 },
      { from: 'page:Search', to: 'page:Home', count: 5 },
      { from: 'page:Home', to: 'page:Category', count: 4 },
      { from: 'page:Category', to: 'product:P1', count: 4 },
      { from: 'product:P1', to: 'event:Order Completed', count: 4 },
      { from: 'product:P1', to: 'page:Home', count: 4 },
    ],
  );

  it('takes the most likely route (0.4·1·0.5 = 0.2) over the shortest (0.6·1/6 = 0.1)', () => {
    const route = routeToTarget(graph, 'page:Home');
    expect(route.mostLikely!.path).toEqual(['page:Home', 'page:Category', 'product:P1', 'event:Order Completed']);
    expect(route.mostLikely!.probability).toBeCloseTo(0.2, 12);
    expect(route.fewestSteps).toEqual(['page:Home', 'page:Search', 'event:Order Completed']);
  });

  it('answers null when there is no route or no such node', () => {
    expect(routeToTarget(graph, 'event:Order Completed', 'page:Search').mostLikely).toBeNull();
    expect(routeToTarget(graph, 'page:Nowhere')).toEqual({ from: 'page:Nowhere', mostLikely: null, fewestSteps: null });
    expect(topEntries(graph, 3)).toEqual([{ node: 'page:Home', entries: 10 }]);
  });
});

describe('frequentPathsTo', () => {
  it('counts the last steps before the first purchase, products taken together', () => {
    const result = frequentPathsTo(
      [
        ['page:Home', 'product:P1', 'event:Product Added', 'event:Order Completed', 'page:Home'],
        ['page:Search', 'product:P2', 'product:P3', 'event:Product Added', 'event:Order Completed'],
        ['page:Home', 'product:P9', 'event:Product Added', 'event:Order Completed', 'event:Order Completed'],
        ['page:Home', 'page:Cart'],
      ],
      'event:Order Completed',
      { depth: 2 },
    );
    expect(result.reached).toBe(3);
    expect(result.paths).toEqual([
      { path: ['product:*', 'event:Product Added', 'event:Order Completed'], sessions: 3, share: 1 },
    ]);
    const deeper = frequentPathsTo([['page:Home', 'product:P1', 'event:Order Completed'], ['page:Search', 'product:P1', 'event:Order Completed']], undefined, { depth: 5 });
    expect(deeper.paths.map((p) => p.sessions)).toEqual([1, 1]);
    expect(frequentPathsTo([], undefined)).toEqual({ reached: 0, paths: [] });
  });
});
