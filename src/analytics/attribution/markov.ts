import { creditableTotals, emptyCredit, type Credit } from './credit.js';
import type { Journeys } from './journeys.js';
import { absorption, buildMarkovChain } from './markov-chain.js';

/** The Markov model's credit, with the numbers it came from. */
export interface MarkovResult extends Credit {
  order: number;
  /** Channel states in the chain (order 1: the channels seen; order k: the k-runs seen). */
  states: number;
  /** Probability that a journey from the start converts, in the fitted chain. */
  conversionProbability: number;
  /** Share of conversions lost when the channel is removed (every state that contains it → null). */
  removalEffects: Float64Array;
  /** The same for conversion value. */
  valueRemovalEffects: Float64Array;
}

/**
 * Data-driven attribution by the removal effect of a k-order Markov chain (Anderl et al. 2016,
 * "Mapping the customer journey"; as ChannelAttribution computes it): removing channel c sends
 * every visit to a state that contains c to null; its removal effect is 1 − P(convert without c)
 * / P(convert); conversions and value are shared out in proportion to the removal effects.
 * Solved exactly on the chain rather than by simulating paths.
 */
export function markovAttribution(journeys: Journeys, order = 1): MarkovResult {
  const chain = buildMarkovChain(journeys, order);
  const channels = journeys.channels.length;
  const credit = emptyCredit(channels);
  const removalEffects = new Float64Array(channels);
  const valueRemovalEffects = new Float64Array(channels);
  const p = absorption(chain, null, null);
  const v = absorption(chain, chain.meanValue, null);
  for (let c = 0; c < channels; c++) {
    const removed = new Uint8Array(chain.states + 1);
    let any = false;
    for (let s = 1; s <= chain.states; s++) {
      for (let j = 0; j < order; j++) {
        if (chain.tuples[s * order + j] === c) {
          removed[s] = 1;
          any = true;
          break;
        }
      }
    }
    if (!any) continue;
    if (p > 0) removalEffects[c] = clamp01(1 - absorption(chain, null, removed) / p);
    if (v > 0) valueRemovalEffects[c] = clamp01(1 - absorption(chain, chain.meanValue, removed) / v);
  }
  const totals = creditableTotals(journeys);
  share(removalEffects, totals.conversions, credit.conversions);
  share(valueRemovalEffects, totals.value, credit.value);
  return { ...credit, order, states: chain.states, conversionProbability: p, removalEffects, valueRemovalEffects };
}

// Rounding can leave 1 − x/x at −1e-16; a removal effect is a share.
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

function share(weights: Float64Array, total: number, into: Float64Array): void {
  let sum = 0;
  for (const w of weights) sum += w;
  if (sum <= 0) return;
  for (let c = 0; c < weights.length; c++) into[c] = (weights[c]! / sum) * total;
}
