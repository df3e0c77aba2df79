import type { Store } from '../../store/index.js';
import { psiAgainst } from '../drift/index.js';
import { scoreSnapshot, type CustomerScorer } from './customer-scorer.js';
import { ModelInputError, parseTarget } from './customer-target.js';
import { loadArtifact } from './registry.js';
import { customerSnapshot, dataRange } from './training-set.js';

/** PSI of one feature, or of the score, between the training rows and today's customers. */
export interface DriftItem {
  name: string;
  psi: number;
}

/** The model's most important inputs whose drift can trigger a retrain, beside the score. */
export const WATCHED_FEATURES = 5;

export interface DriftReport {
  model: string;
  version: string;
  /** The training set's as-of day the reference was taken on. */
  referenceAsOf: string;
  /** Today: the day after the data. */
  asOf: string;
  customers: number;
  score: number;
  /** Every feature, the largest shift first; `watched` for the model's most important inputs. */
  features: (DriftItem & { watched: boolean })[];
  /**
   * What a retrain goes by: the largest PSI of the score and of the model's {@link WATCHED_FEATURES}
   * most important inputs. A feature the model hardly uses (or one that always drifts, like tenure
   * in a young shop) does not call for a new model by itself.
   */
  max: DriftItem;
}

/**
 * Population stability index of each feature and of the score, between the rows a version was
 * trained on (binned when it was registered) and the customers as of today (the day after the
 * store's last order or event, or `asOf`).
 */
export async function measureDrift(store: Store, scorer: CustomerScorer, options: { asOf?: string } = {}): Promise<DriftReport> {
  const m = scorer.registered;
  const { reference } = await loadArtifact(store, m);
  if (!reference) throw new ModelInputError(`model ${m.version} was registered without reference distributions: drift cannot be measured for it`);
  const asOf = options.asOf ?? (await dataRange(store))?.end;
  if (asOf === undefined) throw new ModelInputError('the store has no orders or events');
  const snapshot = await customerSnapshot(store, { asOf, target: parseTarget(m.model), horizonDays: Number(m.params['horizonDays']) });
  if (snapshot.customerIds.length === 0) throw new ModelInputError(`no customer is eligible for ${m.model} as of ${asOf}`);
  const watched = watchedFeatures(scorer);
  const features = Object.entries(reference.features)
    .filter(([name]) => snapshot.columns[name] !== undefined)
    .map(([name, ref]) => ({ name, psi: psiAgainst(ref, snapshot.columns[name]!), watched: watched.has(name) }))
    .sort((a, b) => b.psi - a.psi);
  const score = psiAgainst(reference.score, scoreSnapshot(scorer, snapshot));
  const top = features.find((f) => f.watched);
  const max = top && top.psi > score ? { name: top.name, psi: top.psi } : { name: 'score', psi: score };
  return { model: m.model, version: m.version, referenceAsOf: reference.asOf, asOf, customers: snapshot.customerIds.length, score, features, max };
}

/** The features of the model's most important columns at training (a category's columns are one feature). */
function watchedFeatures(scorer: CustomerScorer): Set<string> {
  const importance = (scorer.registered.metrics['importance'] as { feature: string }[] | undefined) ?? [];
  const featureOf = new Map(scorer.encoding.names.map((n, i) => [n, scorer.encoding.columnFeature[i]!]));
  const watched = new Set<string>();
  for (const { feature } of importance) {
    if (watched.size >= WATCHED_FEATURES) break;
    const f = featureOf.get(feature);
    if (f !== undefined) watched.add(f);
  }
  return watched;
}
