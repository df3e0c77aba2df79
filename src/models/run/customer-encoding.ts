import { matrix, type Matrix } from '../classify/types.js';
import type { FeatureValue } from '../explain/index.js';
import type { CustomerFeature } from './customer-features.js';
import type { CustomerSnapshot } from './training-set.js';

/**
 * How a snapshot's features become the classifier's columns: numbers as they are (NaN = missing,
 * which the trees route and the logistic model imputes), flags 0/1, and each text feature one-hot
 * over its commonest training values plus an "(other)" column (null: all zeros). Plain JSON, saved
 * with the model so that scoring encodes exactly as training did.
 */
export interface CustomerEncoding {
  features: { name: string; kind: CustomerFeature['kind']; levels?: string[] }[];
  /** One per column: `recency_days`, `favourite_category=Shoes`, `favourite_category=(other)`. */
  names: string[];
  /** The feature each column comes from (for reasons: a category's columns are one reason). */
  columnFeature: string[];
}

export const OTHER = '(other)';

/** Fits the encoding on the training snapshot: the `maxLevels` commonest values of each text feature. */
export function fitCustomerEncoding(snapshot: CustomerSnapshot, features: readonly CustomerFeature[], maxLevels = 20): CustomerEncoding {
  const encoded: CustomerEncoding['features'] = [];
  const names: string[] = [];
  const columnFeature: string[] = [];
  for (const f of features) {
    const column = snapshot.columns[f.name];
    if (!column) throw new RangeError(`the snapshot has no feature ${f.name}`);
    if (f.kind !== 'text') {
      encoded.push({ name: f.name, kind: f.kind });
      names.push(f.name);
      columnFeature.push(f.name);
      continue;
    }
    const counts = new Map<string, number>();
    for (const v of column as (string | null)[]) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    const levels = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, maxLevels).map(([l]) => l);
    encoded.push({ name: f.name, kind: 'text', levels });
    for (const l of [...levels, OTHER]) {
      names.push(`${f.name}=${l}`);
      columnFeature.push(f.name);
    }
  }
  return { features: encoded, names, columnFeature };
}

/** A snapshot's rows as the model's matrix. */
export function encodeSnapshot(snapshot: CustomerSnapshot, encoding: CustomerEncoding): Matrix {
  const rows = snapshot.customerIds.length;
  const cols = encoding.names.length;
  const data = new Float64Array(rows * cols);
  let c = 0;
  for (const f of encoding.features) {
    const column = snapshot.columns[f.name];
    if (!column) throw new RangeError(`the snapshot has no feature ${f.name}, which the model needs`);
    if (f.kind !== 'text') {
      const values = column as Float64Array;
      for (let r = 0; r < rows; r++) data[r * cols + c] = values[r]!;
      c++;
      continue;
    }
    const levels = f.levels ?? [];
    const index = new Map(levels.map((l, i) => [l, i]));
    const texts = column as (string | null)[];
    for (let r = 0; r < rows; r++) {
      const v = texts[r];
      if (v === null || v === undefined) continue;
      data[r * cols + c + (index.get(v) ?? levels.length)] = 1;
    }
    c += levels.length + 1;
  }
  return matrix(data, rows, cols);
}

/** A customer's raw value of a feature, as reasons phrase it (flags as yes/no). */
export function snapshotValue(snapshot: CustomerSnapshot, encoding: CustomerEncoding, row: number, feature: string): FeatureValue {
  const column = snapshot.columns[feature];
  if (!column) return null;
  const v = column[row];
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (Number.isNaN(v)) return null;
  return encoding.features.find((f) => f.name === feature)?.kind === 'flag' ? v === 1 : v;
}
