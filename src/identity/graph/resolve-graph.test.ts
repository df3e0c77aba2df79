import { describe, expect, it } from 'vitest';
import { LINK_KINDS, resolveGraph, type LinkKind } from './resolve-graph.js';

/** A small graph by name: members m*, user ids as anchors, identifiers by name. */
function graph(members: Record<string, string | null>, links: [LinkKind, string, string][]) {
  const names = Object.keys(members);
  const index = new Map(names.map((n, i) => [n, i]));
  const node = (n: string) => {
    if (!index.has(n)) index.set(n, index.size);
    return index.get(n) ?? 0;
  };
  const users = new Map<string, number>();
  const anchor = Int32Array.from(names.map((n) => {
    const u = members[n];
    if (u == null) return -1;
    if (!users.has(u)) users.set(u, users.size);
    return users.get(u) ?? -1;
  }));
  const hub: number[] = [];
  const spoke: number[] = [];
  const kind: number[] = [];
  for (const [k, h, s] of links) {
    hub.push(node(h));
    spoke.push(node(s));
    kind.push(LINK_KINDS.indexOf(k));
  }
  const result = resolveGraph({
    nodeCount: index.size, memberCount: names.length, anchor,
    hub: Int32Array.from(hub), spoke: Int32Array.from(spoke), kind: Uint8Array.from(kind),
  });
  const same = (a: string, b: string) => result.component[node(a)] === result.component[node(b)];
  const conflict = (n: string) => result.conflicts.find((c) => c.node === node(n));
  return { result, same, conflict };
}

describe('resolveGraph', () => {
  it('joins a web user, their anonymous ids and devices, and their CRM records by e-mail and phone', () => {
    const g = graph({ web: 'u1', crm1: null, crm2: null, pos: null }, [
      ['login', 'anon1', 'web'],
      ['device', 'dev1', 'anon1'],
      ['device', 'dev1', 'anon2'],
      ['email', 'mail', 'web'], ['email', 'mail', 'crm1'],
      ['phone', 'tel', 'crm1'], ['phone', 'tel', 'crm2'],
      ['email', 'mail', 'pos'],
    ]);
    for (const n of ['anon1', 'anon2', 'crm1', 'crm2', 'pos']) expect(g.same('web', n)).toBe(true);
    expect(g.result.conflicts).toEqual([]);
  });

  it('never joins two user ids through an anonymous id (a family laptop), and flags it', () => {
    const g = graph({ alice: 'u1', bob: 'u2' }, [['login', 'anon', 'alice'], ['login', 'anon', 'bob']]);
    expect(g.same('alice', 'bob')).toBe(false);
    expect(g.conflict('anon')).toMatchObject({ kind: 'login', reason: 'links different user ids', anchors: 2 });
  });

  it('never joins two user ids through a shared device either', () => {
    const g = graph({ alice: 'u1', bob: 'u2' }, [
      ['login', 'a1', 'alice'], ['login', 'a2', 'bob'], ['device', 'laptop', 'a1'], ['device', 'laptop', 'a2'], ['device', 'laptop', 'a3'],
    ]);
    expect(g.same('alice', 'bob')).toBe(false);
    expect(g.same('alice', 'a3')).toBe(false);
    expect(g.conflict('laptop')?.reason).toBe('links different user ids');
  });

  it('flags a junk e-mail that CRM records of different people share, once their phones anchor them', () => {
    const g = graph({ u1: 'u1', u2: 'u2', u3: 'u3', c1: null, c2: null, c3: null }, [
      ['phone', 'p1', 'u1'], ['phone', 'p1', 'c1'],
      ['phone', 'p2', 'u2'], ['phone', 'p2', 'c2'],
      ['phone', 'p3', 'u3'], ['phone', 'p3', 'c3'],
      ['email', 'test@test.com', 'c1'], ['email', 'test@test.com', 'c2'], ['email', 'test@test.com', 'c3'],
    ]);
    expect(g.same('u1', 'c1')).toBe(true);
    expect(g.same('c1', 'c2')).toBe(false);
    expect(g.conflict('test@test.com')).toMatchObject({ kind: 'email', reason: 'links different user ids', spokes: 3, anchors: 3 });
  });

  it('flags an identifier shared by more members than the limit even with no user ids', () => {
    const members: Record<string, null> = {};
    const links: [LinkKind, string, string][] = [];
    for (let i = 0; i < 12; i++) {
      members[`c${String(i)}`] = null;
      links.push(['phone', '0000000000', `c${String(i)}`]);
    }
    const g = graph(members, links);
    expect(g.same('c0', 'c1')).toBe(false);
    expect(g.conflict('0000000000')).toMatchObject({ reason: 'shared by too many', spokes: 12 });
  });

  it('lets an explicit alias join two user ids', () => {
    const g = graph({ old: 'u1', renamed: 'u2' }, [['alias', 'renamed', 'old']]);
    expect(g.same('old', 'renamed')).toBe(true);
  });

  it('does not merge through a flagged identifier in a later pass', () => {
    const g = graph({ alice: 'u1', bob: 'u2' }, [
      ['login', 'shared', 'alice'], ['login', 'shared', 'bob'], ['login', 'own', 'alice'],
      ['device', 'd', 'shared'], ['device', 'd', 'own'],
    ]);
    expect(g.same('alice', 'shared')).toBe(false);
    expect(g.same('alice', 'd')).toBe(true);
  });

  it('puts every node in exactly one component and never two anchors together, on random graphs', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let round = 0; round < 50; round++) {
      const members = 30;
      const nodes = 80;
      const anchor = Int32Array.from({ length: members }, () => (rand() < 0.5 ? Math.floor(rand() * 10) : -1));
      const edges = 120;
      const hub = new Int32Array(edges);
      const spoke = new Int32Array(edges);
      const kind = new Uint8Array(edges);
      for (let i = 0; i < edges; i++) {
        hub[i] = members + Math.floor(rand() * (nodes - members));
        spoke[i] = Math.floor(rand() * nodes);
        kind[i] = 1 + Math.floor(rand() * (LINK_KINDS.length - 1));
      }
      const { component } = resolveGraph({ nodeCount: nodes, memberCount: members, anchor, hub, spoke, kind });
      const anchorOf = new Map<number, number>();
      for (let m = 0; m < members; m++) {
        const a = anchor[m] ?? -1;
        if (a < 0) continue;
        const c = component[m] ?? -1;
        const seen = anchorOf.get(c);
        if (seen !== undefined) expect(seen).toBe(a);
        anchorOf.set(c, a);
      }
      for (let i = 0; i < nodes; i++) expect(component[component[i] ?? 0]).toBe(component[i]);
    }
  });
});

describe('resolveGraph with splits', () => {
  it('keeps apart the two sides of a split, whatever links them later', () => {
    const input = {
      nodeCount: 5, memberCount: 3, anchor: Int32Array.from([0, -1, -1]),
      // web(0) – email(3) – crm(1); crm(1) – phone(4) – crm2(2)
      hub: Int32Array.from([3, 3, 4, 4]), spoke: Int32Array.from([0, 1, 1, 2]),
      kind: Uint8Array.from([LINK_KINDS.indexOf('email'), LINK_KINDS.indexOf('email'), LINK_KINDS.indexOf('phone'), LINK_KINDS.indexOf('phone')]),
    };
    const joined = resolveGraph(input).component;
    expect(new Set(joined.slice(0, 3)).size).toBe(1);
    // The user split crm (side 0) from web (side 1): tags 0 and 1 are partners.
    const split = resolveGraph({ ...input, tagMember: Int32Array.from([1, 0]), tag: Int32Array.from([0, 1]), partner: Int32Array.from([1, 0]) });
    expect(split.component[0]).not.toBe(split.component[1]);
    expect(split.component[1]).toBe(split.component[2]);
    expect(split.conflicts).toEqual([expect.objectContaining({ node: 3, reason: 'links people a user split' })]);
  });
});
