export { fitBgNbd, bgnbdLogLikelihood, probabilityAlive, expectedPurchases, type BgNbdParams } from './bgnbd.js';
export { fitGammaGamma, gammaGammaLogLikelihood, expectedSpend, type GammaGammaParams } from './gamma-gamma.js';
export type { RfmSummary, Fit } from './summary.js';
