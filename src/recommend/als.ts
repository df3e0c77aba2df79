import { gaussian, mulberry32 } from '../models/prng.js';
import { transpose, type Interactions } from './matrix.js';
import { strongestHistoryItem, type ScoringModel } from './recommender.js';

/** Options for {@link fitAls}. */
export interface AlsOptions {
  /** Latent factors. Default 64. */
  factors?: number;
  /** L2 regularisation of both factor matrices. Default 0.05. */
  regularization?: number;
  /** Confidence c = 1 + alpha·log(1 + w) of an observed weight w. Default 10. */
  alpha?: number;
  /** Alternating sweeps (users, then items). Default 15. */
  iterations?: number;
  /** Conjugate-gradient steps per row and sweep (warm-started). Default 3, as in `implicit`. */
  cgSteps?: number;
  seed?: number;
}

export interface AlsModel extends ScoringModel {
  readonly factors: number;
  /** Row-major nUsers × factors. */
  readonly userFactors: Float64Array;
  /** Row-major nItems × factors. */
  readonly itemFactors: Float64Array;
}

/**
 * Matrix factorisation for implicit feedback (Hu, Koren & Volinsky 2008): minimise
 * Σ c_ui (p_ui − x_u·y_i)² + λ(‖X‖² + ‖Y‖²) over every (user, item) pair, p = 1 where observed,
 * c_ui = 1 + alpha·log(1 + w_ui). Each row is solved by a few warm-started conjugate-gradient
 * steps on (YᵀY + λI + Yᵀ(C_u − I)Y) x_u = YᵀC_u p_u, as `implicit`'s least_squares_cg does, so
 * a sweep costs O(nnz·f + rows·f²) and never forms an f×f system per row.
 */
export function fitAls(train: Interactions, options: AlsOptions = {}): AlsModel {
  const f = options.factors ?? 64;
  const reg = options.regularization ?? 0.05;
  const alpha = options.alpha ?? 10;
  const iterations = options.iterations ?? 15;
  const cgSteps = options.cgSteps ?? 3;
  if (!Number.isInteger(f) || f < 1) throw new RangeError(`factors must be a whole number of at least 1, got ${f}`);
  if (!(reg >= 0)) throw new RangeError(`regularization must be 0 or more, got ${reg}`);
  if (!(alpha > 0)) throw new RangeError(`alpha must be above 0, got ${alpha}`);
  const confidence = (w: number) => 1 + alpha * Math.log1p(Math.max(0, w));
  const byUser: Interactions = { ...train, values: train.values.map(confidence) };
  const byItem = transpose(byUser);
  const random = mulberry32(options.seed ?? 0);
  const init = (rows: number) => Float64Array.from({ length: rows * f }, () => gaussian(random) * 0.01);
  const users = init(train.nUsers);
  const items = init(train.nItems);
  const work = new CgWorkspace(f);
  for (let it = 0; it < iterations; it++) {
    solveRows(byUser, users, items, f, reg, cgSteps, work);
    solveRows(byItem, items, users, f, reg, cgSteps, work);
  }
  const itemNorm = new Float64Array(train.nItems);
  for (let i = 0; i < train.nItems; i++) itemNorm[i] = Math.sqrt(dot(items, i * f, items, i * f, f)) || 1;
  return {
    name: 'als',
    factors: f,
    userFactors: users,
    itemFactors: items,
    score(user, out) {
      for (let i = 0; i < train.nItems; i++) out[i] = dot(users, user * f, items, i * f, f);
    },
    explain(user, item) {
      // The user's own item closest to `item` in factor space (cosine).
      const j = strongestHistoryItem(train, user, (h) => dot(items, h * f, items, item * f, f) / (itemNorm[h]! * itemNorm[item]!));
      return j < 0 ? { kind: 'popular' } : { kind: 'similar', item: j };
    },
  };
}

class CgWorkspace {
  readonly x: Float64Array;
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly ap: Float64Array;
  readonly gram: Float64Array;
  constructor(f: number) {
    this.x = new Float64Array(f);
    this.r = new Float64Array(f);
    this.p = new Float64Array(f);
    this.ap = new Float64Array(f);
    this.gram = new Float64Array(f * f);
  }
}

/** One half-sweep: every row of `target` re-solved against the fixed `other` factors. */
function solveRows(m: Interactions, target: Float64Array, other: Float64Array, f: number, reg: number, steps: number, w: CgWorkspace): void {
  const { x, r, p, ap, gram } = w;
  const nOther = other.length / f;
  // YᵀY + λI, shared by every row: the upper triangle, then mirrored (half the work).
  gram.fill(0);
  for (let o = 0; o < nOther; o++) {
    const base = o * f;
    for (let a = 0; a < f; a++) {
      const va = other[base + a]!;
      if (va === 0) continue;
      const row = a * f;
      for (let b = a; b < f; b++) gram[row + b]! += va * other[base + b]!;
    }
  }
  for (let a = 0; a < f; a++) {
    for (let b = 0; b < a; b++) gram[a * f + b] = gram[b * f + a]!;
    gram[a * f + a]! += reg;
  }
  for (let u = 0; u < m.nUsers; u++) {
    const start = m.indptr[u]!;
    const end = m.indptr[u + 1]!;
    const base = u * f;
    for (let a = 0; a < f; a++) x[a] = target[base + a]!;
    // r = YᵀC_u p_u − A x, with A = YᵀY + λI + Yᵀ(C_u − I)Y.
    multiplyGram(gram, x, r, f);
    for (let a = 0; a < f; a++) r[a] = -r[a]!;
    for (let e = start; e < end; e++) {
      const y = m.indices[e]! * f;
      const c = m.values[e]!;
      const coef = c - (c - 1) * dot(other, y, x, 0, f);
      for (let a = 0; a < f; a++) r[a]! += coef * other[y + a]!;
    }
    p.set(r);
    let rsOld = dot(r, 0, r, 0, f);
    if (rsOld < 1e-20) continue;
    for (let s = 0; s < steps; s++) {
      multiplyGram(gram, p, ap, f);
      for (let e = start; e < end; e++) {
        const y = m.indices[e]! * f;
        const coef = (m.values[e]! - 1) * dot(other, y, p, 0, f);
        for (let a = 0; a < f; a++) ap[a]! += coef * other[y + a]!;
      }
      const step = rsOld / dot(p, 0, ap, 0, f);
      for (let a = 0; a < f; a++) {
        x[a]! += step * p[a]!;
        r[a]! -= step * ap[a]!;
      }
      const rsNew = dot(r, 0, r, 0, f);
      if (rsNew < 1e-20) break;
      const beta = rsNew / rsOld;
      for (let a = 0; a < f; a++) p[a] = r[a]! + beta * p[a]!;
      rsOld = rsNew;
    }
    for (let a = 0; a < f; a++) target[base + a] = x[a]!;
  }
}

// Four rows per pass, so that each v[b] loaded serves four sums (about 2× faster in V8 than a
// row at a time); f need not be a multiple of 4.
function multiplyGram(gram: Float64Array, v: Float64Array, out: Float64Array, f: number): void {
  let a = 0;
  for (; a + 3 < f; a += 4) {
    const r0 = a * f;
    const r1 = r0 + f;
    const r2 = r1 + f;
    const r3 = r2 + f;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let b = 0; b < f; b++) {
      const vb = v[b]!;
      s0 += gram[r0 + b]! * vb;
      s1 += gram[r1 + b]! * vb;
      s2 += gram[r2 + b]! * vb;
      s3 += gram[r3 + b]! * vb;
    }
    out[a] = s0;
    out[a + 1] = s1;
    out[a + 2] = s2;
    out[a + 3] = s3;
  }
  for (; a < f; a++) {
    let s = 0;
    const row = a * f;
    for (let b = 0; b < f; b++) s += gram[row + b]! * v[b]!;
    out[a] = s;
  }
}

// Four partial sums break the add chain's latency.
function dot(a: Float64Array, offA: number, b: Float64Array, offB: number, f: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < f; k += 4) {
    s0 += a[offA + k]! * b[offB + k]!;
    s1 += a[offA + k + 1]! * b[offB + k + 1]!;
    s2 += a[offA + k + 2]! * b[offB + k + 2]!;
    s3 += a[offA + k + 3]! * b[offB + k + 3]!;
  }
  for (; k < f; k++) s0 += a[offA + k]! * b[offB + k]!;
  return s0 + s1 + s2 + s3;
}
