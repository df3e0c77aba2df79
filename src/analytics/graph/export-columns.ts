import type { AbstractGraph, Attributes } from 'graphology-types';

export type ColumnType = 'string' | 'long' | 'double' | 'boolean';

export interface AttributeColumn {
  name: string;
  type: ColumnType;
}

/**
 * The attributes the nodes (or edges) of a graph carry, with one type each, in first-seen order:
 * `long` when every value is a whole number, `double` for other numbers, `boolean`, and `string`
 * for anything else or a mix. Exporters write one column (or GraphML key) per attribute.
 */
export function attributeColumns(graph: AbstractGraph, of: 'node' | 'edge', skip: readonly string[] = []): AttributeColumn[] {
  const types = new Map<string, ColumnType>();
  const see = (attrs: Attributes) => {
    for (const [name, value] of Object.entries(attrs)) {
      if (skip.includes(name) || value === null || value === undefined) continue;
      const type = typeOf(value);
      const before = types.get(name);
      types.set(name, before === undefined || before === type ? type : merge(before, type));
    }
  };
  if (of === 'node') graph.forEachNode((_n, attrs) => see(attrs));
  else graph.forEachEdge((_e, attrs) => see(attrs));
  return [...types.entries()].map(([name, type]) => ({ name, type }));
}

function typeOf(value: unknown): ColumnType {
  if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'double';
  if (typeof value === 'boolean') return 'boolean';
  return 'string';
}

function merge(a: ColumnType, b: ColumnType): ColumnType {
  const numbers: ColumnType[] = ['long', 'double'];
  return numbers.includes(a) && numbers.includes(b) ? 'double' : 'string';
}

/** A value as text for a column of `type` ('' for none; numbers in full precision). */
export function formatValue(value: unknown, type: ColumnType): string {
  if (value === null || value === undefined) return '';
  if (type === 'string' && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
