import { rocAuc, type Matrix } from '../classify/index.js';
import type { Encoder } from './encoder.js';

/** How well one source column alone separates the classes on the training rows. */
export interface ColumnSignal {
  column: string;
  /** ROC AUC of the column alone, oriented so that 0.5 is no signal and 1 is perfect. */
  auc: number;
}

/** A single column with an AUC at or above this on the training rows is flagged as a likely leak. */
export const LEAKY_AUC = 0.98;

/**
 * ROC AUC of every source column on its own: a number (or date, or boolean) ranks the rows by its
 * value, with missing values put first and then last and the better kept (a column that is blank
 * exactly for the negatives is a leak too); a categorical ranks them by its levels' positive
 * rates on these rows. Sorted from the strongest.
 */
export function columnSignals(encoder: Encoder, x: Matrix, y: Uint8Array): ColumnSignal[] {
  const out: ColumnSignal[] = [];
  let offset = 0;
  for (const c of encoder.columns) {
    const width = c.type === 'categorical' ? c.levels.length + (c.other ? 1 : 0) : 1;
    const auc = c.type === 'categorical' ? levelRateAuc(x, y, offset, width) : numericAuc(x, y, offset);
    out.push({ column: c.column, auc });
    offset += width;
  }
  return out.sort((a, b) => b.auc - a.auc);
}

function oriented(auc: number): number {
  return Math.max(auc, 1 - auc);
}

function numericAuc(x: Matrix, y: Uint8Array, col: number): number {
  const low = new Float64Array(x.rows);
  const high = new Float64Array(x.rows);
  let any = false;
  for (let r = 0; r < x.rows; r++) {
    const v = x.data[r * x.cols + col]!;
    low[r] = Number.isNaN(v) ? -Infinity : v;
    high[r] = Number.isNaN(v) ? Infinity : v;
    if (!Number.isNaN(v)) any = true;
  }
  if (!any) return 0.5;
  return Math.max(oriented(rocAuc(y, low)), oriented(rocAuc(y, high)));
}

function levelRateAuc(x: Matrix, y: Uint8Array, offset: number, width: number): number {
  const level = new Int32Array(x.rows);
  const pos = new Float64Array(width + 1);
  const all = new Float64Array(width + 1);
  for (let r = 0; r < x.rows; r++) {
    let l = width; // all zeros: missing or unseen
    for (let j = 0; j < width; j++) {
      if (x.data[r * x.cols + offset + j] === 1) {
        l = j;
        break;
      }
    }
    level[r] = l;
    all[l]!++;
    pos[l]! += y[r]!;
  }
  const score = Float64Array.from(level, (l) => pos[l]! / all[l]!);
  return oriented(rocAuc(y, score));
}
