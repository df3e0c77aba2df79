import { UndirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { betweenness, pageRanks, transitionCost } from './centrality.js';
import { buildJourneyGraph, type JourneyTransition } from './journey-graph.js';
import { seededRandom } from './graphology.js';

function journey(transitions: [string, string, number][]) {
  const moves: JourneyTransition[] = transitions.map(([from, to, count]) => ({ from, to, count }));
  return buildJourneyGraph([], moves);
}

describe('pageRanks', () => {
  it('matches the hand-solved equations of a weighted three-node graph', () => {
    // a→b (2), a→c (1), b→c (1), c→a (1); alpha 0.85, N 3, no dangling node, so
    //   x_a = 0.05 + 0.85·x_c
    //   x_b = 0.05 + 0.85·(2/3)·x_a
    //   x_c = 0.05 + 0.85·(1/3)·x_a + 0.85·x_b
    // Substituting: x_c = 0.0925 + 0.765·x_a, then x_a = 0.128625 + 0.65025·x_a → x_a = 0.128625 / 0.34975.
    const pr = pageRanks(journey([['a', 'b', 2], ['a', 'c', 1], ['b', 'c', 1], ['c', 'a', 1]]));
    const xa = 0.128625 / 0.34975;
    expect(pr['a']).toBeCloseTo(xa, 8);
    expect(pr['b']).toBeCloseTo(0.05 + 0.85 * (2 / 3) * xa, 8);
    expect(pr['c']).toBeCloseTo(0.0925 + 0.765 * xa, 8);
    expect(pr['a']! + pr['b']! + pr['c']!).toBeCloseTo(1, 10);
  });

  it('spreads a dead end evenly, as the closed form says', () => {
    // a→b only; b has no way out, so its rank jumps anywhere: x_a = 0.075 + 0.425·x_b, x_a + x_b = 1
    // → 1.425·x_a = 0.5.
    const pr = pageRanks(journey([['a', 'b', 5]]));
    expect(pr['a']).toBeCloseTo(0.5 / 1.425, 8);
    expect(pr['b']).toBeCloseTo(1 - 0.5 / 1.425, 8);
  });

  it('agrees with a plain power iteration on a random weighted graph', () => {
    const random = seededRandom(3);
    const edges: [string, string, number][] = [];
    for (let i = 0; i < 60; i++) {
      const a = `n${Math.floor(random() * 12)}`;
      const b = `n${Math.floor(random() * 12)}`;
      if (a !== b) edges.push([a, b, 1 + Math.floor(random() * 5)]);
    }
    const graph = journey(edges);
    const pr = pageRanks(graph);
    const nodes = graph.nodes();
    const n = nodes.length;
    let x = new Map(nodes.map((v) => [v, 1 / n]));
    for (let it = 0; it < 300; it++) {
      const next = new Map(nodes.map((v) => [v, 0.15 / n]));
      for (const v of nodes) {
        const out = graph.outEdges(v);
        const total = out.reduce((s, e) => s + graph.getEdgeAttribute(e, 'weight'), 0);
        if (total === 0) for (const u of nodes) next.set(u, next.get(u)! + (0.85 * x.get(v)!) / n);
        for (const e of out) next.set(graph.target(e), next.get(graph.target(e))! + (0.85 * x.get(v)! * graph.getEdgeAttribute(e, 'weight')) / total);
      }
      x = next;
    }
    for (const v of nodes) expect(pr[v]).toBeCloseTo(x.get(v)!, 8);
  });

  it('walks an undirected edge both ways', () => {
    // A star: c joined to a and b. x_c = 0.05 + 0.85·(x_a + x_b), x_a = x_b = 0.05 + 0.85·x_c/2
    // → x_c = 0.135 + 0.7225·x_c = 0.135 / 0.2775.
    const g = new UndirectedGraph<object, { weight: number }>();
    g.mergeEdge('c', 'a', { weight: 1 });
    g.mergeEdge('c', 'b', { weight: 1 });
    const pr = pageRanks(g);
    expect(pr['c']).toBeCloseTo(0.135 / 0.2775, 8);
    expect(pr['a']).toBeCloseTo((1 - 0.135 / 0.2775) / 2, 8);
  });
});

describe('betweenness', () => {
  it('counts the middle of a chain: b lies on the only path a→c (1 of (n−1)(n−2) = 2 ordered pairs)', () => {
    const result = betweenness(journey([['a', 'b', 3], ['b', 'c', 1]]));
    expect(result.method).toBe('exact');
    expect(result.values).toEqual({ a: 0, b: 0.5, c: 0 });
  });

  it('follows the most likely route, not the fewest moves', () => {
    // From s, t is reached directly (1 of 10 moves) or through m (9 of 10, then m→t always):
    // via m has probability 0.9 against 0.1, so m carries the pair (s, t).
    const result = betweenness(journey([['s', 't', 1], ['s', 'm', 9], ['m', 't', 4]]));
    expect(result.values['m']).toBeCloseTo(0.5, 12);
    expect(result.values['t']).toBe(0);
  });

  it('estimates from sampled sources: all sources equal exact, a sample comes close on a larger graph', async () => {
    const random = seededRandom(11);
    const edges: [string, string, number][] = [];
    for (let i = 0; i < 2000; i++) {
      const a = `n${Math.floor(random() * 300)}`;
      const b = `n${Math.floor(random() * 300)}`;
      if (a !== b) edges.push([a, b, 1 + Math.floor(random() * 9)]);
    }
    const graph = journey(edges);
    const exact = betweenness(graph);
    // graphology-metrics' own exact betweenness over the same lengths agrees.
    const { default: library } = await import('graphology-metrics/centrality/betweenness.js');
    const reference = (library as unknown as typeof library.default)(graph, { getEdgeWeight: transitionCost(graph) });
    for (const node of graph.nodes()) expect(exact.values[node]).toBeCloseTo(reference[node]!, 12);

    const all = betweenness(graph, { exactUpTo: 10, samples: graph.order });
    expect(all.method).toBe('sampled');
    for (const node of graph.nodes()) expect(all.values[node]).toBeCloseTo(exact.values[node]!, 12);

    const sampled = betweenness(graph, { exactUpTo: 10, samples: 150, seed: 2 });
    expect(sampled.sources).toBe(150);
    const top = (values: Record<string, number>) => Object.entries(values).sort((x, y) => y[1] - x[1]).slice(0, 10).map(([n]) => n);
    const overlap = top(sampled.values).filter((n) => top(exact.values).includes(n)).length;
    expect(overlap).toBeGreaterThanOrEqual(7);
    const sum = (values: Record<string, number>) => Object.values(values).reduce((s, v) => s + v, 0);
    expect(sum(sampled.values) / sum(exact.values)).toBeGreaterThan(0.85);
    expect(sum(sampled.values) / sum(exact.values)).toBeLessThan(1.15);
  });
});
