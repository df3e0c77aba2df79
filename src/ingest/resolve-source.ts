import { ImportUsageError } from './errors.js';
import type { SourceDefinition } from './source.js';
import { builtInSources } from './sources/index.js';

/** `--source`: a built-in source's name, or the path of a mapping file (`*.json`). */
export async function resolveSource(nameOrPath: string): Promise<SourceDefinition> {
  const builtIn = builtInSources.get(nameOrPath);
  if (builtIn) return builtIn;
  const names = [...builtInSources.keys()].join(', ');
  throw new ImportUsageError(`unknown source "${nameOrPath}": use one of ${names}, or the path of a mapping file (*.json)`);
}
