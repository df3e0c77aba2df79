import type { GbdtModel } from './types.js';

/** Total split gain and number of splits per feature (work in progress). */
export function gbdtImportance(model: GbdtModel): { name: string; gain: number; splits: number }[] {
  void model;
  throw new Error('gbdtImportance: not implemented yet');
}
