import { emptyCredit, type Credit } from './credit.js';
import { AttributionInputError, type Journeys } from './journeys.js';

/**
 * The rule-based models: each converting journey hands its conversions and value to its touches
 * by fixed weights that sum to one. A channel touched twice gets both touches' weights (as in
 * ChannelAttribution's linear touch). Journeys without touches credit nothing.
 */
type Weigh = (journeys: Journeys, start: number, end: number, weights: Float64Array) => void;

function byWeights(journeys: Journeys, weigh: Weigh): Credit {
  const { offsets, touches, conversions, values } = journeys;
  const credit = emptyCredit(journeys.channels.length);
  let weights = new Float64Array(64);
  for (let i = 0; i + 1 < offsets.length; i++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    const conv = conversions[i]!;
    const value = values[i]!;
    if (end === start || (conv === 0 && value === 0)) continue;
    if (end - start > weights.length) weights = new Float64Array(2 * (end - start));
    weigh(journeys, start, end, weights);
    for (let t = start; t < end; t++) {
      const w = weights[t - start]!;
      const c = touches[t]!;
      credit.conversions[c]! += w * conv;
      credit.value[c]! += w * value;
    }
  }
  return credit;
}

/** All credit to the first touch. */
export function firstTouch(journeys: Journeys): Credit {
  return byWeights(journeys, (_j, start, end, w) => {
    w.fill(0, 0, end - start);
    w[0] = 1;
  });
}

/** All credit to the last touch. */
export function lastTouch(journeys: Journeys): Credit {
  return byWeights(journeys, (_j, start, end, w) => {
    w.fill(0, 0, end - start);
    w[end - start - 1] = 1;
  });
}

/** Equal credit to every touch. */
export function linear(journeys: Journeys): Credit {
  return byWeights(journeys, (_j, start, end, w) => w.fill(1 / (end - start), 0, end - start));
}

/**
 * Position-based ("U-shaped", 40/20/40): 40 % to the first touch, 40 % to the last, 20 % shared
 * by the ones between. One touch takes all; two touches take half each.
 */
export function positionBased(journeys: Journeys, ends = 0.4): Credit {
  return byWeights(journeys, (_j, start, end, w) => {
    const n = end - start;
    if (n === 1) w[0] = 1;
    else if (n === 2) w[0] = w[1] = 0.5;
    else {
      w.fill((1 - 2 * ends) / (n - 2), 1, n - 1);
      w[0] = w[n - 1] = ends;
    }
  });
}

/**
 * Time decay: a touch's weight halves every `halfLifeDays` before the conversion
 * (2^(−age/half-life)), normalised per journey. Needs the touches' ages.
 */
export function timeDecay(journeys: Journeys, halfLifeDays = 7): Credit {
  const ages = journeys.ages;
  if (!ages) throw new AttributionInputError('time decay needs the time of each touch; these journeys have none');
  if (!(halfLifeDays > 0) || !Number.isFinite(halfLifeDays)) throw new AttributionInputError('the time-decay half-life must be a positive number of days');
  return byWeights(journeys, (_j, start, end, w) => {
    let sum = 0;
    for (let t = start; t < end; t++) {
      const x = 2 ** (-Math.max(0, ages[t]!) / halfLifeDays);
      w[t - start] = x;
      sum += x;
    }
    // Touches so old that every weight underflows to 0 share equally rather than crediting nothing.
    for (let k = 0; k < end - start; k++) w[k] = sum > 0 ? w[k]! / sum : 1 / (end - start);
  });
}
