import { AttributionInputError, type Journeys } from './journeys.js';

/**
 * The transition graph of a k-order Markov model of journeys, built as the R package
 * ChannelAttribution builds it (markov_model_cpp): order 1 has one state per channel; order k
 * has one state per run of k consecutive touches (a sliding window over the path as it was,
 * repeats included), and a path shorter than k is one state of all its touches. A start state
 * comes before every path and the conversion and null states after it; consecutive equal states
 * are one visit (no self-loops). A path adds its conversions + nulls to each of its transitions,
 * its conversions to last → conversion and its nulls to last → null.
 *
 * Ids: 0 is the start, 1..states the channel states; only transitions between those are kept
 * (sparse rows), with each state's probability of converting next beside them.
 */
export interface MarkovChain {
  readonly order: number;
  readonly states: number;
  /** The channels of state s are `tuples[s·order .. s·order+order)`, −1 where a short path ran out. */
  readonly tuples: Int32Array;
  /** Row s (0..states) of the transitions to channel states is `rowStart[s] .. rowStart[s+1]`. */
  readonly rowStart: Int32Array;
  readonly target: Int32Array;
  readonly probability: Float64Array;
  /** Probability that state s goes to the conversion next. */
  readonly toConversion: Float64Array;
  /** Mean value of a conversion that comes right after state s. */
  readonly meanValue: Float64Array;
}

/** Dense edge counts when the state graph is small (always, for ≤ 9 channels and order ≤ 3). */
const DENSE_LIMIT = 1 << 22;

export function buildMarkovChain(journeys: Journeys, order: number): MarkovChain {
  if (!Number.isInteger(order) || order < 1 || order > 5) throw new AttributionInputError('the Markov order must be a whole number from 1 to 5');
  const { offsets, touches, conversions, nulls } = journeys;
  const base = journeys.channels.length + 1;
  const keySpace = base ** order;
  if (keySpace > Number.MAX_SAFE_INTEGER) throw new AttributionInputError(`${base - 1} channels are too many for a Markov model of order ${order}: lower the order or group channels`);
  // A window's key is its channels as digits 1..C in base C+1, so shorter windows never collide.
  const lookup = keySpace <= 1 << 20 ? new Int32Array(keySpace).fill(-1) : null;
  const map = new Map<number, number>();
  const tupleList: number[] = new Array<number>(order).fill(-1); // state 0, the start
  const seq = new Int32Array(touches.length);
  const seqEnd = new Uint32Array(offsets.length);
  let states = 0;
  let written = 0;
  const stateOf = (start: number, len: number): number => {
    let key = 0;
    for (let j = len - 1; j >= 0; j--) key = key * base + touches[start + j]! + 1;
    let id = lookup ? lookup[key]! : (map.get(key) ?? -1);
    if (id < 0) {
      id = ++states;
      if (lookup) lookup[key] = id;
      else map.set(key, id);
      for (let j = 0; j < order; j++) tupleList.push(j < len ? touches[start + j]! : -1);
    }
    return id;
  };
  for (let i = 0; i + 1 < offsets.length; i++) {
    const start = offsets[i]!;
    const len = offsets[i + 1]! - start;
    if (len > 0 && conversions[i]! + nulls[i]! > 0) {
      const windows = len < order ? 1 : len - order + 1;
      const width = Math.min(len, order);
      let last = -1;
      for (let k = 0; k < windows; k++) {
        const s = stateOf(start + k, width);
        if (s !== last) seq[written++] = s;
        last = s;
      }
    }
    seqEnd[i + 1] = written;
  }
  return toChain(journeys, order, states, Int32Array.from(tupleList), seq, seqEnd);
}

function toChain(journeys: Journeys, order: number, states: number, tuples: Int32Array, seq: Int32Array, seqEnd: Uint32Array): MarkovChain {
  const { conversions, nulls, values } = journeys;
  const n = states + 1;
  const dense = n * n <= DENSE_LIMIT ? new Float64Array(n * n) : null;
  const sparse = new Map<number, number>();
  const add = (from: number, to: number, w: number) => {
    if (dense) dense[from * n + to]! += w;
    else sparse.set(from * n + to, (sparse.get(from * n + to) ?? 0) + w);
  };
  const out = new Float64Array(n); // every outgoing weight, conversion and null included
  const conv = new Float64Array(n);
  const convValue = new Float64Array(n);
  for (let i = 0; i + 1 < seqEnd.length; i++) {
    const a = seqEnd[i]!;
    const b = seqEnd[i + 1]!;
    if (a === b) continue;
    const w = conversions[i]! + nulls[i]!;
    let prev = 0;
    for (let k = a; k < b; k++) {
      add(prev, seq[k]!, w);
      out[prev]! += w;
      prev = seq[k]!;
    }
    out[prev]! += w;
    conv[prev]! += conversions[i]!;
    convValue[prev]! += values[i]!;
  }
  const edges: [number, number, number][] = [];
  if (dense) {
    for (let f = 0; f < n; f++) for (let t = 1; t < n; t++) if (dense[f * n + t]! > 0) edges.push([f, t, dense[f * n + t]!]);
  } else {
    for (const [key, w] of sparse) edges.push([Math.floor(key / n), key % n, w]);
    edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  }
  const rowStart = new Int32Array(n + 1);
  for (const [f] of edges) rowStart[f + 1]!++;
  for (let s = 0; s < n; s++) rowStart[s + 1]! += rowStart[s]!;
  const target = new Int32Array(edges.length);
  const probability = new Float64Array(edges.length);
  edges.forEach(([f, t, w], e) => {
    target[e] = t;
    probability[e] = w / out[f]!;
  });
  const toConversion = new Float64Array(n);
  const meanValue = new Float64Array(n);
  for (let s = 1; s < n; s++) {
    toConversion[s] = out[s]! > 0 ? conv[s]! / out[s]! : 0;
    meanValue[s] = conv[s]! > 0 ? convValue[s]! / conv[s]! : 0;
  }
  return { order, states, tuples, rowStart, target, probability, toConversion, meanValue };
}

/**
 * Probability of reaching the conversion from the start (`reward` = 1), or the expected value of
 * the conversion reached (`reward` = mean value per state), with the `removed` states sending
 * their visitors to null. Gauss–Seidel on the absorbing chain: exact to ~1e-13 relative, no
 * simulation (ChannelAttribution simulates paths and converges to the same number).
 */
export function absorption(chain: MarkovChain, reward: Float64Array | null, removed: Uint8Array | null): number {
  const { states, rowStart, target, probability, toConversion } = chain;
  const x = new Float64Array(states + 1);
  for (let iter = 0; iter < 200_000; iter++) {
    let delta = 0;
    let size = 0;
    for (let s = 1; s <= states; s++) {
      if (removed?.[s]) continue;
      let v = toConversion[s]! * (reward ? reward[s]! : 1);
      for (let e = rowStart[s]!; e < rowStart[s + 1]!; e++) v += probability[e]! * x[target[e]!]!;
      const d = Math.abs(v - x[s]!);
      if (d > delta) delta = d;
      if (v > size) size = v;
      x[s] = v;
    }
    if (delta <= 1e-14 * size || size === 0) break;
  }
  let p = 0;
  for (let e = rowStart[0]!; e < rowStart[1]!; e++) p += probability[e]! * x[target[e]!]!;
  return p;
}
