import { join } from 'node:path';
import { generateShop, type GenerateSummary } from '../src/generate/index.js';
import { tempDir } from './temp.js';

/** A small generated shop in a temporary folder (about 20k events), for tests that need real-looking exports. */
export async function smallShop(customers = 150, days = 45): Promise<{ dir: string; summary: GenerateSummary; cleanup: () => void }> {
  const tmp = tempDir('cairn-shop-');
  const dir = join(tmp.dir, 'shop');
  const summary = await generateShop({ customers, days, seed: 7, out: dir });
  return { dir, summary, cleanup: tmp.cleanup };
}
