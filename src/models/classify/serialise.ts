import { z } from 'zod';
import type { GbdtModel } from '../gbdt/index.js';
import type { LogisticModel } from './logistic.js';
import type { MlpModel } from './mlp.js';

/** Any fitted classifier; `kind` says which. */
export type ClassifierModel = LogisticModel | GbdtModel | MlpModel;

/**
 * A model as JSON text: typed arrays become plain arrays, and the numbers JSON cannot hold
 * (a tree's +Infinity threshold) become `{"$number": "Infinity"}`.
 */
export function serialiseModel(model: ClassifierModel): string {
  return JSON.stringify(model, (_key, value: unknown) => {
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
    if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
    return value;
  });
}

const numbers = z.array(z.number());
// zod's number() refuses ±Infinity, which a tree's threshold may be; NaN is refused everywhere.
const extendedNumbers = z.array(z.custom<number>((v) => typeof v === 'number' && !Number.isNaN(v), 'expected a number'));
const logisticSchema = z.object({
  kind: z.literal('logistic'),
  names: z.array(z.string()),
  means: numbers,
  scales: numbers,
  weights: numbers,
  intercept: z.number(),
  params: z.object({ C: z.number(), solver: z.enum(['newton', 'lbfgs']) }),
});
const mlpSchema = z.object({
  kind: z.literal('mlp'),
  names: z.array(z.string()),
  means: numbers,
  scales: numbers,
  unused: numbers,
  layers: z.array(z.object({ inputs: z.number().int(), outputs: z.number().int(), weights: numbers, biases: numbers })).min(1),
  params: z.object({
    hidden: z.array(z.number().int()),
    learningRate: z.number(),
    l2: z.number(),
    batchSize: z.number(),
    maxEpochs: z.number(),
    patience: z.number(),
    tolerance: z.number(),
    seed: z.number(),
  }),
});
// The tree model belongs to models/gbdt: only the parts every reader relies on are checked here.
const treeSchema = z.looseObject({
  feature: numbers,
  threshold: extendedNumbers,
  missingGoesLeft: numbers,
  left: numbers,
  right: numbers,
  value: numbers,
  cover: numbers,
});
const gbdtSchema = z.looseObject({ kind: z.literal('gbdt'), names: z.array(z.string()), baseScore: z.number(), trees: z.array(treeSchema) });
const modelSchema = z.discriminatedUnion('kind', [logisticSchema, mlpSchema, gbdtSchema]);

function sameLengths(model: ClassifierModel): string | undefined {
  const p = model.names.length;
  if (model.kind === 'logistic') {
    if (model.means.length !== p || model.scales.length !== p || model.weights.length !== p) return 'means, scales and weights need one entry per name';
  } else if (model.kind === 'mlp') {
    if (model.means.length !== p || model.scales.length !== p || model.unused.length !== p) return 'means, scales and unused need one entry per name';
    if (model.layers[0]!.inputs !== p) return 'the first layer must take one input per name';
  } else {
    for (const tree of model.trees) {
      const nodes = tree.feature.length;
      const arrays = [tree.threshold, tree.missingGoesLeft, tree.left, tree.right, tree.value, tree.cover];
      if (arrays.some((a) => a.length !== nodes)) return 'every array of a tree needs one entry per node';
      if (tree.feature.some((f) => f >= p)) return 'a tree splits on a column the model does not name';
    }
  }
  return undefined;
}

/**
 * Reads a model written by {@link serialiseModel}, checking its shape.
 *
 * @throws RangeError when the text is not JSON or not a model of a known kind.
 */
export function parseModel(text: string): ClassifierModel {
  let raw: unknown;
  try {
    raw = JSON.parse(text, (_key, value: unknown) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const keys = Object.keys(value);
        const encoded = (value as { $number?: unknown }).$number;
        if (keys.length === 1 && typeof encoded === 'string') return Number(encoded);
      }
      return value;
    });
  } catch (error) {
    throw new RangeError(`the model is not valid JSON (${(error as Error).message}): load the file serialiseModel wrote`, { cause: error });
  }
  const parsed = modelSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : ` at ${issue.path.join('.') || 'the top'}: ${issue.message}`;
    throw new RangeError(`the text is not a logistic, gbdt or mlp model${where}`);
  }
  const model = parsed.data as ClassifierModel;
  const problem = sameLengths(model);
  if (problem !== undefined) throw new RangeError(`the ${model.kind} model is damaged: ${problem}`);
  return model;
}
