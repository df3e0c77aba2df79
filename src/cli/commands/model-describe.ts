import type { CalibrationBin, ClassificationReport } from '../../models/classify/index.js';
import type { DriftReport } from '../../models/run/drift.js';
import type { FeedbackRun, FeedbackUpdate } from '../../models/run/feedback.js';
import type { PredictStoreResult } from '../../models/run/predict-store.js';
import type { RegisteredModel } from '../../models/run/registry.js';
import type { RetrainResult } from '../../models/run/retrain.js';
import type { TrainStoreResult } from '../../models/run/train-store.js';
import { formatTable } from '../output.js';

/** Human text of the `cairn model` results (the JSON is the result itself). */
const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const f3 = (x: number | null | undefined) => (typeof x === 'number' ? x.toFixed(3) : '–');
const table = (columns: string[], rows: Record<string, unknown>[]) => formatTable(columns, rows).split('\n').slice(0, -1).join('\n');

function metricLines(r: ClassificationReport): string[] {
  return [
    `  ROC AUC ${f3(r.rocAuc)} · PR AUC ${f3(r.prAuc)} · log loss ${f3(r.logLoss)} · Brier ${f3(r.brier)} · accuracy ${pct(r.accuracy)} at ${r.threshold}`,
    `  top decile: ${n(r.topDecile.positives)} of ${n(r.topDecile.rows)} positive, lift ${r.topDecile.lift.toFixed(2)}, captures ${pct(r.topDecile.captureRate)} of all positives`,
  ];
}

function calibration(bins: readonly CalibrationBin[]): string[] {
  if (!bins.length) return [];
  return ['  calibration (predicted → observed):', ...bins.map((b) => `    ${b.lower.toFixed(1)}–${b.upper.toFixed(1)}: ${pct(b.meanPredicted).padStart(6)} → ${pct(b.observedRate).padStart(6)}  (${n(b.count)})`)];
}

export function describeTraining(r: TrainStoreResult): string {
  const w = r.windows;
  const b = r.balance;
  const set = (name: string, s: typeof b.train) => `  ${name.padEnd(10)} as of ${s.asOf.replaceAll(',', ', ')}: ${n(s.customers)} customers, ${n(s.positives)} positive (${pct(s.positiveRate)})`;
  return [
    `${r.kind} model of ${r.target}: ${r.label} (data ${w.dataStart} → ${w.dataEnd}, horizon ${r.horizonDays} days)`,
    set('training', b.train),
    set('validation', b.valid),
    set('test', b.test),
    `  ${r.features.inputs} features (${r.features.columns} columns); fit: ${r.fit.iterations} iterations, ${r.fit.stop}${r.calibration === 'none' ? '' : `, ${r.calibration}-calibrated on validation`}; validation ROC AUC ${f3(r.valid.rocAuc)}`,
    ...r.fit.warnings.slice(0, 3).map((w) => `  warning: ${w}`),
    ...(r.fit.warnings.length > 3 ? [`  … ${r.fit.warnings.length - 3} more warnings (--json)`] : []),
    `On the test set (as of ${w.test}):`,
    ...metricLines(r.test),
    ...calibration(r.test.calibration),
    `Most important: ${r.importance.slice(0, 8).map((i) => i.feature).join(', ')}`,
    r.version ? `Registered as ${r.version} (${r.status}) in ${r.seconds.toFixed(1)} s.${r.status === 'candidate' ? ` Promote it with: cairn model promote ${r.version}` : ''}` : 'Not registered.',
  ].join('\n');
}

export function describePrediction(r: PredictStoreResult): string {
  const lines = [
    `${r.version} scored ${n(r.customers)} customers as of ${r.asOf} (${r.target}, next ${r.horizonDays} days): mean probability ${pct(r.meanProbability)}, ${n(r.atRisk)} at 50% or more`,
    'Highest:',
    ...r.top.map((p) => `  ${p.customerId}  ${pct(p.probability).padStart(6)}  ${p.reasons.map((x) => x.text).join('; ')}`),
  ];
  lines.push(r.written ? `Wrote ${n(r.written)} predictions; their outcome is known from ${r.outcomeEnd} (cairn model feedback).` : 'Nothing written (--no-write).');
  return lines.join('\n');
}

const testAuc = (m: RegisteredModel) => (m.metrics['test'] as { rocAuc?: number } | undefined)?.rocAuc;

export function describeList(models: readonly RegisteredModel[]): string {
  if (!models.length) return 'No model registered yet: train one with cairn model train';
  return formatTable(['version', 'kind', 'status', 'test AUC', 'horizon', 'test as-of', 'created'], models.map((m) => ({
    version: m.version,
    kind: m.kind,
    status: m.status,
    'test AUC': f3(testAuc(m)),
    horizon: `${String(m.params['horizonDays'] ?? '?')} d`,
    'test as-of': (m.params['window'] as { test?: string } | undefined)?.test ?? '',
    created: m.createdAt.slice(0, 16),
  })));
}

export function describeModel(m: RegisteredModel & { feedback: FeedbackRun[] }): string {
  const w = m.params['window'] as TrainStoreResult['windows'] | undefined;
  const test = m.metrics['test'] as ClassificationReport | undefined;
  const features = (m.params['features'] as string[] | undefined) ?? [];
  const lines = [
    `${m.version} · ${m.kind} · ${m.status} · created ${m.createdAt.slice(0, 16)}`,
    w ? `Data: ${w.dataStart} → ${w.dataEnd}; training as of ${(w.trainDays ?? [w.train]).join(', ')}, validation ${w.valid}, test ${w.test}; horizon ${w.horizonDays} days` : '',
    `Features (${features.length} columns): ${features.slice(0, 12).join(', ')}${features.length > 12 ? ', …' : ''}`,
    `Parameters: ${JSON.stringify(m.params['classifier'] ?? {})}, seed ${String(m.params['seed'] ?? '–')}`,
  ];
  if (test) lines.push('Test metrics:', ...metricLines(test));
  const retrain = m.metrics['retrain'] as { champion: string; championRocAuc: number; rocAuc: number; promoted: boolean } | undefined;
  if (retrain) lines.push(`Retrain: ROC AUC ${f3(retrain.rocAuc)} against champion ${retrain.champion}'s ${f3(retrain.championRocAuc)} on the same customers → ${retrain.promoted ? 'promoted' : 'kept as candidate'}`);
  lines.push(...feedbackLines(m.feedback));
  return lines.filter(Boolean).join('\n');
}

function feedbackLines(runs: readonly FeedbackRun[]): string[] {
  if (!runs.length) return ['Feedback: no stored prediction run has a closed outcome window yet'];
  return ['Feedback (stored predictions against what happened):', table(['version', 'as of', 'outcome by', 'customers', 'observed', 'predicted', 'ROC AUC', 'Brier'], runs.map((r) => ({
    version: r.version,
    'as of': r.asOf,
    'outcome by': r.outcomeEnd,
    customers: n(r.customers),
    observed: pct(r.observedRate),
    predicted: pct(r.meanPredicted),
    'ROC AUC': f3(r.rocAuc),
    Brier: f3(r.brier),
  })))];
}

export function describeFeedback(r: FeedbackUpdate & { feedback: FeedbackRun[] }): string {
  const lines = [`Measured ${r.computed.length} prediction run(s) now (data ends ${r.dataEnd ?? '–'}).`];
  for (const p of r.pending) lines.push(`  ${p.version} as of ${p.asOf}: outcome known once the data reaches ${p.closesOn}`);
  lines.push(...feedbackLines(r.feedback));
  return lines.join('\n');
}

export function describePromotion(r: { promoted: RegisteredModel; retired: string | null }): string {
  return `${r.promoted.version} is now the champion of ${r.promoted.model}${r.retired ? `; ${r.retired} is retired` : ''}.`;
}

export function describeDrift(d: DriftReport): string {
  const flag = (psi: number) => (psi > 0.2 ? 'large shift' : psi > 0.1 ? 'moderate' : 'stable');
  return [
    `${d.version}: training rows as of ${d.referenceAsOf} against ${n(d.customers)} customers as of ${d.asOf}`,
    `  score PSI ${f3(d.score)} (${flag(d.score)}); retrain trigger (score and the 5 most important inputs): ${d.max.name} ${f3(d.max.psi)}`,
    table(['feature', 'PSI', '', 'important'], d.features.slice(0, 15).map((x) => ({ feature: x.name, PSI: f3(x.psi), '': flag(x.psi), important: x.watched ? 'yes' : '' }))),
  ].join('\n');
}

export function describeRetrain(r: RetrainResult): string {
  const lines = [`${r.model}: champion ${r.champion.version} (${r.champion.kind}); drift: score PSI ${f3(r.drift.score)}, trigger ${r.drift.max.name} ${f3(r.drift.max.psi)}`];
  if (!r.trained || !r.challenger || !r.comparedOn) return [...lines, `No challenger trained: ${r.reason}.`].join('\n');
  const c = r.comparedOn;
  lines.push(
    `Trained challenger ${r.challenger.version} (${r.challenger.kind}): ${r.reason}.`,
    `On the same ${n(c.customers)} customers as of ${c.asOf} (${n(c.positives)} positive): champion ROC AUC ${f3(r.champion.rocAuc)}, challenger ${f3(r.challenger.rocAuc)}`,
    r.promoted ? `${r.challenger.version} is promoted to champion; ${r.champion.version} is retired.` : `${r.champion.version} stays champion; ${r.challenger.version} is kept as a candidate.`,
  );
  return lines.join('\n');
}
