import { DOMParser } from '@xmldom/xmldom';
import { DirectedGraph, UndirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { describe, expect, it } from 'vitest';
import { buildCoPurchaseGraph } from './copurchase.js';
import { toGexf } from './export-gexf.js';
import { toGraphml } from './export-graphml.js';
import { toNeo4jCsv } from './export-neo4j.js';
import { buildJourneyGraph } from './journey-graph.js';

// Names with every character XML and CSV treat specially.
const journey = buildJourneyGraph(
  [{ node: 'page:Home', visits: 3, entries: 2 }, { node: 'page:Q&A <"help">', visits: 1, entries: 0 }],
  [
    { from: 'page:Home', to: 'page:Q&A <"help">', count: 2 },
    { from: 'page:Q&A <"help">', to: 'event:Order Completed', count: 1 },
  ],
);
journey.setNodeAttribute('page:Home', 'pagerank', 0.5);

/** Parses strictly: any warning or error of the XML parser fails the test. */
function strictXml(text: string) {
  const fail = (msg: string) => {
    throw new Error(`XML: ${msg}`);
  };
  return new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(text, 'text/xml');
}

/** A minimal RFC 4180 reader: quoted fields, doubled quotes. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && (ch === ',' || ch === '\n')) {
      row.push(field);
      field = '';
      if (ch === '\n') {
        rows.push(row);
        row = [];
      }
    } else {
      field += ch;
    }
  }
  return rows;
}

describe('GEXF', () => {
  it('is well-formed XML that graphology reads back with nodes, weights and attributes', () => {
    const text = toGexf(journey);
    const doc = strictXml(text);
    expect(doc.documentElement!.nodeName).toBe('gexf');
    expect(doc.documentElement!.getAttribute('version')).toBe('1.3');
    const back = parseGexf(DirectedGraph, text);
    expect(back.order).toBe(3);
    expect(back.size).toBe(2);
    expect(back.getNodeAttribute('page:Q&A <"help">', 'label')).toBe('Q&A <"help">');
    expect(back.getNodeAttribute('page:Home', 'visits')).toBe(3);
    expect(back.getNodeAttribute('page:Home', 'pagerank')).toBe(0.5);
    expect(back.getEdgeAttribute('page:Home', 'page:Q&A <"help">', 'weight')).toBe(2);
  });
});

describe('GraphML', () => {
  it('is well-formed XML with typed keys that graphology reads back', () => {
    const text = toGraphml(journey);
    const doc = strictXml(text);
    expect(doc.documentElement!.nodeName).toBe('graphml');
    const keys = Array.from(doc.getElementsByTagName('key')).map((k) => `${k.getAttribute('for')}:${k.getAttribute('attr.name')}:${k.getAttribute('attr.type')}`);
    expect(keys).toEqual(['node:kind:string', 'node:label:string', 'node:visits:long', 'node:entries:long', 'node:pagerank:double', 'edge:weight:long']);
    expect(doc.getElementsByTagName('graph')[0]!.getAttribute('edgedefault')).toBe('directed');
    const back = parseGraphml(DirectedGraph, text);
    expect(back.order).toBe(3);
    expect(back.getNodeAttribute('page:Q&A <"help">', 'label')).toBe('Q&A <"help">');
    expect(back.getNodeAttribute('page:Home', 'pagerank')).toBe(0.5);
    expect(back.getEdgeAttribute(back.edge('page:Home', 'page:Q&A <"help">')!, 'weight')).toBe(2);
  });

  it('writes an undirected co-purchase graph as undirected', () => {
    const copurchase = buildCoPurchaseGraph([{ product: 'P1', name: 'Tea, green', buyers: 3 }], [{ a: 'P1', b: 'P2', weight: 2 }]);
    const text = toGraphml(copurchase);
    expect(strictXml(text).getElementsByTagName('graph')[0]!.getAttribute('edgedefault')).toBe('undirected');
    const back = parseGraphml(UndirectedGraph, text);
    expect(back.getEdgeAttribute(back.edge('P1', 'P2')!, 'weight')).toBe(2);
  });
});

describe('Neo4j import CSV', () => {
  it('has the headers neo4j-admin database import reads, and quotes what needs quoting', () => {
    const csv = toNeo4jCsv(journey, { labelOf: (_n, a) => (a['kind'] === 'page' ? 'Page' : 'Event'), type: 'NEXT' });
    const nodes = readCsv(csv.nodes);
    expect(nodes[0]).toEqual(['id:ID', 'name', ':LABEL', 'kind:string', 'visits:long', 'entries:long', 'pagerank:double']);
    expect(nodes.slice(1)).toEqual([
      ['page:Home', 'Home', 'Page', 'page', '3', '2', '0.5'],
      ['page:Q&A <"help">', 'Q&A <"help">', 'Page', 'page', '1', '0', ''],
      ['event:Order Completed', 'Order Completed', 'Event', 'event', '0', '0', ''],
    ]);
    expect(csv.nodes).toContain('"page:Q&A <""help"">"');
    const rels = readCsv(csv.relationships);
    expect(rels[0]).toEqual([':START_ID', ':END_ID', ':TYPE', 'weight:double']);
    expect(rels.slice(1)).toEqual([
      ['page:Home', 'page:Q&A <"help">', 'NEXT', '2'],
      ['page:Q&A <"help">', 'event:Order Completed', 'NEXT', '1'],
    ]);
    expect(csv.command).toBe('neo4j-admin database import full neo4j --nodes=nodes.csv --relationships=relationships.csv');
  });

  it('quotes a product name with a comma', () => {
    const csv = toNeo4jCsv(buildCoPurchaseGraph([{ product: 'P1', name: 'Tea, green', buyers: 3 }], [{ a: 'P1', b: 'P2', weight: 2 }]), { labelOf: () => 'Product', type: 'BOUGHT_WITH' });
    expect(readCsv(csv.nodes)).toEqual([['id:ID', 'name', ':LABEL', 'buyers:long'], ['P1', 'Tea, green', 'Product', '3'], ['P2', 'P2', 'Product', '0']]);
    expect(readCsv(csv.relationships)[1]).toEqual(['P1', 'P2', 'BOUGHT_WITH', '2']);
  });
});
