import { lastActivityDate, segmentFeatures, type SegmentFeature, type SegmentFeatures } from '../../profiles/index.js';
import type { Store } from '../../store/index.js';
import {
  chooseK,
  dbscan,
  describeSegments,
  kmeans,
  kmeansStability,
  rfmCards,
  rfmTransitions,
  scoreRfm,
  standardise,
  suggestEps,
  summariseRfm,
  type KScore,
  type RfmCard,
  type RfmResult,
  type RfmTransitions,
  type SegmentCard,
  type Stability,
} from '../index.js';
import { isDay } from './days.js';

export type SegmentMethod = 'rfm' | 'kmeans' | 'dbscan';
export const SEGMENT_METHODS: readonly SegmentMethod[] = ['rfm', 'kmeans', 'dbscan'];

/**
 * Features k-means and DBSCAN cluster on, and whether each is log1p-transformed first (counts and
 * money are skewed: one customer with 200 orders would otherwise be a cluster of its own). Picked
 * on a generated shop (5,000 people, a year) by agreement with its hidden personas: this set gave
 * ARI 0.16 at k = 6, against 0.08 for orders/basket/visits/conversion/phone/coupon alone and 0.13
 * without conversion; where visits come from (social, e-mail, search) and the app separate the
 * personas best. See src/bench/cases/segment.ts.
 */
export const CLUSTER_FEATURES: readonly { key: SegmentFeature; log: boolean }[] = [
  { key: 'orders', log: true },
  { key: 'aov', log: true },
  { key: 'sessions', log: true },
  { key: 'conversion', log: false },
  { key: 'app_share', log: false },
  { key: 'coupon_share', log: false },
  { key: 'social_share', log: false },
  { key: 'email_share', log: false },
  { key: 'search_share', log: false },
];

/** Features a segment card may mention (everything a marketer can read). */
const DESCRIBED: readonly SegmentFeature[] = [
  'orders', 'revenue', 'aov', 'recency_days', 'tenure_days', 'categories', 'mobile_share', 'app_share', 'in_store_share',
  'coupon_share', 'social_share', 'email_share', 'search_share', 'direct_share', 'sessions', 'conversion',
];

/** Features that come from behavioural events: left out of the cards when the store has none. */
const FROM_EVENTS: readonly SegmentFeature[] = ['sessions', 'conversion', 'app_share', 'social_share', 'email_share', 'search_share', 'direct_share', 'coupon_share'];

export interface SegmentRunOptions {
  /** Last day included, YYYY-MM-DD; default the last day with an order or event. */
  asOf?: string;
  methods?: readonly SegmentMethod[];
  /** Clusters for k-means; 'auto' (default) picks k in 2..8 by silhouette. */
  k?: number | 'auto';
  /** An earlier as-of day: RFM movement from it to `asOf`. */
  since?: string;
  seed?: number;
  /** Write segments rows and the model rows (default true). */
  write?: boolean;
  /**
   * When a method cannot run on this data (too few customers, nothing to cluster on), skip it with
   * the reason instead of failing the whole run: for `--method all`.
   */
  skipImpossible?: boolean;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface RfmRun {
  version: string;
  customers: number;
  cards: RfmCard[];
  notes: string[];
  transitions?: RfmTransitions & { since: string };
}

export interface KMeansRun {
  version: string;
  k: number;
  chosenBy: 'given' | 'silhouette';
  /** The k scan (auto only): inertia and silhouette per k, and the elbow as a second opinion. */
  scores?: KScore[];
  elbowK?: number;
  inertia: number;
  stability: Stability;
  features: string[];
  cards: SegmentCard[];
}

export interface DbscanRun {
  version: string;
  eps: number;
  minPts: number;
  clusters: number;
  noise: number;
  seconds: number;
  features: string[];
  cards: SegmentCard[];
}

export interface SegmentRunResult {
  asOf: string;
  /** Customers with an order or an event on or before asOf. */
  customers: number;
  hasEvents: boolean;
  rfm?: RfmRun;
  kmeans?: KMeansRun;
  dbscan?: DbscanRun;
  /** Methods that could not run on this data, with the reason (only with skipImpossible). */
  skipped: { method: SegmentMethod; reason: string }[];
  written: number;
  seconds: number;
}

/** Refusals a user can act on: an empty store, a bad date, more clusters than customers. */
export class SegmentInputError extends Error {
  override name = 'SegmentInputError';
}

/**
 * `cairn segment`: loads the customers' features as of a day, runs RFM, k-means (with automatic k
 * and a stability check) and DBSCAN as asked, describes every segment in words, and writes one
 * `segments` row per customer and method with a version, plus a `models` row holding the cards.
 */
export async function runSegment(store: Store, options: SegmentRunOptions = {}): Promise<SegmentRunResult> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => undefined);
  const methods = options.methods ?? SEGMENT_METHODS;
  const last = await lastActivityDate(store);
  if (last === null) throw new SegmentInputError('the store has no customers with orders or events: import some first (cairn import … --source …)');
  const asOf = options.asOf ?? last;
  checkDay('--as-of', asOf);
  if (options.since !== undefined) {
    checkDay('--since', options.since);
    if (options.since >= asOf) throw new SegmentInputError(`--since ${options.since} must be before the as-of day ${asOf}`);
  }
  const steps = methods.length + 2;
  progress('loading features', 0, steps);
  const features = await segmentFeatures(store, asOf);
  const n = features.customerIds.length;
  if (n === 0) throw new SegmentInputError(`no customer has an order or an event on or before ${asOf}: choose a later --as-of (activity runs to ${last})`);
  const result: SegmentRunResult = { asOf, customers: n, hasEvents: features.hasEvents, skipped: [], written: 0, seconds: 0 };
  const seed = options.seed ?? 1;
  const rows: SegmentRow[] = [];
  let step = 1;

  // Runs one method; with skipImpossible a refusal becomes a note and the other methods go on.
  const attempt = async (method: SegmentMethod, fn: () => Promise<void> | void): Promise<void> => {
    progress(method === 'rfm' ? 'RFM' : method === 'kmeans' ? 'k-means' : 'DBSCAN', step++, steps);
    try {
      await fn();
    } catch (err) {
      if (!(err instanceof SegmentInputError) || !options.skipImpossible) throw err;
      result.skipped.push({ method, reason: err.message });
    }
  };
  if (methods.includes('rfm')) {
    await attempt('rfm', async () => {
      const { run, labels } = await rfm(store, features, options.since);
      result.rfm = run;
      rows.push(...labels.map((l) => ({ ...l, segmentation: 'rfm' as const, version: run.version })));
    });
  }
  let matrix: ClusterMatrix | undefined;
  const clusterOn = () => (matrix ??= clusterMatrix(features));
  if (methods.includes('kmeans')) {
    await attempt('kmeans', () => {
      const { run, labels } = runKMeans(features, clusterOn(), options.k ?? 'auto', seed, asOf);
      result.kmeans = run;
      rows.push(...labels);
    });
  }
  if (methods.includes('dbscan')) {
    await attempt('dbscan', () => {
      const { run, labels } = runDbscan(features, clusterOn(), seed, asOf);
      result.dbscan = run;
      rows.push(...labels);
    });
  }
  progress('writing', step, steps);
  if (options.write !== false) result.written = await writeSegments(store, rows, result);
  progress('done', steps, steps);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

interface SegmentRow {
  customerId: string;
  segmentation: SegmentMethod;
  version: string;
  segment: string;
  values: Record<string, number | string>;
}

function checkDay(flag: string, day: string): void {
  if (!isDay(day)) throw new SegmentInputError(`${flag} ${day} is not a date: use YYYY-MM-DD`);
}

/** RFM over the customers with at least one order, and movement since an earlier day. */
async function rfm(store: Store, features: SegmentFeatures, since: string | undefined): Promise<{ run: RfmRun; labels: Omit<SegmentRow, 'segmentation' | 'version'>[] }> {
  const scored = scoreBuyers(features);
  if (scored === null) throw new SegmentInputError(`no customer has an order on or before ${features.asOf}: RFM needs purchases (only browsing was found); choose a later --as-of or use --method kmeans`);
  const { ids, rows, result } = scored;
  const c = features.columns;
  const revenue = Float64Array.from(rows, (i) => c.revenue[i]!);
  const run: RfmRun = { version: `rfm-quintile-v1@${features.asOf}`, customers: ids.length, cards: rfmCards(summariseRfm(result.segments, revenue)), notes: result.notes };
  if (since !== undefined) {
    const before = scoreBuyers(await segmentFeatures(store, since));
    run.transitions = { since, ...rfmTransitions(before ? { ids: before.ids, segments: before.result.segments } : { ids: [], segments: [] }, { ids, segments: result.segments }) };
  }
  const labels = rows.map((i, k) => ({
    customerId: ids[k]!,
    segment: result.segments[k]!,
    values: { r: result.r[k]!, f: result.f[k]!, m: result.m[k]!, recency_days: c.recency_days[i]!, orders: c.orders[i]!, revenue: round(c.revenue[i]!) },
  }));
  return { run, labels };
}

function scoreBuyers(features: SegmentFeatures): { ids: string[]; rows: number[]; result: RfmResult } | null {
  const c = features.columns;
  const rows: number[] = [];
  for (let i = 0; i < features.customerIds.length; i++) if (c.orders[i]! > 0) rows.push(i);
  if (rows.length === 0) return null;
  const pick = (col: Float64Array) => Float64Array.from(rows, (i) => col[i]!);
  // Spend is net of returns; a customer who returned everything has 0, never a negative score input.
  const monetary = pick(c.revenue).map((v) => Math.max(0, v));
  const result = scoreRfm({ recencyDays: pick(c.recency_days), frequency: pick(c.orders), monetary });
  return { ids: rows.map((i) => features.customerIds[i]!), rows, result };
}

interface ClusterMatrix {
  data: Float64Array;
  d: number;
  keys: string[];
}

/** The standardised clustering matrix; columns constant across customers (no events in the store, say) are left out. */
function clusterMatrix(features: SegmentFeatures): ClusterMatrix {
  const n = features.customerIds.length;
  const used = CLUSTER_FEATURES.filter(({ key }) => {
    const col = features.columns[key];
    return col.some((v) => v !== col[0]);
  });
  if (used.length === 0) throw new SegmentInputError('every customer has the same features (one order, same basket, no events): there is nothing to cluster on; RFM still works (--method rfm)');
  const d = used.length;
  const raw = new Float64Array(n * d);
  used.forEach(({ key }, j) => {
    const col = features.columns[key];
    for (let i = 0; i < n; i++) raw[i * d + j] = col[i]!;
  });
  const scaled = standardise(raw, n, d, { log: used.map((f) => f.log) });
  return { data: scaled.data, d, keys: used.map((f) => f.key) };
}

/** Plain-unit features for the cards, and each customer's revenue. */
function describedInput(features: SegmentFeatures, labels: Int32Array) {
  const n = features.customerIds.length;
  const keys = DESCRIBED.filter((k) => features.hasEvents || !FROM_EVENTS.includes(k));
  const d = keys.length;
  const data = new Float64Array(n * d);
  keys.forEach((key, j) => {
    const col = features.columns[key];
    for (let i = 0; i < n; i++) data[i * d + j] = col[i]!;
  });
  return { data, n, keys, labels, revenue: features.columns.revenue };
}

function runKMeans(features: SegmentFeatures, m: ClusterMatrix, k: number | 'auto', seed: number, asOf: string): { run: KMeansRun; labels: SegmentRow[] } {
  const n = features.customerIds.length;
  if (k !== 'auto' && k > n) throw new SegmentInputError(`--k ${k} is more than the ${n} customers active by ${asOf}: ask for at most ${n} segments, or --k auto`);
  if (k === 'auto' && n < 3) throw new SegmentInputError(`only ${n} customer(s) active by ${asOf}: choosing k needs at least 3; give --k 1 or a later --as-of`);
  let fit;
  let scan: { scores: KScore[]; elbowK: number | undefined } | undefined;
  try {
    if (k === 'auto') {
      const chosen = chooseK(m.data, n, m.d, { kMin: 2, kMax: 8, seed, restarts: 5 });
      fit = chosen.best;
      scan = { scores: chosen.scores, elbowK: chosen.elbowK };
    } else {
      fit = kmeans(m.data, n, m.d, { k, seed });
    }
  } catch (err) {
    if (err instanceof RangeError) throw new SegmentInputError(`k-means: ${err.message}`);
    throw err;
  }
  const kUsed = fit.centroids.length / m.d;
  const stability = kmeansStability(m.data, n, m.d, { k: kUsed, restarts: 3 }, [seed + 1, seed + 2, seed + 3, seed + 4, seed + 5]);
  const cards = describeSegments(describedInput(features, fit.labels));
  const version = `kmeans-k${kUsed}-v1@${asOf}`;
  const nameOf = new Map(cards.map((c) => [c.label, c.name]));
  const labels = features.customerIds.map((customerId, i): SegmentRow => ({
    customerId, segmentation: 'kmeans', version, segment: nameOf.get(fit.labels[i]!)!, values: { cluster: fit.labels[i]! },
  }));
  const run: KMeansRun = {
    version, k: kUsed, chosenBy: k === 'auto' ? 'silhouette' : 'given', inertia: fit.inertia, stability, features: m.keys, cards,
    ...(scan ? { scores: scan.scores, ...(scan.elbowK === undefined ? {} : { elbowK: scan.elbowK }) } : {}),
  };
  return { run, labels };
}

function runDbscan(features: SegmentFeatures, m: ClusterMatrix, seed: number, asOf: string): { run: DbscanRun; labels: SegmentRow[] } {
  const n = features.customerIds.length;
  const minPts = 2 * m.d;
  if (n < minPts) throw new SegmentInputError(`DBSCAN needs at least minPts = 2 × ${m.d} features = ${minPts} customers, found ${n} active by ${asOf}: use --method rfm or kmeans`);
  const started = performance.now();
  const { eps } = suggestEps(m.data, n, m.d, { minPts, seed });
  const fit = dbscan(m.data, n, m.d, { eps, minPts });
  const seconds = (performance.now() - started) / 1000;
  const cards = describeSegments(describedInput(features, fit.labels));
  const version = `dbscan-v1@${asOf}`;
  const nameOf = new Map(cards.map((c) => [c.label, c.name]));
  const labels = features.customerIds.map((customerId, i): SegmentRow => ({
    customerId, segmentation: 'dbscan', version, segment: nameOf.get(fit.labels[i]!)!, values: { cluster: fit.labels[i]!, core: fit.core[i]! },
  }));
  return { run: { version, eps, minPts, clusters: fit.clusters, noise: fit.noise, seconds, features: m.keys, cards }, labels };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

async function writeSegments(store: Store, rows: readonly SegmentRow[], result: SegmentRunResult): Promise<number> {
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  const runs = [
    result.rfm && { method: 'rfm', version: result.rfm.version, kind: 'rfm-quintile', params: { asOf: result.asOf }, metrics: { cards: result.rfm.cards, notes: result.rfm.notes } },
    result.kmeans && { method: 'kmeans', version: result.kmeans.version, kind: 'kmeans', params: { asOf: result.asOf, k: result.kmeans.k, features: result.kmeans.features }, metrics: { inertia: result.kmeans.inertia, stability: result.kmeans.stability, scores: result.kmeans.scores, cards: result.kmeans.cards } },
    result.dbscan && { method: 'dbscan', version: result.dbscan.version, kind: 'dbscan', params: { asOf: result.asOf, eps: result.dbscan.eps, minPts: result.dbscan.minPts, features: result.dbscan.features }, metrics: { clusters: result.dbscan.clusters, noise: result.dbscan.noise, cards: result.dbscan.cards } },
  ].filter((r) => r !== undefined);
  await store.transaction(async () => {
    for (const r of runs) {
      const model = `segment-${r.method}`;
      await store.execute(`DELETE FROM segments WHERE segmentation = ? AND version = ?`, [r.method, r.version]);
      await store.execute(`DELETE FROM models WHERE model = ? AND version = ?`, [model, r.version]);
      await store.execute(`UPDATE models SET status = 'retired' WHERE model = ? AND status = 'active'`, [model]);
      await store.execute(`INSERT INTO models VALUES (?, ?, ?, 'active', ?::JSON, ?::JSON, ?::TIMESTAMP)`, [
        model, r.version, r.kind, JSON.stringify(r.params), JSON.stringify(r.metrics), now,
      ]);
    }
    await store.appendRows(
      'segments',
      ['customer_id', 'segmentation', 'version', 'segment', 'values', 'computed_at'],
      rows.map((r) => [r.customerId, r.segmentation, r.version, r.segment, JSON.stringify(r.values), now]),
    );
  });
  return rows.length;
}
