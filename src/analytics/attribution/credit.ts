import type { Journeys } from './journeys.js';

/** What a model gives each channel (indexed like `Journeys.channels`). */
export interface Credit {
  conversions: Float64Array;
  value: Float64Array;
}

export function emptyCredit(channels: number): Credit {
  return { conversions: new Float64Array(channels), value: new Float64Array(channels) };
}

/** Conversions and value of the journeys that have at least one touch (the ones a model can credit). */
export function creditableTotals(journeys: Journeys): { conversions: number; value: number } {
  const { offsets, conversions, values } = journeys;
  let c = 0;
  let v = 0;
  for (let i = 0; i + 1 < offsets.length; i++) {
    if (offsets[i + 1]! > offsets[i]!) {
      c += conversions[i]!;
      v += values[i]!;
    }
  }
  return { conversions: c, value: v };
}
