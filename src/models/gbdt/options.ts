import type { GbdtOptions, GbdtParams } from './types.js';

/**
 * Fills in scikit-learn's defaults and checks every option.
 *
 * @throws RangeError naming the option that is out of range.
 */
export function resolveOptions(options: GbdtOptions & { seed?: number }): GbdtParams {
  const params: GbdtParams = {
    learningRate: options.learningRate ?? 0.1,
    maxIter: options.maxIter ?? 100,
    maxLeafNodes: options.maxLeafNodes ?? 31,
    maxDepth: options.maxDepth ?? null,
    minSamplesLeaf: options.minSamplesLeaf ?? 20,
    minHessianLeaf: options.minHessianLeaf ?? 1e-3,
    l2Regularization: options.l2Regularization ?? 0,
    maxBins: options.maxBins ?? 255,
    binSubsample: options.binSubsample ?? 200_000,
    earlyStopping: options.earlyStopping ?? 'auto',
    validationFraction: options.validationFraction ?? 0.1,
    nIterNoChange: options.nIterNoChange ?? 10,
    tolerance: options.tolerance ?? 1e-7,
    seed: options.seed ?? 0,
  };
  positive('learningRate', params.learningRate);
  whole('maxIter', params.maxIter, 1);
  whole('maxLeafNodes', params.maxLeafNodes, 2);
  if (params.maxDepth !== null) whole('maxDepth', params.maxDepth, 1);
  whole('minSamplesLeaf', params.minSamplesLeaf, 1);
  if (!(params.minHessianLeaf >= 0)) throw new RangeError(`minHessianLeaf must be 0 or more, got ${params.minHessianLeaf}`);
  if (!(params.l2Regularization >= 0)) throw new RangeError(`l2Regularization must be 0 or more, got ${params.l2Regularization}`);
  whole('maxBins', params.maxBins, 2);
  if (params.maxBins > 255) throw new RangeError(`maxBins must be at most 255 (one more bin holds missing values), got ${params.maxBins}`);
  whole('binSubsample', params.binSubsample, 1);
  if (!(params.validationFraction > 0 && params.validationFraction < 1)) throw new RangeError(`validationFraction must be between 0 and 1, got ${params.validationFraction}`);
  whole('nIterNoChange', params.nIterNoChange, 1);
  if (!(params.tolerance >= 0)) throw new RangeError(`tolerance must be 0 or more, got ${params.tolerance}`);
  if (!Number.isInteger(params.seed)) throw new RangeError(`seed must be a whole number, got ${params.seed}`);
  return params;
}

function positive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number, got ${value}`);
}

function whole(name: string, value: number, least: number): void {
  if (!Number.isInteger(value) || value < least) throw new RangeError(`${name} must be a whole number of at least ${least}, got ${value}`);
}
