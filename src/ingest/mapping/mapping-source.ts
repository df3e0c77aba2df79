import { extname } from 'node:path';
import { ImportUsageError } from '../errors.js';
import type { ReadOptions, SourceDefinition } from '../source.js';
import { loadWithMapping } from './load-mapping.js';
import { readMappingFile, type ParsedMapping } from './parse-mapping.js';
import type { MappingFormat } from './schema.js';

const EXTENSIONS: Readonly<Record<string, MappingFormat>> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

/** The format of the files: the mapping's `format`, else their extension (all alike), else CSV. */
export function formatOf(parsed: ParsedMapping, files: readonly string[] = []): MappingFormat {
  if (parsed.mapping.format) return parsed.mapping.format;
  const found = new Set(files.map((f) => EXTENSIONS[extname(f).toLowerCase()] ?? 'csv'));
  if (found.size > 1) {
    throw new ImportUsageError(`the files are of different formats (${[...found].join(', ')}): import them separately, or set "format" in mapping ${parsed.mapping.name}`);
  }
  return [...found][0] ?? 'csv';
}

/** A source that loads files as a mapping says. `files` decide the format when the mapping does not. */
export function mappingSource(parsed: ParsedMapping, files?: readonly string[]): SourceDefinition {
  const { mapping } = parsed;
  const format = formatOf(parsed, files);
  const csv = { ...mapping.csv, ...(format === 'tsv' ? { delimiter: mapping.csv?.delimiter ?? '\t' } : {}) };
  const read: ReadOptions = format === 'jsonl' || format === 'parquet' ? { format } : { format: 'csv', csv };
  const fromColumns = [...new Set(parsed.columns.flatMap((c) => ('from' in c.get ? [c.get.from] : [])))];
  return {
    name: mapping.name,
    description: mapping.description ?? `mapping ${mapping.name} into ${mapping.table}`,
    read,
    // JSON lines have no header: their fields are checked when the lines are unpacked.
    requiredColumns: format === 'jsonl' ? [] : fromColumns,
    load: (ctx) => loadWithMapping(ctx, parsed, format === 'jsonl'),
  };
}

/** Reads a mapping file into a source. */
export function loadMappingSource(file: string, files?: readonly string[]): SourceDefinition {
  return mappingSource(readMappingFile(file), files);
}
