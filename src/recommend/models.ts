import { fitAls, type AlsOptions } from './als.js';
import { fitEase, type EaseOptions } from './ease.js';
import { fitItemKnn, type ItemKnnOptions } from './item-knn.js';
import type { Interactions } from './matrix.js';
import { fitPopularity } from './popularity.js';
import type { ScoringModel } from './recommender.js';

/** Every model Cairn can recommend with, the baseline first. */
export const MODEL_NAMES = ['popularity', 'item-knn', 'ease', 'als'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** Per-model parameters. */
export interface ModelOptions {
  itemKnn?: ItemKnnOptions;
  ease?: EaseOptions;
  als?: AlsOptions;
}

/** Fits the named model on `train`. */
export function fitModel(name: ModelName, train: Interactions, options: ModelOptions = {}): ScoringModel {
  switch (name) {
    case 'popularity':
      return fitPopularity(train);
    case 'item-knn':
      return fitItemKnn(train, options.itemKnn);
    case 'ease':
      return fitEase(train, options.ease);
    case 'als':
      return fitAls(train, options.als);
  }
}
