/**
 * Pure models: typed arrays in, results out (clustering, customer lifetime value). Nothing here
 * touches the store; a module's `run.ts` loads the features and writes the results.
 */
export { kmeans } from './kmeans.js';
export type { KMeansOptions, KMeansResult } from './kmeans.js';
export { chooseK } from './choose-k.js';
export type { ChooseKOptions, ChooseKResult, KScore } from './choose-k.js';
export { silhouette } from './silhouette.js';
export type { SilhouetteOptions } from './silhouette.js';
export { standardise, applyScaling } from './standardise.js';
export type { StandardiseOptions, Scaling, Standardised } from './standardise.js';
export { adjustedRandIndex } from './ari.js';
export { mulberry32, gaussian } from './prng.js';
export type { Random } from './prng.js';
export { fitBgNbd, bgnbdLogLikelihood, probabilityAlive, expectedPurchases, fitGammaGamma, gammaGammaLogLikelihood, expectedSpend } from './clv/index.js';
export { fitParetoNbd, paretoNbdLogLikelihood, paretoProbabilityAlive, paretoExpectedPurchases } from './clv/index.js';
export { bgnbdModel, paretoNbdModel, discountedValue, nextPurchase } from './clv/index.js';
export type { BgNbdParams, ParetoNbdParams, GammaGammaParams, RfmSummary, Fit, TransactionModel, DiscountOptions, NextPurchase } from './clv/index.js';
export { scoreRfm, quintileScores, rfmSegment, summariseRfm, rfmTransitions, rfmCards, RFM_SEGMENTS, RFM_MEANING, dbscan, NOISE, suggestEps, kmeansStability, describeSegments } from './segment/index.js';
export type { RfmSegment, RfmResult, RfmSegmentSummary, RfmTransitions, RfmCard, DbscanResult, EpsSuggestion, Stability, SegmentCard } from './segment/index.js';
export { forecastSeries, forecastTotal, ForecastInputError, parseHolidaysCsv, describeModel, dayNumber, isoDay, accuracy, addErrors, emptySums, seasonalNaiveScale, planBacktest, MIN_DAYS } from './forecast/index.js';
export type { ForecastOptions, ForecastResult, ForecastTotal, ForecastInterval, ModelScore, BacktestSummary, Holiday, HolidayEffect, CandidateName, Accuracy, BacktestPlan } from './forecast/index.js';
export { averageRanks, pearson, spearman } from './rank-correlation.js';
export { lbfgs, fitClassifier, predictMargins, predictProbabilities, explain, globalImportance, serialiseModel, parseModel, fitCalibrator, calibratedProbabilities, stratifiedSplit, takeRows, rocAuc, prAuc, logLoss, brier, confusion, accuracyAt, topDecileLift, calibrationTable, classificationReport } from './classify/index.js';
export type { ClassifierModel, ClassifierKind, Calibrator, CalibrationMethod, Dataset, Matrix, FitReport, FitOptions, Contributions, ClassificationReport, CalibrationBin, Confusion, Lift } from './classify/index.js';
