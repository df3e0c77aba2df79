import { nelderMead } from '../optimise/nelder-mead.js';
import { hyp2f1, logAddExp, logBeta, logGamma } from './special.js';
import { checkSummary, compress, type Fit, type RfmSummary } from './summary.js';

/** BG/NBD parameters (Fader, Hardie & Lee 2005): purchase rate ~ Gamma(r, α), dropout ~ Beta(a, b). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/**
 * Log-likelihood of one customer, in log space throughout (eq. 6 of the paper):
 * ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b) + ln[(α+T)^−(r+x) + δ(x>0) a/(b+x−1) (α+t_x)^−(r+x)].
 */
export function bgnbdLogLikelihood(p: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const common = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + logBeta(a, b + x) - logBeta(a, b);
  const stay = -(r + x) * Math.log(alpha + T);
  const left = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return common + logAddExp(stay, left);
}

/**
 * Maximum-likelihood BG/NBD: Nelder–Mead on the logs of the four parameters (so they stay
 * positive), summing over distinct (x, t_x, T) rows. On CDNOW's 2,357 customers this gives the
 * published r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4 (tested).
 */
export function fitBgNbd(summary: RfmSummary): Fit<BgNbdParams> {
  checkSummary(summary);
  const { x, tx, T, w } = compress(summary);
  const params = (v: number[]): BgNbdParams => ({ r: Math.exp(v[0]!), alpha: Math.exp(v[1]!), a: Math.exp(v[2]!), b: Math.exp(v[3]!) });
  // Same sum as bgnbdLogLikelihood over the rows, with the terms that do not depend on the
  // customer taken out of the loop (the fit evaluates it a few hundred times).
  // The log-gamma terms depend on x alone, and x takes few values (repeat purchases): computing
  // them once per distinct x cut a fit on the demo shop's 3,858 day-level rows by ~5×.
  const distinct = [...new Set(x)];
  const slot = Int32Array.from(x, (xi) => distinct.indexOf(xi));
  const byX = new Float64Array(distinct.length);
  const negLL = (v: number[]) => {
    const { r, alpha, a, b } = params(v);
    const constant = -logGamma(r) + r * Math.log(alpha) - logBeta(a, b) + logGamma(a);
    const logA = Math.log(a);
    for (let k = 0; k < distinct.length; k++) {
      const xk = distinct[k]!;
      byX[k] = logGamma(r + xk) + logGamma(b + xk) - logGamma(a + b + xk);
    }
    let ll = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      const common = byX[slot[i]!]!;
      const stay = -(r + xi) * Math.log(alpha + T[i]!);
      const left = xi > 0 ? logA - Math.log(b + xi - 1) - (r + xi) * Math.log(alpha + tx[i]!) : -Infinity;
      ll += w[i]! * (constant + common + logAddExp(stay, left));
    }
    return -ll;
  };
  // Start where lifetimes starts (all ones), scaled α to the data's time unit.
  const meanT = T.reduce((s, t, i) => s + t * w[i]!, 0) / w.reduce((s, c) => s + c, 0);
  const first = nelderMead(negLL, [0, Math.log(Math.max(meanT / 10, 1e-3)), 0, 0], { step: 1 });
  const best = nelderMead(negLL, first.x, { step: 0.1 });
  return { params: params(best.x), logLikelihood: -best.value, customers: summary.frequency.length, iterations: first.iterations + best.iterations, converged: best.converged, stop: best.stop };
}

/** P(alive at T) for a customer with (x, t_x, T). */
export function probabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = p;
  const logRatio = Math.log(a) - Math.log(b + x - 1) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  return 1 / (1 + Math.exp(logRatio));
}

/**
 * Expected purchases in the next `t` time units for a customer with (x, t_x, T) (eq. 10 of the
 * paper), with the Gauss hypergeometric function summed as a series.
 */
export function expectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const hyp = hyp2f1(r + x, b + x, a + b + x - 1, z);
  const head = ((a + b + x - 1) / (a - 1)) * (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp);
  const alive = probabilityAlive(p, x, tx, T);
  return head * alive;
}
