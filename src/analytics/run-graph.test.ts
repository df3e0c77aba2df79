import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallShop } from '../../test/small-shop.js';
import { builtInSources, importFiles } from '../ingest/index.js';
import { openStore, type Store } from '../store/index.js';
import { CoPurchaseUpdater, type CoPurchaseGraph } from './graph/copurchase.js';
import { JourneyGraphUpdater } from './graph/journey-updater.js';
import type { JourneyGraph } from './graph/journey-graph.js';
import { graphSummary } from './run-graph-summary.js';
import { LiveGraph } from './run-graph-live.js';
import { frequentPathsTo } from './graph/paths.js';
import { loadCoPurchaseGraph, loadFrequentPurchasePaths, loadJourneyGraph, loadPurchaseSequences, updateCoPurchaseGraph, updateJourneyGraph } from './run-graph.js';

const SECRET = Buffer.alloc(32, 9);

function canonical(graph: JourneyGraph) {
  return {
    nodes: graph.mapNodes((n, a) => `${n} v${a.visits} e${a.entries}`).sort(),
    edges: graph.mapEdges((_e, a, s, t) => `${s}>${t} ${a.weight}`).sort(),
  };
}

function canonicalProducts(graph: CoPurchaseGraph) {
  return {
    nodes: graph.mapNodes((n, a) => `${n} ${a.label} b${a.buyers}`).sort(),
    edges: graph.mapEdges((_e, a, s, t) => `${[s, t].sort().join('-')} ${a.weight}`).sort(),
  };
}

describe('journey graph from hand-made events', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ location: ':memory:', secret: SECRET.toString('hex') });
    // Session s1: Home, Home (reload), product P1 page then its Product Viewed (one node), Product Added, Order Completed.
    // Session s2 (app): Home screen, product screen P2, Order Completed, Home. An identify call and an event without a session are no steps.
    const events: [string, string, string, string | null, string | null, string | null][] = [
      ['e1', '2026-03-01 10:00:00', 'page', 'Home', 's1', '{"path":"/"}'],
      ['e2', '2026-03-01 10:01:00', 'page', 'Home', 's1', '{"path":"/"}'],
      ['e3', '2026-03-01 10:02:00', 'page', null, 's1', '{"path":"/p/tea","product_id":"P1"}'],
      ['e4', '2026-03-01 10:02:00', 'track', 'Product Viewed', 's1', '{"product_id":"P1"}'],
      ['e5', '2026-03-01 10:03:00', 'track', 'Product Added', 's1', '{"product_id":"P1"}'],
      ['e6', '2026-03-01 10:04:00', 'track', 'Order Completed', 's1', '{"order_id":"o1"}'],
      ['e7', '2026-03-01 10:04:30', 'identify', null, 's1', null],
      ['f1', '2026-03-02 09:00:00', 'screen', 'Home', 's2', '{}'],
      ['f2', '2026-03-02 09:01:00', 'screen', 'Product Detail', 's2', '{"product_id":"P2"}'],
      ['f3', '2026-03-02 09:02:00', 'track', 'Order Completed', 's2', '{"order_id":"o2"}'],
      ['f4', '2026-03-02 09:03:00', 'screen', 'Home', 's2', '{}'],
      ['g1', '2026-03-02 09:03:00', 'page', 'Home', null, '{}'],
    ];
    for (const [id, ts, type, name, session, props] of events) {
      await store.execute(
        `INSERT INTO events (event_id, ts, received_at, type, name, session_id, source, properties) VALUES (?, ?::TIMESTAMP, ?::TIMESTAMP, ?, ?, ?, 'test', ?::JSON)`,
        [id, ts, ts, type, name, session, props],
      );
    }
    // Customers c1 {P1, P2} over two orders, c2 {P1, P2, P3} in one order, c3 {P3} and a returned P4.
    await store.exec(`
      INSERT INTO orders (order_id, customer_id, ts, kind, revenue, currency, source) VALUES
        ('o1', 'c1', '2026-03-01', 'order', 10, 'EUR', 't'), ('o3', 'c1', '2026-03-05', 'order', 10, 'EUR', 't'),
        ('o2', 'c2', '2026-03-02', 'order', 30, 'EUR', 't'), ('o4', 'c3', '2026-03-03', 'order', 5, 'EUR', 't'),
        ('r1', 'c3', '2026-03-04', 'return', -5, 'EUR', 't');
      INSERT INTO order_items (line_key, order_id, product_id, quantity, price, source) VALUES
        ('1', 'o1', 'P1', 1, 10, 't'), ('2', 'o3', 'P2', 1, 10, 't'),
        ('3', 'o2', 'P1', 1, 10, 't'), ('4', 'o2', 'P2', 1, 10, 't'), ('5', 'o2', 'P3', 1, 10, 't'),
        ('6', 'o4', 'P3', 1, 5, 't'), ('7', 'r1', 'P4', 1, 5, 't');
      INSERT INTO products (product_id, name, source) VALUES ('P1', 'Green tea', 't');
    `);
  });
  afterAll(async () => store.close());

  it('maps events to nodes and counts moves per session, repeats and non-steps left out', async () => {
    const { graph, steps, sessions } = await loadJourneyGraph(store);
    expect(steps).toBe(10);
    expect(sessions).toBe(2);
    expect(canonical(graph)).toEqual({
      nodes: ['event:Order Completed v2 e0', 'event:Product Added v1 e0', 'page:Home v4 e2', 'product:P1 v2 e0', 'product:P2 v1 e0'].sort(),
      edges: [
        'event:Order Completed>page:Home 1',
        'event:Product Added>event:Order Completed 1',
        'page:Home>product:P1 1',
        'page:Home>product:P2 1',
        'product:P1>event:Product Added 1',
        'product:P2>event:Order Completed 1',
      ].sort(),
    });
    expect((await loadJourneyGraph(store, { since: '2026-03-02' })).sessions).toBe(1);
    expect(await loadPurchaseSequences(store)).toEqual([
      ['page:Home', 'page:Home', 'product:P1', 'product:P1', 'event:Product Added', 'event:Order Completed'],
      ['page:Home', 'product:P2', 'event:Order Completed'],
    ]);
  });

  it('counts co-purchases per customer or per order, returns left out', async () => {
    const byCustomer = await loadCoPurchaseGraph(store, 'customer');
    expect(byCustomer.getEdgeAttribute('P1', 'P2', 'weight')).toBe(2); // c1 across two orders, c2
    expect(byCustomer.getEdgeAttribute('P2', 'P3', 'weight')).toBe(1);
    expect(byCustomer.hasNode('P4')).toBe(false);
    expect(byCustomer.getNodeAttributes('P3')).toEqual({ label: 'P3', buyers: 2 });
    expect(byCustomer.getNodeAttribute('P1', 'label')).toBe('Green tea');
    const byOrder = await loadCoPurchaseGraph(store, 'order');
    expect(byOrder.getEdgeAttribute('P1', 'P2', 'weight')).toBe(1);
  });

  it('summarises an empty window with notes, not NaN', async () => {
    const summary = await graphSummary(store, { since: '2030-01-01' });
    expect(summary.notes).toEqual([
      'no page, screen or track events with a session in the window: the journey graph is empty',
      'no orders with products in the window: no co-purchase graph',
    ]);
    expect(JSON.stringify(summary)).not.toMatch(/NaN|null,"until"/);
    expect(summary.journey.topPages).toEqual([]);
  });
});

describe('journey graph on a generated shop', () => {
  let store: Store;
  let cleanup = () => {};
  beforeAll(async () => {
    const shop = await smallShop(200, 30);
    cleanup = shop.cleanup;
    store = await openStore({ location: ':memory:', secret: SECRET.toString('hex') });
    for (const [file, source] of [['events.jsonl', 'segment'], ['pos_orders.csv', 'shop-pos']] as const) {
      await importFiles(store, { files: [join(shop.dir, file)], source: builtInSources.get(source)!, secret: SECRET });
    }
    // One import gives every event the same received_at: spread them as if they had arrived live.
    await store.exec('UPDATE events SET received_at = ts');
  }, 120_000);
  afterAll(async () => {
    await store.close();
    cleanup();
  });

  it('updated incrementally in three batches, equals the full rebuild', async () => {
    const [bounds] = await store.query<{ a: string; b: string; c: string }>(
      `SELECT quantile_disc(received_at, 0.4)::VARCHAR AS a, quantile_disc(received_at, 0.7)::VARCHAR AS b, max(received_at)::VARCHAR AS c FROM events`,
    );
    const base = await loadJourneyGraph(store, { receivedUpTo: bounds!.a });
    const updater = new JourneyGraphUpdater(base.graph);
    const first = await updateJourneyGraph(store, updater, bounds!.a, bounds!.b);
    const second = await updateJourneyGraph(store, updater, bounds!.b);
    const full = await loadJourneyGraph(store);
    expect(first.steps).toBeGreaterThan(1000);
    expect(base.steps + first.steps + second.steps).toBe(full.steps);
    // Sessions that spanned a cut were resumed, not started again.
    expect(base.sessions + first.newSessions + second.newSessions).toBe(full.sessions);
    expect(canonical(updater.graph)).toEqual(canonical(full.graph));
    expect((await updateJourneyGraph(store, updater, bounds!.c)).steps).toBe(0);
  });

  it('co-purchases of later orders added to the graph of earlier ones equal the full build', async () => {
    for (const basket of ['customer', 'order'] as const) {
      const [mid] = await store.query<{ day: string }>(`SELECT quantile_disc(ts, 0.5)::VARCHAR AS day FROM orders WHERE kind = 'order'`);
      const updater = new CoPurchaseUpdater(await loadCoPurchaseGraph(store, basket, { until: mid!.day }));
      const update = await updateCoPurchaseGraph(store, updater, mid!.day, basket);
      const full = await loadCoPurchaseGraph(store, basket);
      expect(update.lines).toBeGreaterThan(20);
      expect(canonicalProducts(updater.graph)).toEqual(canonicalProducts(full));
      if (basket === 'customer') expect(update.newPairs).toBeGreaterThan(0);
    }
  });

  it('counts the most frequent paths to purchase in SQL as frequentPathsTo does over the sessions', async () => {
    for (const depth of [2, 4, 6]) {
      const inSql = await loadFrequentPurchasePaths(store, {}, { depth, limit: 1000 });
      const inJs = frequentPathsTo(await loadPurchaseSequences(store), undefined, { depth, limit: 1000 });
      expect(inSql.reached).toBeGreaterThan(10);
      expect(inSql).toEqual(inJs);
    }
  });

  it('summarises: PageRank, betweenness, communities and paths to purchase', async () => {
    const summary = await graphSummary(store, { top: 5 });
    expect(summary.notes).toEqual([]);
    expect(summary.journey.topPages.length).toBe(5);
    expect(summary.journey.topProducts.length).toBe(5);
    expect(summary.journey.betweenness.method).toBe('exact');
    const ranks = summary.journey.topPages.map((p) => p.pagerank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    expect(summary.copurchase.modularity).toBeGreaterThan(0);
    expect(summary.copurchase.communities[0]!.size).toBeGreaterThanOrEqual(summary.copurchase.communities.at(-1)!.size);
    expect(summary.pathsToPurchase.sessions).toBeGreaterThan(10);
    expect(summary.pathsToPurchase.mostFrequent[0]!.path.at(-1)).toBe('event:Order Completed');
    expect(summary.pathsToPurchase.routes[0]!.mostLikely!.probability).toBeGreaterThan(0);
    expect(JSON.stringify(summary)).not.toMatch(/NaN/);
  }, 60_000);

  it('kept live: built once, then brought up to date with later events and orders, it summarises as a full build does', async () => {
    // Take the later half of the events and orders out, as if they had not arrived yet.
    const [mid] = await store.query<{ t: string }>('SELECT quantile_disc(received_at, 0.5)::VARCHAR AS t FROM events');
    await store.exec(`
      CREATE TEMP TABLE later_events AS SELECT * FROM events WHERE received_at > '${mid!.t}';
      DELETE FROM events WHERE received_at > '${mid!.t}';
      CREATE TEMP TABLE later_orders AS SELECT * FROM orders WHERE ts > '${mid!.t}';
      CREATE TEMP TABLE later_items AS SELECT * FROM order_items WHERE order_id IN (SELECT order_id FROM later_orders);
      DELETE FROM order_items WHERE order_id IN (SELECT order_id FROM later_orders);
      DELETE FROM orders WHERE order_id IN (SELECT order_id FROM later_orders);`);
    let clock = 0;
    const live = new LiveGraph(store, { now: () => clock });
    expect((await live.refresh()).mode).toBe('build');
    const before = await live.summary({ top: 5 });
    expect(await live.summary({ top: 5 })).toMatchObject({ steps: before.steps, journey: before.journey });
    expect((await live.refresh()).mode).toBe('none');
    // They arrive.
    await store.exec(`
      INSERT INTO events SELECT * FROM later_events; INSERT INTO orders SELECT * FROM later_orders;
      INSERT INTO order_items SELECT * FROM later_items;`);
    clock = 60_000;
    const update = await live.refresh();
    expect(update.mode).toBe('update');
    expect(update.steps).toBeGreaterThan(1000);
    expect(update.lines).toBeGreaterThan(10);
    const { seconds: _a, ...kept } = await live.summary({ top: 5 });
    const { seconds: _b, ...full } = await graphSummary(store, { top: 5 });
    expect(kept.steps).toBeGreaterThan(before.steps);
    // Equal up to the order floating-point sums were taken in.
    const rounded = (x: object) => JSON.parse(JSON.stringify(x, (_k, v: unknown) => (typeof v === 'number' ? +v.toPrecision(10) : v))) as unknown;
    // A shortest route is one of several of the same length: the edge order picks it.
    const comparable = (x: typeof full) => rounded({
      ...x, copurchase: null, productNames: null,
      pathsToPurchase: { ...x.pathsToPurchase, routes: x.pathsToPurchase.routes.map((r) => ({ ...r, fewestSteps: r.fewestSteps?.length })) },
    });
    expect(comparable(kept)).toEqual(comparable(full));
    // The same co-purchase graph; Louvain's communities depend on the order products were added, so
    // only their quality is compared.
    expect([kept.copurchase.products, kept.copurchase.pairs]).toEqual([full.copurchase.products, full.copurchase.pairs]);
    expect(kept.copurchase.modularity).toBeCloseTo(full.copurchase.modularity, 1);
    // An hour on, it builds again from the store.
    clock = 3_600_000;
    expect((await live.refresh()).mode).toBe('build');
  }, 120_000);
});
