import { emptyCredit, type Credit } from './credit.js';
import { AttributionInputError, type Journeys } from './journeys.js';

/** Shapley credit, with the size of the game it was computed on. */
export interface ShapleyResult extends Credit {
  /** Channels that occur in converting journeys (the players; the others get 0). */
  players: number;
  /** Coalitions evaluated: 2^players. */
  coalitions: number;
}

/** 2^20 coalitions is about 20 M steps; past that the exact sum stops being interactive. */
const MAX_PLAYERS = 20;

/**
 * Shapley values of channels in the game of Zhao, Mahboobi and Bagheri (2018), "Shapley value
 * methods for attribution modeling in online advertising": a coalition S is worth the
 * conversions (and value) of the journeys whose set of channels lies inside S. Computed exactly
 * over every coalition of the channels present, with the Shapley weights |S|!(n−|S|−1)!/n!; for
 * this game it equals their "simplified Shapley value" Σ_{T∋j} R(T)/|T| (R(T): conversions of
 * the journeys whose channel set is exactly T). Order and repeats of touches do not matter;
 * non-converting journeys carry no worth in this game.
 */
export function shapleyAttribution(journeys: Journeys): ShapleyResult {
  const { offsets, touches, conversions, values, channels } = journeys;
  const credit = emptyCredit(channels.length);
  const bit = new Int32Array(channels.length).fill(-1);
  const players: number[] = [];
  const converting = (i: number) => offsets[i + 1]! > offsets[i]! && (conversions[i]! !== 0 || values[i]! !== 0);
  for (let i = 0; i + 1 < offsets.length; i++) {
    if (!converting(i)) continue;
    for (let t = offsets[i]!; t < offsets[i + 1]!; t++) {
      const c = touches[t]!;
      if (bit[c]! < 0) {
        bit[c] = players.length;
        players.push(c);
      }
    }
  }
  const n = players.length;
  if (n > MAX_PLAYERS) throw new AttributionInputError(`Shapley values over ${n} channels would need 2^${n} coalitions; group channels to at most ${MAX_PLAYERS}`);
  const size = 1 << n;
  const worth = new Float64Array(size);
  const worthValue = new Float64Array(size);
  for (let i = 0; i + 1 < offsets.length; i++) {
    if (!converting(i)) continue;
    let mask = 0;
    for (let t = offsets[i]!; t < offsets[i + 1]!; t++) mask |= 1 << bit[touches[t]!]!;
    worth[mask]! += conversions[i]!;
    worthValue[mask]! += values[i]!;
  }
  // v(S) = Σ over T ⊆ S of what the journeys with channel set T are worth (subset-sum transform).
  for (let b = 0; b < n; b++) {
    for (let s = 0; s < size; s++) {
      if (s & (1 << b)) {
        worth[s]! += worth[s ^ (1 << b)]!;
        worthValue[s]! += worthValue[s ^ (1 << b)]!;
      }
    }
  }
  const weight = shapleyWeights(n);
  const popcount = new Uint8Array(size);
  for (let s = 1; s < size; s++) popcount[s] = popcount[s >> 1]! + (s & 1);
  for (let j = 0; j < n; j++) {
    const jb = 1 << j;
    let phi = 0;
    let phiValue = 0;
    for (let s = 0; s < size; s++) {
      if (s & jb) continue;
      const w = weight[popcount[s]!]!;
      phi += w * (worth[s | jb]! - worth[s]!);
      phiValue += w * (worthValue[s | jb]! - worthValue[s]!);
    }
    credit.conversions[players[j]!] = phi;
    credit.value[players[j]!] = phiValue;
  }
  return { ...credit, players: n, coalitions: size };
}

/** |S|!(n−|S|−1)!/n! for |S| = 0..n−1, i.e. 1 / (n · C(n−1, |S|)). */
function shapleyWeights(n: number): Float64Array {
  const w = new Float64Array(Math.max(n, 1));
  let binomial = 1;
  for (let k = 0; k < n; k++) {
    w[k] = 1 / (n * binomial);
    binomial = (binomial * (n - 1 - k)) / (k + 1);
  }
  return w;
}
