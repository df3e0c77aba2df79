import type { Matrix } from '../classify/types.js';
import type { GbdtModel } from './types.js';

/** Every tree of a model in one set of typed arrays; children are absolute node numbers. */
interface PackedForest {
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  missingGoesLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

/**
 * The margin (log-odds) of every row of x: the base score plus each tree's leaf. Raw values are
 * compared with the thresholds (no binning); NaN follows each split's learnt missing direction.
 *
 * @throws RangeError when x has another number of columns than the model, or a tree is malformed.
 */
export function gbdtMargins(model: GbdtModel, x: Matrix): Float64Array {
  checkModel(model, x.cols);
  const forest = pack(model);
  const { roots, feature, threshold, missingGoesLeft, left, right, value } = forest;
  const { data, rows, cols } = x;
  const margins = new Float64Array(rows);
  const trees = roots.length;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let margin = model.baseScore;
    for (let t = 0; t < trees; t++) {
      let node = roots[t]!;
      let f = feature[node]!;
      while (f >= 0) {
        const v = data[base + f]!;
        const goLeft = v !== v ? missingGoesLeft[node] === 1 : v <= threshold[node]!;
        node = goLeft ? left[node]! : right[node]!;
        f = feature[node]!;
      }
      margin += value[node]!;
    }
    margins[r] = margin;
  }
  return margins;
}

/**
 * Checks a (possibly loaded) model against a matrix's width: array lengths agree, features are in
 * range and children come after their parent, so every walk down a tree ends at a leaf.
 *
 * @throws RangeError naming the first problem.
 */
export function checkModel(model: GbdtModel, cols: number): void {
  if (model.kind !== 'gbdt') throw new RangeError(`not a gbdt model (kind '${String(model.kind)}')`);
  if (model.names.length !== cols) throw new RangeError(`the model has ${model.names.length} features, the data ${cols} columns`);
  model.trees.forEach((tree, t) => {
    const nodes = tree.feature.length;
    if (nodes === 0) throw new RangeError(`tree ${t} has no nodes`);
    for (const key of ['threshold', 'missingGoesLeft', 'left', 'right', 'value', 'cover', 'gain'] as const) {
      if (tree[key].length !== nodes) throw new RangeError(`tree ${t}: ${key} has ${tree[key].length} entries for ${nodes} nodes`);
    }
    for (let node = 0; node < nodes; node++) {
      const f = tree.feature[node]!;
      if (f < 0) continue;
      const l = tree.left[node]!;
      const r = tree.right[node]!;
      if (!Number.isInteger(f) || f >= cols) throw new RangeError(`tree ${t} node ${node}: feature ${f} out of range`);
      if (!(l > node && l < nodes && r > node && r < nodes)) throw new RangeError(`tree ${t} node ${node}: children ${l}, ${r} out of order`);
    }
  });
}

function pack(model: GbdtModel): PackedForest {
  let total = 0;
  for (const tree of model.trees) total += tree.feature.length;
  const forest: PackedForest = {
    roots: new Int32Array(model.trees.length),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    missingGoesLeft: new Uint8Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    value: new Float64Array(total),
  };
  let offset = 0;
  model.trees.forEach((tree, t) => {
    forest.roots[t] = offset;
    for (let node = 0; node < tree.feature.length; node++) {
      const at = offset + node;
      const f = tree.feature[node]!;
      forest.feature[at] = f < 0 ? -1 : f;
      forest.threshold[at] = tree.threshold[node]!;
      forest.missingGoesLeft[at] = tree.missingGoesLeft[node] ? 1 : 0;
      forest.left[at] = f < 0 ? -1 : offset + tree.left[node]!;
      forest.right[at] = f < 0 ? -1 : offset + tree.right[node]!;
      forest.value[at] = tree.value[node]!;
    }
    offset += tree.feature.length;
  });
  return forest;
}
