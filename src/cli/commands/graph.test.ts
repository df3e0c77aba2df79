import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DirectedGraph, UndirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { tempDir } from '../../../test/temp.js';
import type { GraphSummary } from '../../analytics/index.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const db = join(tmp.dir, 'shop.duckdb');
const shop = join(tmp.dir, 'shop');

beforeAll(async () => {
  const generated = await runCli('generate', '--customers', '300', '--days', '60', '--seed', '5', '--out', shop);
  expect(generated.code, generated.stderr).toBe(0);
  for (const [file, source] of [['events.jsonl', 'segment'], ['pos_orders.csv', 'shop-pos'], ['products.csv', join(shop, 'mappings', 'products.json')]]) {
    const imported = await runCli('--db', db, 'import', join(shop, file!), '--source', source!);
    expect(imported.code, imported.stderr).toBe(0);
  }
}, 180_000);

describe('cairn graph', () => {
  it('summarises a generated shop: PageRank, betweenness, communities, paths to purchase', async () => {
    const r = await runCli('--db', db, '--json', 'graph', '--top', '5');
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as GraphSummary;
    expect(s.notes).toEqual([]);
    expect(s.sessions).toBeGreaterThan(500);
    expect(s.journey.topPages).toHaveLength(5);
    expect(s.journey.topProducts.every((p) => p.kind === 'product' && p.pagerank > 0)).toBe(true);
    expect(s.journey.betweenness).toEqual({ method: 'exact', sources: s.journey.nodes });
    expect(s.copurchase.basket).toBe('customer');
    expect(s.copurchase.modularity).toBeGreaterThan(0.3);
    expect(s.copurchase.communities.length).toBeGreaterThan(1);
    expect(s.pathsToPurchase.mostFrequent[0]!.path.at(-1)).toBe('event:Order Completed');
    expect(s.pathsToPurchase.routes.length).toBeGreaterThan(0);
    // Every purchase in the shop's web and app sessions leaves an Order Completed event.
    const sql = await runCli('--db', db, '--json', 'sql', `SELECT count(DISTINCT coalesce(session_key, session_id))::INTEGER AS n FROM events WHERE name = 'Order Completed'`);
    expect(s.pathsToPurchase.sessions).toBe((JSON.parse(sql.stdout) as { rows: { n: number }[] }).rows[0]!.n);

    const human = await runCli('--db', db, 'graph', 'summary', '--top', '3', '--basket', 'order');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^Journey graph · [\d,]+ steps in [\d,]+ sessions/);
    expect(human.stdout).toMatch(/Top pages by PageRank\n {3}1\. \S/);
    expect(human.stdout).toMatch(/Products bought together \(per order\): [\d,]+ products, [\d,]+ pairs, \d+ communities listed, modularity \d\.\d{3}/);
    expect(human.stdout).toMatch(/Paths to purchase: [\d,]+ sessions reached Order Completed\n +\d+% \(\d+\) {2}.* → Order Completed/);
  }, 60_000);

  it('exports GEXF, GraphML and Neo4j import files that parse and carry the metrics', async () => {
    const gexf = await runCli('--db', db, '--json', 'graph', 'export', '--format', 'gexf', '--out', join(tmp.dir, 'out', 'journey.gexf'));
    expect(gexf.code, gexf.stderr).toBe(0);
    const g = parseGexf(DirectedGraph, readFileSync(join(tmp.dir, 'out', 'journey.gexf'), 'utf8'));
    expect(g.order).toBe((JSON.parse(gexf.stdout) as { nodes: number }).nodes);
    expect(g.getNodeAttribute('page:Home', 'pagerank')).toBeGreaterThan(0);
    expect(typeof g.getNodeAttribute('page:Home', 'betweenness')).toBe('number');

    const graphml = await runCli('--db', db, 'graph', 'export', '--format', 'graphml', '--graph', 'copurchase', '--out', join(tmp.dir, 'out'));
    expect(graphml.code, graphml.stderr).toBe(0);
    expect(graphml.stdout).toMatch(/Wrote the copurchase graph \([\d,]+ nodes, [\d,]+ edges\) as graphml:\n {2}.*copurchase\.graphml/);
    const c = parseGraphml(UndirectedGraph, readFileSync(join(tmp.dir, 'out', 'copurchase.graphml'), 'utf8'));
    expect(c.size).toBeGreaterThan(10);
    expect(c.everyNode((_n, a) => Number.isInteger(a['community']) && a['community'] >= 1)).toBe(true);

    const neo = await runCli('--db', db, 'graph', 'export', '--format', 'neo4j', '--out', join(tmp.dir, 'neo4j'));
    expect(neo.code, neo.stderr).toBe(0);
    expect(neo.stdout).toMatch(/neo4j-admin database import full neo4j --nodes=.*nodes\.csv --relationships=.*relationships\.csv/);
    const nodes = readFileSync(join(tmp.dir, 'neo4j', 'nodes.csv'), 'utf8').split('\n');
    expect(nodes[0]).toBe('id:ID,name,:LABEL,kind:string,visits:long,entries:long,pagerank:double,betweenness:double');
    expect(nodes.some((l) => l.startsWith('page:Home,Home,Page,page,'))).toBe(true);
    const rels = readFileSync(join(tmp.dir, 'neo4j', 'relationships.csv'), 'utf8').trim().split('\n');
    expect(rels[0]).toBe(':START_ID,:END_ID,:TYPE,weight:double');
    expect(rels.length - 1).toBe(g.size);
    expect(rels.slice(1).every((l) => /,NEXT,\d+$/.test(l))).toBe(true);
  }, 60_000);

  it('refuses bad input with exit 2 and answers an empty window with notes', async () => {
    expect((await runCli('--db', db, 'graph', 'export', '--format', 'dot', '--out', tmp.dir)).stderr).toMatch(/--format/);
    expect((await runCli('--db', db, 'graph', '--since', '2026-02-30')).code).toBe(2);
    const backwards = await runCli('--db', db, 'graph', '--since', '2026-05-01', '--until', '2026-04-01');
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toMatch(/--since 2026-05-01 is not before --until 2026-04-01/);
    expect((await runCli('--db', db, 'graph', '--top', '0')).stderr).toMatch(/--top must be between 1 and 1000/);
    const empty = await runCli('--db', db, '--json', 'graph', '--since', '2040-01-01');
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stderr).toMatch(/graph: no page, screen or track events with a session in the window/);
    expect(empty.stdout).not.toMatch(/NaN/);
  }, 60_000);
});
