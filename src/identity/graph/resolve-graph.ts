/**
 * The deterministic identity graph: which members (the records sources file people under) and
 * anonymous ids are one person, from the identifiers they share. Union-find over typed arrays,
 * with the over-merge guards that tracking tools are most often asked for:
 *
 * - an identifier shared by too many members (a shop-floor tablet, `test@test.com`) is flagged and
 *   links nothing;
 * - two members that each hold a different user id (an *anchor*) are never joined, whatever the
 *   identifier: an identifier whose neighbours sit in components with two anchors is flagged;
 * - identifiers are applied strongest first (explicit alias, a login on an anonymous id, CRM ids,
 *   e-mails and phones, record-matcher pairs, then devices), the least shared first within a pass,
 *   so a junk identifier meets already-anchored components and is caught.
 *
 * Pure: the caller numbers the nodes; `identity/run/resolve.ts` does the store I/O.
 */

/** How an edge links its two nodes, strongest first (the pass it is applied in). */
export const LINK_KINDS = ['alias', 'login', 'crm_id', 'email', 'phone', 'match', 'device'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** Passes in order; kinds in one pass are applied together, least-shared identifier first. */
const PASSES: readonly (readonly LinkKind[])[] = [['alias'], ['login'], ['crm_id', 'email', 'phone', 'match'], ['device']];

export interface GraphInput {
  /** Nodes are numbered 0…nodeCount−1; members come first (0…memberCount−1). */
  nodeCount: number;
  memberCount: number;
  /** Per member, the user id it holds as a small integer (−1: none). Two anchors never merge. */
  anchor: Int32Array;
  /**
   * Edges: `hub[i]` is the identifier (an e-mail, an anonymous id, a device, or for `alias` and
   * `match` a member) and `spoke[i]` a node it links; `kind[i]` an index into LINK_KINDS.
   */
  hub: Int32Array;
  spoke: Int32Array;
  kind: Uint8Array;
  /**
   * Cannot-link constraints left by splits: `tagMember[i]` carries tag `tag[i]`, and a component
   * holding a tag never joins one holding its `partner` (tags come in pairs, one per side).
   */
  tagMember?: Int32Array;
  tag?: Int32Array;
  partner?: Int32Array;
}

export interface GraphOptions {
  /** An identifier linking more members than this links none (default 10). */
  maxMembersPerIdentifier?: number;
  /** A device with more anonymous ids than this is a shared device and links none (default 20). */
  maxSpokesPerDevice?: number;
}

export type ConflictReason = 'shared by too many' | 'links different user ids' | 'links people a user split';

export interface GraphConflict {
  /** The identifier node that was not merged through. */
  node: number;
  kind: LinkKind;
  reason: ConflictReason;
  /** Distinct nodes it links. */
  spokes: number;
  /** Distinct anchors among the components it would have joined. */
  anchors: number;
}

export interface GraphResult {
  /** Per node, its component's representative (a node number). */
  component: Int32Array;
  conflicts: GraphConflict[];
  /** Unions that joined two components. */
  unions: number;
}

class UnionFind {
  readonly parent: Int32Array;
  private readonly size: Int32Array;
  /** At a root, the component's anchor (−1: none). */
  readonly anchor: Int32Array;

  /** At a root, the split tags its component holds (most hold none). */
  readonly tags = new Map<number, number[]>();

  constructor(n: number, memberCount: number, anchors: Int32Array) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    this.anchor = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    for (let i = 0; i < memberCount; i++) this.anchor[i] = anchors[i] ?? -1;
  }

  find(x: number): number {
    const p = this.parent;
    let root = x;
    while (p[root] !== root) root = p[root] ?? root;
    while (p[x] !== root) {
      const next = p[x] ?? root;
      p[x] = root;
      x = next;
    }
    return root;
  }

  /** Joins the components of a and b; returns true when they were apart. */
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    if ((this.size[ra] ?? 0) < (this.size[rb] ?? 0)) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] = (this.size[ra] ?? 0) + (this.size[rb] ?? 0);
    const aa = this.anchor[ra] ?? -1;
    const ab = this.anchor[rb] ?? -1;
    // Only an explicit alias joins two anchors; the component keeps the smaller.
    this.anchor[ra] = aa < 0 ? ab : ab < 0 ? aa : Math.min(aa, ab);
    const tb = this.tags.get(rb);
    if (tb) {
      this.tags.set(ra, [...(this.tags.get(ra) ?? []), ...tb]);
      this.tags.delete(rb);
    }
    return true;
  }
}

/** Edges grouped by hub for one pass, as compressed rows. */
interface HubGroups {
  hubs: Int32Array;
  kinds: Uint8Array;
  start: Int32Array;
  spokes: Int32Array;
}

function groupByHub(input: GraphInput, kinds: ReadonlySet<number>): HubGroups {
  const { hub, spoke, kind } = input;
  const count = new Int32Array(input.nodeCount);
  const hubKind = new Uint8Array(input.nodeCount);
  let edges = 0;
  for (let i = 0; i < hub.length; i++) {
    if (!kinds.has(kind[i] ?? 255)) continue;
    const h = hub[i] ?? 0;
    count[h] = (count[h] ?? 0) + 1;
    hubKind[h] = kind[i] ?? 0;
    edges++;
  }
  const hubList: number[] = [];
  for (let h = 0; h < input.nodeCount; h++) if ((count[h] ?? 0) > 0) hubList.push(h);
  // Least shared first: a junk identifier is then met by components already anchored.
  hubList.sort((a, b) => (count[a] ?? 0) - (count[b] ?? 0) || a - b);
  const hubs = Int32Array.from(hubList);
  const start = new Int32Array(hubs.length + 1);
  const slot = new Int32Array(input.nodeCount).fill(-1);
  for (let i = 0; i < hubs.length; i++) {
    const h = hubs[i] ?? 0;
    start[i + 1] = (start[i] ?? 0) + (count[h] ?? 0);
    slot[h] = start[i] ?? 0;
  }
  const spokes = new Int32Array(edges);
  for (let i = 0; i < hub.length; i++) {
    if (!kinds.has(kind[i] ?? 255)) continue;
    const h = hub[i] ?? 0;
    const at = slot[h] ?? 0;
    spokes[at] = spoke[i] ?? 0;
    slot[h] = at + 1;
  }
  return { hubs, kinds: Uint8Array.from(hubList.map((h) => hubKind[h] ?? 0)), start, spokes };
}

/** Resolves the graph: one component per person, with the identifiers it would not merge through. */
export function resolveGraph(input: GraphInput, options: GraphOptions = {}): GraphResult {
  const maxMembers = options.maxMembersPerIdentifier ?? 10;
  const maxDeviceSpokes = options.maxSpokesPerDevice ?? 20;
  const uf = new UnionFind(input.nodeCount, input.memberCount, input.anchor);
  const partner = input.partner ?? new Int32Array(0);
  input.tagMember?.forEach((m, i) => {
    const t = input.tag?.[i] ?? -1;
    if (t >= 0) uf.tags.set(m, [...(uf.tags.get(m) ?? []), t]);
  });
  /** Whether two of the components (roots) were split apart by a user. */
  const splitApart = (roots: readonly number[]): boolean => {
    if (uf.tags.size === 0) return false;
    const held = new Map<number, number>();
    for (const r of roots) for (const t of uf.tags.get(r) ?? []) held.set(t, r);
    for (const [t, r] of held) {
      const other = held.get(partner[t] ?? -1);
      if (other !== undefined && other !== r) return true;
    }
    return false;
  };
  /** Nodes flagged as conflicts link nothing in later passes either. */
  const flagged = new Uint8Array(input.nodeCount);
  const conflicts: GraphConflict[] = [];
  const seenSpoke = new Int32Array(input.nodeCount).fill(-1);
  const deviceKind = LINK_KINDS.indexOf('device');
  let unions = 0;

  for (const pass of PASSES) {
    const groups = groupByHub(input, new Set(pass.map((k) => LINK_KINDS.indexOf(k))));
    for (let g = 0; g < groups.hubs.length; g++) {
      const hub = groups.hubs[g] ?? 0;
      const kindIndex = groups.kinds[g] ?? 0;
      const kind = LINK_KINDS[kindIndex] ?? 'device';
      if (flagged[hub]) continue;
      const from = groups.start[g] ?? 0;
      const to = groups.start[g + 1] ?? 0;
      // Distinct live spokes, and the distinct anchors of every component involved.
      const spokes: number[] = [];
      for (let i = from; i < to; i++) {
        const s = groups.spokes[i] ?? 0;
        if (flagged[s] || seenSpoke[s] === hub) continue;
        seenSpoke[s] = hub;
        spokes.push(s);
      }
      if (spokes.length === 0) continue;
      const limit = kindIndex === deviceKind ? maxDeviceSpokes : maxMembers;
      const explicit = kind === 'alias';
      const distinct = new Set<number>();
      const roots = new Set<number>();
      for (const node of [hub, ...spokes]) {
        const root = uf.find(node);
        roots.add(root);
        const a = uf.anchor[root] ?? -1;
        if (a >= 0) distinct.add(a);
      }
      const anchors = distinct.size;
      const reason: ConflictReason | null = splitApart([...roots]) ? 'links people a user split'
        : explicit ? null
        : spokes.length > limit ? 'shared by too many'
        : anchors > 1 ? 'links different user ids'
        : null;
      if (reason !== null) {
        flagged[hub] = 1;
        conflicts.push({ node: hub, kind, reason, spokes: spokes.length, anchors });
        continue;
      }
      for (const s of spokes) if (uf.union(hub, s)) unions++;
    }
  }
  const component = new Int32Array(input.nodeCount);
  for (let i = 0; i < input.nodeCount; i++) component[i] = uf.find(i);
  return { component, conflicts, unions };
}
