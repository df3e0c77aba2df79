import { explain, parseModel, predictMargins, predictProbabilities, serialiseModel, type Calibrator, type ClassifierModel } from '../classify/index.js';
import { customerPhrase, occlusionContributions, topReasons, type Reason } from '../explain/index.js';
import { featureDescription } from './customer-features.js';
import { encodeSnapshot, snapshotValue, type CustomerEncoding } from './customer-encoding.js';
import type { RegisteredModel, StoredArtifact } from './registry.js';
import type { CustomerSnapshot } from './training-set.js';

/** A fitted classifier as the classify module hands it out. */
export type Classifier = ClassifierModel;

/** The registry artifact of a customer model: the feature encoding and the serialised classifier. */
export interface CustomerModelArtifact {
  encoding: CustomerEncoding;
  classifier: unknown;
  /** Maps margins to probabilities when the model was calibrated (absent: the logistic of the margin). */
  calibrator?: Calibrator;
}

export const CUSTOMER_MODEL_FORMAT = 'cairn.customer-model.v1';

/** A registered model ready to score snapshots. */
export interface CustomerScorer {
  registered: RegisteredModel;
  encoding: CustomerEncoding;
  classifier: Classifier;
  calibrator?: Calibrator | undefined;
}

export function artifactOf(encoding: CustomerEncoding, classifier: Classifier, calibrator?: Calibrator): CustomerModelArtifact {
  // Stored as JSON inside the artifact's JSON, not as a string in it.
  return { encoding, classifier: JSON.parse(serialiseModel(classifier)) as unknown, ...(calibrator ? { calibrator } : {}) };
}

/** Rebuilds the scorer of a registered version from its stored artifact. */
export function scorerOf(registered: RegisteredModel, stored: StoredArtifact): CustomerScorer {
  if (stored.format !== CUSTOMER_MODEL_FORMAT) throw new RangeError(`model ${registered.version} is stored as ${stored.format}, not ${CUSTOMER_MODEL_FORMAT}`);
  const a = stored.artifact as CustomerModelArtifact;
  return { registered, encoding: a.encoding, classifier: parseModel(JSON.stringify(a.classifier)), calibrator: a.calibrator };
}

/** Each customer's probability (calibrated when the model carries a calibrator). */
export function scoreSnapshot(scorer: Pick<CustomerScorer, 'classifier' | 'encoding' | 'calibrator'>, snapshot: CustomerSnapshot): Float64Array {
  return predictProbabilities(scorer.classifier, encodeSnapshot(snapshot, scorer.encoding), scorer.calibrator);
}

/**
 * Each customer's probability and top reasons in words (the features that pushed it up most):
 * from the exact contributions of the trees and the logistic model, and from occlusion for the
 * perceptron, which has none.
 */
export function scoreWithReasons(scorer: CustomerScorer, snapshot: CustomerSnapshot, top = 3): { probability: Float64Array; reasons: Reason[][] } {
  const x = encodeSnapshot(snapshot, scorer.encoding);
  const probability = predictProbabilities(scorer.classifier, x, scorer.calibrator);
  const contributions = explain(scorer.classifier, x) ?? occlusionContributions((m) => predictMargins(scorer.classifier, m), x);
  const reasons = topReasons(
    contributions,
    scorer.encoding.columnFeature,
    (row, feature) => snapshotValue(snapshot, scorer.encoding, row, feature),
    (feature, value) => customerPhrase(feature, value, featureDescription),
    { top },
  );
  return { probability, reasons };
}
