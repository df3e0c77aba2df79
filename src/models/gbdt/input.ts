import type { Dataset } from '../classify/types.js';
import type { Random } from '../prng.js';

/**
 * Checks a data set's shape and labels.
 *
 * @throws RangeError naming the problem: no rows or columns, a matrix of the wrong size, labels
 *   or names that do not match the rows or columns, a label other than 0 or 1.
 */
export function checkDataset(data: Dataset, what: string): void {
  const { x, y, names } = data;
  if (x.rows === 0) throw new RangeError(`the ${what} set has no rows`);
  if (x.cols === 0) throw new RangeError(`the ${what} set has no columns`);
  if (x.data.length !== x.rows * x.cols) throw new RangeError(`the ${what} matrix needs ${x.rows * x.cols} values, got ${x.data.length}`);
  if (y.length !== x.rows) throw new RangeError(`the ${what} set has ${x.rows} rows but ${y.length} labels`);
  if (names.length !== x.cols) throw new RangeError(`the ${what} set has ${x.cols} columns but ${names.length} names`);
  for (let i = 0; i < y.length; i++) {
    const label = y[i]!;
    if (label !== 0 && label !== 1) throw new RangeError(`label ${i} of the ${what} set is ${label}; labels must be 0 or 1`);
  }
}

/** Holds out `fraction` of each class (shuffled with the seed), as scikit-learn's stratified split. */
export function stratifiedSplit(y: Uint8Array, fraction: number, random: Random): [Uint32Array, Uint32Array] {
  const held = new Uint8Array(y.length);
  const positives = countPositives(y);
  for (const label of [0, 1]) {
    const rows = new Uint32Array(label === 1 ? positives : y.length - positives);
    for (let i = 0, k = 0; i < y.length; i++) if (y[i] === label) rows[k++] = i;
    const take = Math.round(rows.length * fraction);
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(random() * (rows.length - i));
      const t = rows[i]!;
      rows[i] = rows[j]!;
      rows[j] = t;
      held[rows[i]!] = 1;
    }
  }
  let count = 0;
  for (let i = 0; i < held.length; i++) count += held[i]!;
  const fit = new Uint32Array(y.length - count);
  const out = new Uint32Array(count);
  for (let i = 0, a = 0, b = 0; i < y.length; i++) {
    if (held[i] === 1) out[b++] = i;
    else fit[a++] = i;
  }
  return [fit, out];
}

export function identity(n: number): Uint32Array {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

export function pick(y: Uint8Array, rows: Uint32Array): Uint8Array {
  if (rows.length === y.length) return y;
  const out = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = y[rows[i]!]!;
  return out;
}

export function countPositives(y: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < y.length; i++) count += y[i]!;
  return count;
}
