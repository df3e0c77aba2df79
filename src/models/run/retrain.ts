import type { Store } from '../../store/index.js';
import { rocAuc, type ClassifierKind } from '../classify/index.js';
import { scoreSnapshot } from './customer-scorer.js';
import { parseTarget } from './customer-target.js';
import { measureDrift, type DriftReport } from './drift.js';
import { loadScorer } from './predict-store.js';
import { addMetrics, findModel, promoteModel } from './registry.js';
import { trainOnStore, type TrainStoreResult } from './train-store.js';

export interface RetrainOptions {
  /** Default churn. */
  model?: string;
  /** Train only when the largest PSI (of the score or of the model's most important inputs) exceeds this; without it, always. */
  ifDrift?: number;
  /** The challenger's classifier (default: the champion's). */
  kind?: ClassifierKind;
  seed?: number;
  onProgress?: (step: string) => void;
}

export interface RetrainResult {
  model: string;
  champion: { version: string; kind: string; rocAuc: number | null };
  drift: DriftReport;
  threshold: number | null;
  /** Whether a challenger was trained, and why (not). */
  trained: boolean;
  reason: string;
  challenger: (Pick<TrainStoreResult, 'version' | 'kind' | 'windows' | 'balance'> & { rocAuc: number; status: string }) | null;
  /** The recent labelled customers both were scored on: the challenger's test set. */
  comparedOn: { asOf: string; horizonDays: number; customers: number; positives: number } | null;
  promoted: boolean;
  seconds: number;
}

/**
 * `cairn model retrain`: measures drift of the champion, and when it exceeds the threshold (or
 * always, without one) trains a challenger with the champion's target, horizon and classifier on
 * the latest windows; both are scored on the same recent labelled customers (the challenger's test
 * set, which neither has trained on) and the challenger is promoted only if its ROC AUC is higher.
 */
export async function retrain(store: Store, options: RetrainOptions = {}): Promise<RetrainResult> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => undefined);
  const model = options.model ?? 'churn';
  const champion = await loadScorer(store, { model });
  const c = champion.registered;
  progress(`measuring drift of ${c.version}`);
  const drift = await measureDrift(store, champion);
  const threshold = options.ifDrift ?? null;
  const base = { model, drift, threshold, seconds: 0 };
  if (threshold !== null && drift.max.psi <= threshold) {
    return {
      ...base,
      champion: { version: c.version, kind: c.kind, rocAuc: null },
      trained: false,
      reason: `largest PSI ${drift.max.psi.toFixed(3)} (${drift.max.name}) is within ${threshold}: no retrain needed`,
      challenger: null,
      comparedOn: null,
      promoted: false,
      seconds: (performance.now() - started) / 1000,
    };
  }
  const trained = await trainOnStore(store, {
    target: parseTarget(String(c.params['target'] ?? model)),
    horizonDays: Number(c.params['horizonDays']),
    ...(typeof c.params['trainDays'] === 'number' ? { trainDays: c.params['trainDays'] } : {}),
    kind: options.kind ?? (c.kind as ClassifierKind),
    seed: options.seed ?? Number(c.params['seed'] ?? 42),
    params: (c.params['classifier'] as Record<string, number> | undefined) ?? {},
    ...(c.params['calibrate'] === 'platt' || c.params['calibrate'] === 'isotonic' ? { calibrate: c.params['calibrate'] } : {}),
    onProgress: progress,
  });
  const test = trained.testSnapshot;
  const y = test.labels!;
  const championAuc = rocAuc(y, scoreSnapshot(champion, test));
  const challengerAuc = trained.result.test.rocAuc;
  const promoted = challengerAuc > championAuc;
  const version = trained.result.version!;
  if (promoted) await promoteModel(store, version);
  const comparedOn = { asOf: test.asOf, horizonDays: trained.result.horizonDays, customers: y.length, positives: trained.result.balance.test.positives };
  await addMetrics(store, await findModel(store, version), { retrain: { champion: c.version, championRocAuc: championAuc, rocAuc: challengerAuc, comparedOn, promoted, drift: drift.max } });
  const why = threshold === null ? 'retrain asked for without a drift threshold' : `largest PSI ${drift.max.psi.toFixed(3)} (${drift.max.name}) exceeds ${threshold}`;
  return {
    ...base,
    champion: { version: c.version, kind: c.kind, rocAuc: championAuc },
    trained: true,
    reason: why,
    challenger: { version, kind: trained.result.kind, windows: trained.result.windows, balance: trained.result.balance, rocAuc: challengerAuc, status: promoted ? 'champion' : 'candidate' },
    comparedOn,
    promoted,
    seconds: (performance.now() - started) / 1000,
  };
}
