import { ImportUsageError } from './errors.js';
import { loadMappingSource } from './mapping/mapping-source.js';
import type { SourceDefinition } from './source.js';
import { builtInSources } from './sources/index.js';

/**
 * `--source`: a built-in source's name, or the path of a mapping file (`*.json`). The files to
 * import, when given, decide a mapping's format if the mapping does not say it.
 */
export async function resolveSource(nameOrPath: string, files?: readonly string[]): Promise<SourceDefinition> {
  const builtIn = builtInSources.get(nameOrPath);
  if (builtIn) return builtIn;
  if (nameOrPath.toLowerCase().endsWith('.json')) return loadMappingSource(nameOrPath, files);
  const names = [...builtInSources.keys()].join(', ');
  throw new ImportUsageError(`unknown source "${nameOrPath}": use one of ${names}, or the path of a mapping file (*.json)`);
}
