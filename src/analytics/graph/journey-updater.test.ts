import { describe, expect, it } from 'vitest';
import { seededRandom } from './graphology.js';
import { buildJourneyGraph, journeyNodeKind, type JourneyGraph, type JourneyNodeCount, type JourneyStep, type JourneyTransition } from './journey-graph.js';
import { JourneyGraphUpdater } from './journey-updater.js';

const NODES = ['page:Home', 'page:Category', 'page:Product', 'product:P1', 'product:P2', 'event:Product Added', 'page:Cart', 'event:Order Completed'];

/** Random sessions, each a list of steps in time order, interleaved into one stream by a random clock. */
function stream(seed: number, sessions: number): JourneyStep[] {
  const random = seededRandom(seed);
  const timed: { t: number; step: JourneyStep }[] = [];
  for (let s = 0; s < sessions; s++) {
    let t = random() * 1000;
    const length = 1 + Math.floor(random() * 12);
    for (let i = 0; i < length; i++) {
      timed.push({ t, step: { session: `s${s}`, node: NODES[Math.floor(random() * NODES.length)]! } });
      t += random() * 30;
    }
  }
  return timed.sort((a, b) => a.t - b.t).map((x) => x.step);
}

/** What the store's query computes over all events at once: LEAD over each session, repeats dropped. */
function fullBuild(steps: JourneyStep[]): JourneyGraph {
  const bySession = new Map<string, string[]>();
  for (const s of steps) bySession.set(s.session, [...(bySession.get(s.session) ?? []), s.node]);
  const nodes = new Map<string, JourneyNodeCount>();
  const moves = new Map<string, JourneyTransition>();
  for (const sequence of bySession.values()) {
    sequence.forEach((node, i) => {
      const n = nodes.get(node) ?? { node, visits: 0, entries: 0 };
      n.visits++;
      if (i === 0) n.entries++;
      nodes.set(node, n);
      const next = sequence[i + 1];
      if (next === undefined || next === node) return;
      const m = moves.get(`${node}>${next}`) ?? { from: node, to: next, count: 0 };
      m.count++;
      moves.set(`${node}>${next}`, m);
    });
  }
  return buildJourneyGraph([...nodes.values()], [...moves.values()]);
}

export function canonicalJourney(graph: JourneyGraph) {
  return {
    nodes: graph.mapNodes((n, a) => `${n} ${a.kind} ${a.label} v${a.visits} e${a.entries}`).sort(),
    edges: graph.mapEdges((_e, a, s, t) => `${s}>${t} ${a.weight}`).sort(),
  };
}

describe('JourneyGraphUpdater', () => {
  it('fed in batches, ends with the graph a full rebuild gives', () => {
    const steps = stream(1, 300);
    const updater = new JourneyGraphUpdater();
    let moves = 0;
    for (let i = 0; i < steps.length; i += 50) moves += updater.addSteps(steps.slice(i, i + 50)).moves;
    const full = fullBuild(steps);
    expect(canonicalJourney(updater.graph)).toEqual(canonicalJourney(full));
    expect(moves).toBe(full.reduceEdges((s, _e, a) => s + a.weight, 0));
    expect(updater.sessions).toBe(300);
  });

  it('extends a session it resumes from where it stood, and counts a reload as no move', () => {
    const graph = buildJourneyGraph([{ node: 'page:Home', visits: 1, entries: 1 }], []);
    const updater = new JourneyGraphUpdater(graph);
    updater.resume('s1', 'page:Home');
    const update = updater.addSteps([
      { session: 's1', node: 'page:Cart' },
      { session: 's1', node: 'page:Cart' },
      { session: 's1', node: 'event:Order Completed' },
      { session: 's2', node: 'page:Cart' },
    ]);
    expect(update).toEqual({ steps: 4, moves: 2, newSessions: 1 });
    expect(graph.getEdgeAttribute('page:Home', 'page:Cart', 'weight')).toBe(1);
    expect(graph.getNodeAttributes('page:Cart')).toEqual({ kind: 'page', label: 'Cart', visits: 3, entries: 1 });
    expect(graph.getNodeAttribute('page:Home', 'entries')).toBe(1);
    updater.forget(['s1']);
    expect(updater.sessions).toBe(1);
  });

  it('reads a node key\'s kind and label', () => {
    expect(journeyNodeKind('product:P1')).toBe('product');
    expect(journeyNodeKind('event:Order Completed')).toBe('event');
    expect(buildJourneyGraph([{ node: 'page:a:b', visits: 1, entries: 0 }], []).getNodeAttribute('page:a:b', 'label')).toBe('a:b');
  });
});
