/**
 * Log-gamma by the Lanczos approximation (g = 7, 9 coefficients; relative error ~1e-15 for
 * x > 0), with the reflection formula below 0.5. Written here because the likelihoods below call
 * it millions of times per fit and no small, well-kept package offers it on its own.
 */
const G = 7;
const C = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = C[0]!;
  for (let i = 1; i < G + 2; i++) sum += C[i]! / (z + i);
  const t = z + G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ln(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its power series (BG/NBD's z = t/(α+T+t) stays well below 1). */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 10000; k++) {
    term *= ((a + k) * (b + k)) / ((c + k) * (k + 1)) * z;
    sum += term;
    if (Math.abs(term) < 1e-14 * Math.abs(sum)) break;
  }
  return sum;
}

/**
 * ln ₂F₁(a, b; a+1; z) for 0 ≤ z < 1, the form the Pareto/NBD likelihood needs. Euler's
 * transformation ₂F₁(a,b;c;z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z) turns it into a series of
 * positive terms falling at least as fast as z^k (c−a = 1), so it neither cancels nor overflows when
 * the optimiser tries α ≪ β and z nears 1. Summation stops once the geometric bound on the
 * remainder is below 1e-15 of the sum.
 */
export function logHyp2f1APlusOne(a: number, b: number, z: number): number {
  const c = a + 1;
  const cb = c - b;
  let term = 1;
  let sum = 1;
  const tail = z / (1 - z);
  for (let k = 0; k < 200000; k++) {
    term *= ((cb + k) / (c + k)) * z;
    sum += term;
    if (term * tail < 1e-15 * sum) break;
  }
  return (1 - b) * Math.log1p(-z) + Math.log(sum);
}

/** ln(e^a − e^b) for a ≥ b. */
export function logSubExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  return a + Math.log1p(-Math.exp(b - a));
}
