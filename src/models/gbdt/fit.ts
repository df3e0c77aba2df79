import type { Dataset, FitReport } from '../classify/types.js';
import type { GbdtModel, GbdtOptions } from './types.js';

/** Fits a gradient-boosted tree classifier (work in progress). */
export function fitGbdt(train: Dataset, options: GbdtOptions & { valid?: Dataset; seed?: number } = {}): { model: GbdtModel; report: FitReport } {
  void train;
  void options;
  throw new Error('fitGbdt: not implemented yet');
}
