import type { SourceDefinition } from '../source.js';
import { onlineRetail } from './online-retail.js';

/** The exports Cairn loads without a mapping file, by `--source` name. */
export const builtInSources: ReadonlyMap<string, SourceDefinition> = new Map(
  [onlineRetail].map((s) => [s.name, s]),
);
