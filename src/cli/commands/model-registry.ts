import type { Command } from 'commander';
import { measureDrift } from '../../models/run/drift.js';
import { readFeedback, updateFeedback } from '../../models/run/feedback.js';
import { loadScorer } from '../../models/run/predict-store.js';
import { findModel, listModels, promoteModel } from '../../models/run/registry.js';
import { retrain } from '../../models/run/retrain.js';
import { withStore } from '../context.js';
import { printResult, say, type GlobalOptions } from '../output.js';
import { describeDrift, describeFeedback, describeList, describeModel, describePromotion, describeRetrain } from './model-describe.js';
import { classifierFlag, driftFlag, refusalsAsUsage, targetFlag, wholeFlag } from './model-flags.js';

interface TargetFlags extends GlobalOptions {
  target?: string;
}

const modelName = (flag: string | undefined) => {
  const t = targetFlag(flag);
  return t.kind === 'event' ? `event:${t.event}` : t.kind;
};

/** `cairn model list|show|promote|feedback|drift|retrain`: the registry and keeping models fresh. */
export function registerModelRegistry(model: Command): void {
  model
    .command('list')
    .description('registered models, newest first: version, classifier, status, test ROC AUC, data window')
    .option('--target <what>', 'only this model: churn, propensity or event:NAME')
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<TargetFlags>();
      const name = flags.target === undefined ? undefined : modelName(flags.target);
      const models = await withStore(flags, (store) => listModels(store, name));
      printResult(flags, { models }, () => describeList(models));
    });
  model
    .command('show')
    .description('one version: data window, features, parameters, metrics, and how its stored predictions turned out (feedback)')
    .argument('<version>', 'e.g. churn-v2 (cairn model list shows them)')
    .action(async (version: string, _opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<GlobalOptions>();
      const result = await withStore(flags, (store) => refusalsAsUsage(async () => {
        const m = await findModel(store, version);
        await updateFeedback(store, { model: m.model });
        return { ...m, feedback: await readFeedback(store, version) };
      }));
      printResult(flags, result, () => describeModel(result));
    });
  model
    .command('promote')
    .description('make a version its model’s champion (the one that scores); the champion before it is retired')
    .argument('<version>', 'e.g. churn-v3')
    .action(async (version: string, _opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<GlobalOptions>();
      const result = await withStore(flags, (store) => refusalsAsUsage(() => promoteModel(store, version)));
      printResult(flags, result, () => describePromotion(result));
    });
  model
    .command('feedback')
    .description('measure stored predictions whose outcome window has closed: realised ROC AUC and calibration')
    .option('--target <what>', 'only this model: churn, propensity or event:NAME')
    .addHelpText('after', `
A prediction run (cairn model predict: one version, one as-of day) can be judged once the store
holds data up to its as-of day + horizon. Each such run is labelled from what customers really did
and stored in model_feedback; cairn model show VERSION lists them.`)
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<TargetFlags>();
      const name = flags.target === undefined ? undefined : modelName(flags.target);
      const result = await withStore(flags, async (store) => {
        const update = await updateFeedback(store, name === undefined ? {} : { model: name });
        return { ...update, feedback: (await readFeedback(store)).filter((f) => name === undefined || f.model === name) };
      });
      printResult(flags, result, () => describeFeedback(result));
    });
  model
    .command('drift')
    .description('population stability index of each feature and of the score, between a model’s training rows and today’s customers')
    .option('--target <what>', 'the champion of churn, propensity or event:NAME', 'churn')
    .option('--version <version>', 'this version instead of the champion')
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<TargetFlags & { version?: string }>();
      const result = await withStore(flags, (store) => refusalsAsUsage(async () => {
        const scorer = await loadScorer(store, { model: modelName(flags.target), ...(flags.version === undefined ? {} : { version: flags.version }) });
        return measureDrift(store, scorer);
      }));
      printResult(flags, result, () => describeDrift(result));
    });
  model
    .command('retrain')
    .description('train a challenger on the latest data (when drift exceeds --if-drift, or always) and promote it only if it beats the champion')
    .option('--target <what>', 'which model: churn, propensity or event:NAME', 'churn')
    .option('--if-drift <psi>', 'retrain only when the PSI of the score, or of one of the model’s 5 most important inputs, exceeds this, e.g. 0.2')
    .option('--model <kind>', 'the challenger’s classifier: gbdt, logistic or mlp (default: the champion’s)')
    .option('--seed <n>', 'random seed (default: the champion’s)')
    .addHelpText('after', `
Drift is the population stability index between the champion's training rows and today's
customers (cairn model drift lists every feature; below 0.1 stable, above 0.2 a large shift).
Both models are scored on the same recent labelled customers: the challenger's test set (features
as of the data end − horizon, outcomes after it), which neither trained on. The challenger becomes
champion only if its ROC AUC is higher; else it stays a candidate. Run it on a schedule, e.g.
  cairn model retrain --if-drift 0.2 --json`)
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<TargetFlags & { ifDrift?: string; model?: string; seed?: string }>();
      const ifDrift = driftFlag(flags.ifDrift);
      const kind = classifierFlag(flags.model);
      const seed = wholeFlag('--seed', flags.seed);
      const result = await withStore(flags, (store) => refusalsAsUsage(() => retrain(store, {
        model: modelName(flags.target),
        ...(ifDrift === undefined ? {} : { ifDrift }),
        ...(kind === undefined ? {} : { kind }),
        ...(seed === undefined ? {} : { seed }),
        onProgress: (step) => say(`model retrain: ${step}…`),
      })));
      printResult(flags, result, () => describeRetrain(result));
    });
}
