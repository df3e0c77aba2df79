import type { Command } from 'commander';
import { z } from 'zod';
import { buildSessions, exportGraph, graphSummary, GRAPH_FORMATS, GRAPH_KINDS, type GraphSummary } from '../../analytics/index.js';
import type { Store } from '../../store/index.js';
import { withStore } from '../context.js';
import { parseWith, UsageError } from '../errors.js';
import { printResult, say, type GlobalOptions } from '../output.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date');
const count = (max: number) => z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).refine((n) => n >= 1 && n <= max, `must be between 1 and ${max}`);
const Window = z.object({
  since: isoDate.optional(),
  until: isoDate.optional(),
  basket: z.enum(['customer', 'order']).default('customer'),
  sessions: z.boolean().default(true),
});
const SummaryFlags = Window.extend({ top: count(1000).default(10), depth: count(20).default(4), seed: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).default(1) });
const ExportFlags = Window.extend({ format: z.enum(GRAPH_FORMATS), graph: z.enum(GRAPH_KINDS).default('journey'), out: z.string().min(1) });

function parse<T extends z.ZodType>(schema: T, raw: Record<string, unknown>): z.output<T> {
  const data = parseWith(schema, raw);
  const flags = data as { since?: string; until?: string };
  if (flags.since && flags.until && flags.since >= flags.until) throw new UsageError(`--since ${flags.since} is not before --until ${flags.until}: the window would be empty`);
  return data;
}

async function fileSessions(store: Store, enabled: boolean): Promise<void> {
  if (!enabled) return;
  const built = await buildSessions(store);
  if (built.eventsFiled > 0) say(`graph: filed ${built.eventsFiled.toLocaleString('en-US')} new events under visits first`);
}

const windowOf = (f: { since?: string | undefined; until?: string | undefined }) => ({ ...(f.since && { since: f.since }), ...(f.until && { until: f.until }) });

/** `cairn graph [summary]` and `cairn graph export`: the journey graph (issue 6, item 7). */
export function registerGraph(program: Command): void {
  const graph = program.command('graph').description('the journey graph: PageRank and betweenness of pages and products, communities of products bought together, paths to purchase; export for Gephi or Neo4j');
  const common = (cmd: Command) => cmd
    .option('--since <date>', 'events and orders from this day on (YYYY-MM-DD, UTC)')
    .option('--until <date>', 'events and orders before this day (YYYY-MM-DD, UTC)')
    .option('--basket <kind>', 'co-purchases counted per customer or per order', 'customer')
    .option('--no-sessions', 'do not file new events under visits first (read the visits as they are)');

  common(graph.command('summary', { isDefault: true }).description('top pages and products by PageRank and betweenness, product communities with modularity, top paths to purchase'))
    .option('--top <n>', 'rows per list', '10')
    .option('--depth <n>', 'steps before the purchase in the most frequent paths', '4')
    .option('--seed <n>', 'seed of Louvain\'s node order', '1')
    .addHelpText('after', `
Nodes are pages and screens (page:Home), products looked at (product:P10127) and other tracked
actions (event:Product Added); an edge counts a session's moves from one to the next. Betweenness
runs over the most likely paths (a move's length is −ln of its probability); exact up to 2,000
nodes, estimated from 500 sampled sources above. Examples:
  cairn graph
  cairn graph summary --since 2026-10-01 --top 5 --json`)
    .action(async (_opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions & Record<string, unknown>>();
      const flags = parse(SummaryFlags, cmd.opts());
      const summary = await withStore(options, async (store) => {
        await fileSessions(store, flags.sessions);
        return graphSummary(store, { ...windowOf(flags), basket: flags.basket, top: flags.top, depth: flags.depth, seed: flags.seed });
      });
      for (const note of summary.notes) say(`graph: ${note}`);
      printResult(options, summary, () => describe(summary));
    });

  common(graph.command('export').description('write the journey or co-purchase graph as GEXF or GraphML (Gephi) or as neo4j-admin import CSV files'))
    .requiredOption('--format <format>', 'gexf, graphml or neo4j')
    .requiredOption('--out <path>', 'a file (or a folder to write journey.gexf etc. into); for neo4j a folder')
    .option('--graph <name>', 'journey or copurchase', 'journey')
    .addHelpText('after', `
Nodes carry their PageRank and betweenness (journey) or community and PageRank (copurchase).
Examples:
  cairn graph export --format gexf --out journey.gexf
  cairn graph export --format graphml --graph copurchase --out exports/
  cairn graph export --format neo4j --out neo4j-import/`)
    .action(async (_opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions & Record<string, unknown>>();
      const flags = parse(ExportFlags, cmd.opts());
      const result = await withStore(options, async (store) => {
        await fileSessions(store, flags.sessions);
        return exportGraph(store, { ...windowOf(flags), format: flags.format, graph: flags.graph, out: flags.out, basket: flags.basket });
      });
      printResult(options, result, () => [
        `Wrote the ${result.graph} graph (${n(result.nodes)} nodes, ${n(result.edges)} edges) as ${result.format}:`,
        ...result.files.map((f) => `  ${f}`),
        ...(result.command ? [`Load it into an empty Neo4j database with:`, `  ${result.command}`] : []),
      ].join('\n'));
    });
}

const n = (x: number) => x.toLocaleString('en-US');
const f3 = (x: number) => x.toFixed(3);

function describe(s: GraphSummary): string {
  const name = (node: { kind: string; label: string }) => (node.kind === 'product' && s.productNames[node.label] ? `${s.productNames[node.label]} (${node.label})` : node.label);
  const pretty = (node: string) => {
    const i = node.indexOf(':');
    const label = node.slice(i + 1);
    return node.startsWith('product:') ? (label === '*' ? 'a product' : name({ kind: 'product', label })) : label;
  };
  const j = s.journey;
  const lines = [`Journey graph · ${n(s.steps)} steps in ${n(s.sessions)} sessions · ${n(j.nodes)} nodes, ${n(j.edges)} edges, ${n(j.moves)} moves · ${s.seconds.toFixed(1)} s`];
  const ranked = (title: string, rows: typeof j.topPages) => {
    if (rows.length === 0) return;
    lines.push('', title);
    rows.forEach((r, i) => lines.push(`  ${String(i + 1).padStart(2)}. ${name(r)} — PageRank ${f3(r.pagerank)}, betweenness ${f3(r.betweenness)}, ${n(r.visits)} visits`));
  };
  ranked('Top pages by PageRank', j.topPages);
  ranked('Top products by PageRank', j.topProducts);
  ranked(`Crossroads by betweenness (${j.betweenness.method === 'exact' ? 'exact' : `estimated from ${n(j.betweenness.sources)} sampled sources`})`, j.topBetweenness);
  const c = s.copurchase;
  lines.push('', `Products bought together (per ${c.basket}): ${n(c.products)} products, ${n(c.pairs)} pairs, ${n(c.communities.length)} communities listed, modularity ${f3(c.modularity)}${c.singletons ? ` (${n(c.singletons)} products bought with nothing else)` : ''}`);
  for (const com of c.communities) lines.push(`  ${String(com.id).padStart(2)}. ${n(com.size)} products: ${com.topProducts.map((p) => name({ kind: 'product', label: p.product })).join(', ')}${com.size > com.topProducts.length ? ', …' : ''}`);
  const p = s.pathsToPurchase;
  lines.push('', `Paths to purchase: ${n(p.sessions)} sessions reached ${pretty(p.target)}`);
  for (const f of p.mostFrequent) lines.push(`  ${(100 * f.share).toFixed(0).padStart(3)}% (${n(f.sessions)})  ${f.path.map(pretty).join(' → ')}`);
  for (const r of p.routes) {
    if (!r.mostLikely) continue;
    lines.push(`  from ${pretty(r.from)}: most likely ${r.mostLikely.path.map(pretty).join(' → ')} (p = ${r.mostLikely.probability.toPrecision(2)})${r.fewestSteps ? `; fewest steps ${r.fewestSteps.length - 1}` : ''}`);
  }
  for (const note of s.notes) lines.push('', `Note: ${note}.`);
  return lines.join('\n');
}
