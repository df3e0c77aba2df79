/**
 * Binary classifiers on typed arrays (logistic regression, gradient-boosted trees, a small
 * multilayer perceptron), their metrics, calibration and explanations. Pure: no store here.
 */
export { matrix, sigmoid } from './types.js';
export type { Matrix, Dataset, ClassifierKind, FitReport, Contributions } from './types.js';
export { rocAuc, prAuc, logLoss, brier, confusion, accuracyAt, topDecileLift, topFractionLift, calibrationTable, classificationReport } from './metrics.js';
export type { Confusion, Lift, CalibrationBin, CalibrationStrategy, ClassificationReport, ReportOptions } from './metrics.js';
export { stratifiedSplit, takeRows, takeMatrixRows } from './split.js';
export type { Split } from './split.js';
export { fitLogistic, logisticMargins, logisticContributions } from './logistic.js';
export { lbfgs } from './lbfgs.js';
export type { LbfgsOptions, LbfgsResult, ObjectiveWithGradient } from './lbfgs.js';
export type { LogisticModel, LogisticOptions } from './logistic.js';
export { fitCalibrator, calibratedProbabilities, applyCalibrator, fitPlatt, fitIsotonic, isotonicRegression } from './calibrate.js';
export type { Calibrator, CalibrationMethod, PlattCalibrator, IsotonicCalibrator } from './calibrate.js';
export { fitMlp, mlpMargins } from './mlp.js';
export type { MlpModel, MlpOptions, MlpLayer } from './mlp.js';
export { fitClassifier, predictMargins, predictProbabilities, explain, globalImportance, PARAMETERS } from './train.js';
export type { FitOptions } from './train.js';
export { serialiseModel, parseModel } from './serialise.js';
export type { ClassifierModel } from './serialise.js';
