import { addJourneyMoves, emptyJourneyGraph, ensureJourneyNode, type JourneyGraph, type JourneyStep } from './journey-graph.js';

export interface JourneyUpdate {
  steps: number;
  /** Moves added (steps that changed node within a session). */
  moves: number;
  /** Sessions seen for the first time. */
  newSessions: number;
}

/**
 * Keeps a journey graph current as events arrive, without rebuilding it: each session's last
 * node is remembered, so a new event extends its session's path by one move. Fed the same steps
 * in any number of batches (each session's steps in time order), it ends with the graph a full
 * build over all of them gives.
 *
 * A late event (older than the session's last one seen) is taken as the session's newest step;
 * the graph then differs from a rebuild by that move, which is why the store's loader orders
 * each batch by time; where late events are common, rebuild from time to time.
 */
export class JourneyGraphUpdater {
  readonly graph: JourneyGraph;
  private readonly lastNode = new Map<string, string>();

  constructor(graph: JourneyGraph = emptyJourneyGraph()) {
    this.graph = graph;
  }

  /** Sessions the updater is following. */
  get sessions(): number {
    return this.lastNode.size;
  }

  /** Whether the updater knows where `session` stands. */
  follows(session: string): boolean {
    return this.lastNode.has(session);
  }

  /** Where a session already stands, for a session whose earlier steps are in the graph but not in this updater. */
  resume(session: string, node: string): void {
    this.lastNode.set(session, node);
  }

  /** Stops following sessions that cannot grow any more (ended), to bound memory. */
  forget(sessions: Iterable<string>): void {
    for (const s of sessions) this.lastNode.delete(s);
  }

  addSteps(steps: Iterable<JourneyStep>): JourneyUpdate {
    const update: JourneyUpdate = { steps: 0, moves: 0, newSessions: 0 };
    for (const step of steps) {
      update.steps++;
      const attrs = ensureJourneyNode(this.graph, step.node);
      attrs.visits++;
      const last = this.lastNode.get(step.session);
      if (last === undefined) {
        attrs.entries++;
        update.newSessions++;
      } else if (last !== step.node) {
        addJourneyMoves(this.graph, last, step.node, 1);
        update.moves++;
      }
      this.lastNode.set(step.session, step.node);
    }
    return update;
  }
}
