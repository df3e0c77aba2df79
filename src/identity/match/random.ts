import { mulberry32 } from '../../models/index.js';

/** The models' seeded generator (mulberry32), so that sampling, and so every estimate, repeats exactly for a seed. */
export function seededRandom(seed: number): () => number {
  return mulberry32(seed);
}
