import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GenerateOptions } from '../generate/index.js';

/** One import of the demo: a generated file and the source that loads it. */
export interface DemoImport {
  file: string;
  /** A built-in source name, or a mapping file written beside the shop. */
  source: string;
}

/**
 * The order the demo imports a generated shop in: the catalogue first (so POS SKUs become
 * product ids), then events, store receipts, the CRM and reviews.
 */
export function demoImports(dir: string): DemoImport[] {
  return [
    { file: join(dir, 'products.csv'), source: join(dir, 'mappings', 'products.json') },
    { file: join(dir, 'events.jsonl'), source: 'segment' },
    { file: join(dir, 'pos_orders.csv'), source: 'shop-pos' },
    { file: join(dir, 'crm.csv'), source: 'shop-crm' },
    { file: join(dir, 'reviews.csv'), source: join(dir, 'mappings', 'reviews.json') },
  ];
}

/** True when `dir` already holds a complete shop generated with these options (same seed, same flags). */
export function shopIsCurrent(dir: string, options: GenerateOptions): boolean {
  const summaryFile = join(dir, 'truth', 'summary.json');
  if (!existsSync(summaryFile) || !existsSync(join(dir, 'mappings', 'reviews.json'))) return false;
  try {
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as { flags?: { customers?: number; days?: number; seed?: number; start?: string } };
    const f = summary.flags ?? {};
    return f.customers === options.customers && f.days === options.days && f.seed === options.seed && (options.start === undefined || f.start === options.start);
  } catch {
    return false;
  }
}
