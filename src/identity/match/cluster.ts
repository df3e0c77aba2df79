/**
 * Connected components over the matched pairs (union-find with path halving and union by
 * size). Each record's cluster is named by its lowest record index, so labels are stable.
 */
export function connectedComponents(count: number, left: Int32Array, right: Int32Array, keep: (p: number) => boolean, pairs: number): Int32Array {
  const parent = new Int32Array(count);
  const size = new Int32Array(count).fill(1);
  for (let i = 0; i < count; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (let p = 0; p < pairs; p++) {
    if (!keep(p)) continue;
    let a = find(left[p]!);
    let b = find(right[p]!);
    if (a === b) continue;
    if (size[a]! < size[b]!) [a, b] = [b, a];
    parent[b] = a;
    size[a]! += size[b]!;
  }
  const lowest = new Int32Array(count).fill(-1);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const root = find(i);
    if (lowest[root] === -1) lowest[root] = i;
    labels[i] = lowest[root]!;
  }
  return labels;
}

/** Number of distinct labels. */
export function countClusters(labels: Int32Array): number {
  let n = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === i) n++;
  return n;
}
