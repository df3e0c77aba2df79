import type { Matrix } from '../classify/types.js';
import type { GbdtModel } from './types.js';

/** The margin (log-odds) of every row (work in progress). */
export function gbdtMargins(model: GbdtModel, x: Matrix): Float64Array {
  void model;
  void x;
  throw new Error('gbdtMargins: not implemented yet');
}
