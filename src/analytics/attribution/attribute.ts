import type { Credit } from './credit.js';
import { firstTouch, lastTouch, linear, positionBased, timeDecay } from './heuristics.js';
import type { Journeys } from './journeys.js';
import { markovAttribution } from './markov.js';
import { shapleyAttribution } from './shapley.js';

/** The models `attribute` knows, in the order reports list them. */
export const ATTRIBUTION_MODELS = ['first', 'last', 'linear', 'time-decay', 'position', 'markov', 'shapley'] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

export interface AttributionOptions {
  /** Markov order (1–3 in the CLI). Default 1. */
  order?: number;
  /** Time-decay half-life in days. Default 7. */
  halfLifeDays?: number;
}

/** One channel's credit under one model. */
export interface ChannelCredit {
  channel: string;
  conversions: number;
  value: number;
  /** Share of the model's credited conversions (0..1). */
  share: number;
  /** Markov only: the channel's removal effect. */
  removalEffect?: number;
}

export interface ModelAttribution {
  model: AttributionModel;
  /** Markov: the order used. */
  order?: number;
  channels: ChannelCredit[];
  /** Conversions and value credited in all (those of journeys with at least one touch). */
  conversions: number;
  value: number;
  /** Markov: P(conversion) of the fitted chain and its number of states; Shapley: players. */
  detail?: Record<string, number>;
}

/** Runs one model over the journeys and names the result per channel. */
export function attribute(journeys: Journeys, model: AttributionModel, options: AttributionOptions = {}): ModelAttribution {
  switch (model) {
    case 'first':
      return named(journeys, model, firstTouch(journeys));
    case 'last':
      return named(journeys, model, lastTouch(journeys));
    case 'linear':
      return named(journeys, model, linear(journeys));
    case 'position':
      return named(journeys, model, positionBased(journeys));
    case 'time-decay':
      return named(journeys, model, timeDecay(journeys, options.halfLifeDays ?? 7));
    case 'markov': {
      const order = options.order ?? 1;
      const r = markovAttribution(journeys, order);
      const out = named(journeys, model, r, r.removalEffects);
      return { ...out, order, detail: { conversionProbability: r.conversionProbability, states: r.states } };
    }
    case 'shapley': {
      const r = shapleyAttribution(journeys);
      return { ...named(journeys, model, r), detail: { players: r.players, coalitions: r.coalitions } };
    }
  }
}

function named(journeys: Journeys, model: AttributionModel, credit: Credit, removal?: Float64Array): ModelAttribution {
  let conversions = 0;
  let value = 0;
  for (let c = 0; c < credit.conversions.length; c++) {
    conversions += credit.conversions[c]!;
    value += credit.value[c]!;
  }
  const channels = journeys.channels.map((channel, c): ChannelCredit => {
    const row: ChannelCredit = { channel, conversions: credit.conversions[c]!, value: credit.value[c]!, share: conversions > 0 ? credit.conversions[c]! / conversions : 0 };
    if (removal) row.removalEffect = removal[c]!;
    return row;
  });
  return { model, channels, conversions, value };
}
