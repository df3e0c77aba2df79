import type { Store } from '../../store/index.js';
import type { Reason } from '../explain/index.js';
import { scoreWithReasons, scorerOf, type CustomerScorer } from './customer-scorer.js';
import { ModelInputError, parseTarget } from './customer-target.js';
import { isDay } from './days.js';
import { championOf, findModel, loadArtifact, type RegisteredModel } from './registry.js';
import { customerSnapshot, dataRange } from './training-set.js';

export interface PredictStoreOptions {
  /** Model name (default churn): its champion scores. */
  model?: string;
  /** Score with this version instead of the champion. */
  version?: string;
  /** Features as of this day (default: the day after the last order or event). */
  asOf?: string;
  /** Reasons per customer (default 3). */
  reasons?: number;
  /** Write to predictions (default true). */
  write?: boolean;
  onProgress?: (step: string) => void;
}

/** One scored customer, as `predictions."values"` holds it (with the score = probability). */
export interface CustomerPrediction {
  customerId: string;
  probability: number;
  reasons: Reason[];
}

export interface PredictStoreResult {
  model: string;
  version: string;
  target: string;
  horizonDays: number;
  asOf: string;
  /** The day the outcome window closes: realised accuracy can be measured from then on (cairn model feedback). */
  outcomeEnd: string;
  customers: number;
  meanProbability: number;
  /** Customers at or above 0.5. */
  atRisk: number;
  /** The ten highest scores, with their reasons. */
  top: CustomerPrediction[];
  written: number;
  seconds: number;
}

/** A registered version ready to score: the named one, or the model's champion. */
export async function loadScorer(store: Store, options: { model?: string; version?: string }): Promise<CustomerScorer> {
  let registered: RegisteredModel | null;
  if (options.version !== undefined) registered = await findModel(store, options.version);
  else {
    const model = options.model ?? 'churn';
    registered = await championOf(store, model);
    if (!registered) throw new ModelInputError(`no champion for ${model}: train one first (cairn model train --target ${model})`);
  }
  return scorerOf(registered, await loadArtifact(store, registered));
}

/**
 * `cairn model predict` on the store: every eligible customer's features as of a day (default:
 * now, the day after the data), scored by the champion, each with its top reasons in words, written
 * to `predictions` (model, version, score = probability, values = {asOf, horizonDays, target,
 * reasons}); an earlier run of the same version for the same day is replaced.
 */
export async function predictOnStore(store: Store, options: PredictStoreOptions = {}): Promise<PredictStoreResult> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => undefined);
  const scorer = await loadScorer(store, options);
  const { registered } = scorer;
  const target = parseTarget(String(registered.params['target'] ?? registered.model));
  const horizonDays = Number(registered.params['horizonDays']);
  let asOf = options.asOf;
  if (asOf !== undefined && !isDay(asOf)) throw new ModelInputError(`--as-of ${asOf} is not a date: use YYYY-MM-DD`);
  if (asOf === undefined) {
    const range = await dataRange(store);
    if (!range) throw new ModelInputError('the store has no orders or events to score customers on');
    asOf = range.end;
  }
  progress(`features as of ${asOf}`);
  const snapshot = await customerSnapshot(store, { asOf, target, horizonDays });
  progress(`scoring ${snapshot.customerIds.length} customers with ${registered.version}`);
  const { probability, reasons } = scoreWithReasons(scorer, snapshot, options.reasons ?? 3);
  const predictions: CustomerPrediction[] = snapshot.customerIds.map((customerId, i) => ({ customerId, probability: probability[i]!, reasons: reasons[i]! }));
  const written = options.write === false ? 0 : await writePredictions(store, registered, asOf, horizonDays, predictions);
  let sum = 0;
  let atRisk = 0;
  for (const p of probability) {
    sum += p;
    if (p >= 0.5) atRisk++;
  }
  return {
    model: registered.model,
    version: registered.version,
    target: registered.model,
    horizonDays,
    asOf,
    outcomeEnd: new Date(Date.parse(`${asOf}T00:00:00Z`) + horizonDays * 86_400_000).toISOString().slice(0, 10),
    customers: predictions.length,
    meanProbability: predictions.length ? sum / predictions.length : 0,
    atRisk,
    top: [...predictions].sort((a, b) => b.probability - a.probability).slice(0, 10),
    written,
    seconds: (performance.now() - started) / 1000,
  };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

async function writePredictions(store: Store, m: RegisteredModel, asOf: string, horizonDays: number, predictions: readonly CustomerPrediction[]): Promise<number> {
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  await store.transaction(async () => {
    await store.execute(`DELETE FROM predictions WHERE model = ? AND version = ? AND json_extract_string("values", '$.asOf') = ?`, [m.model, m.version, asOf]);
    await store.appendRows(
      'predictions',
      ['customer_id', 'model', 'version', 'score', 'values', 'computed_at'],
      predictions.map((p) => [
        p.customerId,
        m.model,
        m.version,
        round(p.probability),
        JSON.stringify({ asOf, horizonDays, target: m.model, reasons: p.reasons.map((r) => ({ feature: r.feature, text: r.text, contribution: round(r.contribution) })) }),
        now,
      ]),
    );
  });
  return predictions.length;
}
