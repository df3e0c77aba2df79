export { fitBgNbd, bgnbdLogLikelihood, probabilityAlive, expectedPurchases, type BgNbdParams } from './bgnbd.js';
export { fitParetoNbd, paretoNbdLogLikelihood, paretoProbabilityAlive, paretoExpectedPurchases, type ParetoNbdParams } from './pareto-nbd.js';
export { fitGammaGamma, gammaGammaLogLikelihood, expectedSpend, type GammaGammaParams } from './gamma-gamma.js';
export { bgnbdModel, paretoNbdModel, discountedValue, nextPurchase, type TransactionModel, type DiscountOptions, type NextPurchase } from './lifetime-value.js';
export type { RfmSummary, Fit } from './summary.js';
