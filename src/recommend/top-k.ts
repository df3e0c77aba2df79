/**
 * The k highest scores of `scores`, best first, skipping the indices `skip` says to: a bounded
 * min-heap, O(n log k). Ties go to the lower index, so results are deterministic.
 */
export function topK(scores: Float64Array, k: number, skip?: (index: number) => boolean): Int32Array {
  const heapIdx = new Int32Array(k);
  const heapVal = new Float64Array(k);
  let size = 0;
  // a worse than b: lower score, or the same score and a higher index.
  const worse = (va: number, ia: number, vb: number, ib: number) => va < vb || (va === vb && ia > ib);
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (Number.isNaN(v) || (skip !== undefined && skip(i))) continue;
    if (size < k) {
      let at = size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!worse(v, i, heapVal[parent]!, heapIdx[parent]!)) break;
        heapVal[at] = heapVal[parent]!;
        heapIdx[at] = heapIdx[parent]!;
        at = parent;
      }
      heapVal[at] = v;
      heapIdx[at] = i;
    } else if (k > 0 && worse(heapVal[0]!, heapIdx[0]!, v, i)) {
      siftDown(heapVal, heapIdx, size, v, i, worse);
    }
  }
  const order = Array.from({ length: size }, (_, j) => j).sort((a, b) =>
    heapVal[b]! - heapVal[a]! || heapIdx[a]! - heapIdx[b]!,
  );
  return Int32Array.from(order, (j) => heapIdx[j]!);
}

function siftDown(
  heapVal: Float64Array,
  heapIdx: Int32Array,
  size: number,
  v: number,
  i: number,
  worse: (va: number, ia: number, vb: number, ib: number) => boolean,
): void {
  let at = 0;
  for (;;) {
    const left = 2 * at + 1;
    if (left >= size) break;
    const right = left + 1;
    let child = left;
    if (right < size && worse(heapVal[right]!, heapIdx[right]!, heapVal[left]!, heapIdx[left]!)) child = right;
    if (!worse(heapVal[child]!, heapIdx[child]!, v, i)) break;
    heapVal[at] = heapVal[child]!;
    heapIdx[at] = heapIdx[child]!;
    at = child;
  }
  heapVal[at] = v;
  heapIdx[at] = i;
}
