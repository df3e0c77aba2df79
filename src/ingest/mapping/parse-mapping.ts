import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ImportUsageError } from '../errors.js';
import { planMapping, type PlannedColumn } from './plan.js';
import { MappingSchema, validKeysAt, type Mapping } from './schema.js';
import { suggestion } from './suggest.js';

/** A mapping file that cannot be used; the message lists every problem by its JSON path. */
export class MappingError extends ImportUsageError {
  override name = 'MappingError';
  constructor(readonly mappingFile: string, readonly problems: readonly string[]) {
    super(`mapping ${mappingFile} is not valid:\n${problems.map((p) => `  ${p}`).join('\n')}`, mappingFile);
  }
}

/** A checked mapping with its planned columns. */
export interface ParsedMapping {
  mapping: Mapping;
  columns: PlannedColumn[];
}

/** Reads and checks a mapping file (see mapping/README in the report for the format). */
export function readMappingFile(file: string): ParsedMapping {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ImportUsageError(`no such mapping file: ${file}`, file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new MappingError(file, [`not valid JSON: ${err instanceof Error ? err.message : String(err)}`]);
  }
  return parseMapping(json, file);
}

/** Checks a mapping given as a parsed JSON value; `label` names it in errors. */
export function parseMapping(json: unknown, label = 'mapping'): ParsedMapping {
  const parsed = MappingSchema.safeParse(json);
  if (!parsed.success) throw new MappingError(label, parsed.error.issues.flatMap((i) => describeIssue(i, json)));
  const { columns, issues } = planMapping(parsed.data);
  if (issues.length) throw new MappingError(label, issues.map((i) => `${i.path}: ${i.message}`));
  return { mapping: parsed.data, columns };
}

function describeIssue(issue: z.core.$ZodIssue, json: unknown): string[] {
  const path = issue.path.map(String).join('.');
  const at = (key?: string) => [path, key].filter(Boolean).join('.') || '(top level)';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => `${at(k)}: unknown key; ${suggestion(k, validKeysAt(issue.path))}`);
    case 'invalid_value': {
      const input = valueAt(json, issue.path);
      if (input === undefined) return [`${at()}: required`];
      const options = issue.values.map(String);
      const near = typeof input === 'string' ? ` ("${input}": ${suggestion(input, options)})` : '';
      return [`${at()}: expected one of ${options.join(', ')}${near}`];
    }
    case 'invalid_type':
      return [`${at()}: ${valueAt(json, issue.path) === undefined ? 'required' : `expected ${issue.expected}`}`];
    default:
      return [`${at()}: ${issue.message}`];
  }
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let v = json;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** The pseudonym namespace: mappings of one system share it so their customer ids agree. */
export function namespaceOf(parsed: ParsedMapping): string {
  return parsed.mapping.namespace ?? parsed.mapping.name;
}
