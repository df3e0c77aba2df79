import type { Contributions, Matrix } from '../classify/types.js';
import type { GbdtModel } from './types.js';

/** Exact TreeSHAP contributions (work in progress). */
export function treeShap(model: GbdtModel, x: Matrix): Contributions {
  void model;
  void x;
  throw new Error('treeShap: not implemented yet');
}
