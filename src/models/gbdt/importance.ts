import type { GbdtModel } from './types.js';

/**
 * Global importance, one entry per feature in column order: the total loss reduction of the splits
 * on it (LightGBM's 'gain' importance) and how many splits use it.
 */
export function gbdtImportance(model: GbdtModel): { name: string; gain: number; splits: number }[] {
  const out = model.names.map((name) => ({ name, gain: 0, splits: 0 }));
  for (const tree of model.trees) {
    for (let node = 0; node < tree.feature.length; node++) {
      const entry = out[tree.feature[node]!];
      if (entry === undefined) continue; // a leaf (−1)
      entry.gain += tree.gain[node]!;
      entry.splits++;
    }
  }
  return out;
}
