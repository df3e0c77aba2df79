import type { Command } from 'commander';
import { predictOnStore } from '../../models/run/predict-store.js';
import { trainOnStore } from '../../models/run/train-store.js';
import { withStore } from '../context.js';
import { UsageError } from '../errors.js';
import { printResult, say, type GlobalOptions } from '../output.js';
import { predictCsv, trainCsv, type CsvPredictFlags, type CsvTrainFlags } from './model-csv.js';
import { describePrediction, describeTraining } from './model-describe.js';
import { classifierFlag, dayFlag, horizonFlag, refusalsAsUsage, targetFlag, wholeFlag } from './model-flags.js';
import { registerModelRegistry } from './model-registry.js';

interface TrainFlags extends GlobalOptions, CsvTrainFlags {
  target?: string;
  horizon?: string;
  asOf?: string;
  trainDays?: string;
  calibrate?: string;
  model?: string;
  seed?: string;
}

interface PredictFlags extends GlobalOptions, CsvPredictFlags {
  target?: string;
  version?: string;
  asOf?: string;
  reasons?: string;
  write: boolean;
}

/**
 * `cairn model …`: churn, purchase propensity and any-event models on the store's customers
 * (train, predict, the registry, drift, feedback and retraining), and the same classifiers on any
 * labelled CSV file (`--csv`), no store needed.
 */
export function registerModels(program: Command): void {
  const model = program
    .command('model')
    .description('predict churn, purchase or any event per customer (gbdt, logistic, mlp), with reasons; registry, drift, feedback, retraining; or train on a CSV file');
  model
    .command('train')
    .description('train a classifier on the store’s customers (or on a labelled CSV file with --csv) and register it')
    .option('--target <what>', 'store: churn (no order in the horizon; the default), propensity (an order in it) or event:NAME (that event in it); with --csv: the label column')
    .option('--horizon <days>', 'outcome window in days (default 90 for churn, 30 for propensity and events)')
    .option('--as-of <date>', 'the test set’s as-of day, YYYY-MM-DD (default: the latest whose outcome window has closed)')
    .option('--train-days <n>', 'training as-of days stacked, one horizon apart (default 3; fewer when the history is short)')
    .option('--model <kind>', 'classifier: gbdt, logistic or mlp (with --csv also all: train each, keep the best)', 'gbdt')
    .option('--seed <n>', 'random seed', '42')
    .option('--csv <file>', 'train on this labelled CSV file instead of the store')
    .option('--test-csv <file>', 'with --csv: a labelled test file with the same columns (default: a stratified 20% of --csv)')
    .option('--positive <value>', 'with --csv: the target value that counts as positive (default: a yes-like value, else the rarer one)')
    .option('--sensitive <columns>', 'with --csv: comma-separated attributes to audit for fairness (kept out of the features)')
    .option('--calibrate <method>', 'calibrate probabilities: platt, isotonic or none (store: on the validation set; --csv: on 20% of the training rows)', 'none')
    .option('--tune', 'with --csv: choose each classifier’s parameters among a few candidates on a validation split')
    .option('--save <file>', 'with --csv: write the fitted model to this file (for cairn model predict --model-file)')
    .addHelpText('after', `
On the store, the split is by time (H = --horizon, D = the day after the last order or event):
  test as-of T = --as-of or D − H, validation as-of T − H, training as-of T − 2H (and with
  --train-days N also T − 3H, … while a horizon of history precedes them, stacked).
Each set holds the customers active before its as-of day (for churn: who had ordered), their
features computed from data before that day only (the profile of cairn features --as-of plus
recent 30/90-day windows), and the label from the H days after it; so no set sees its own
outcome, and each set's outcome window ends where the next set's begins. The model learns on the
training set, stops early on validation, and is judged on test (ROC AUC, PR AUC, log loss, Brier,
top-decile lift, calibration). It is registered as <target>-v<n>: the first of a target becomes
champion, later ones candidates (cairn model promote, cairn model retrain).

Examples:
  cairn model train                                      # churn in 90 days, gbdt
  cairn model train --target propensity --horizon 30 --model logistic --json
  cairn model train --target "event:Product Added" --horizon 14
  cairn model train --csv telco.csv --target Churn --sensitive gender,SeniorCitizen --save telco.model.json`)
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<TrainFlags>();
      if (flags.csv !== undefined) {
        await trainCsv(flags);
        return;
      }
      for (const f of ['testCsv', 'positive', 'sensitive', 'save', 'tune'] as const) {
        if (flags[f] !== undefined) throw new UsageError(`--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} works with --csv FILE only`);
      }
      const target = targetFlag(flags.target);
      const horizonDays = horizonFlag(flags.horizon, target);
      const asOf = dayFlag('--as-of', flags.asOf);
      const kind = classifierFlag(flags.model);
      const seed = wholeFlag('--seed', flags.seed);
      const trainDays = wholeFlag('--train-days', flags.trainDays);
      if (trainDays === 0) throw new UsageError('--train-days must be at least 1');
      const calibrate = flags.calibrate ?? 'none';
      if (calibrate !== 'none' && calibrate !== 'platt' && calibrate !== 'isotonic') throw new UsageError(`--calibrate ${calibrate} is not known: use platt, isotonic or none`);
      const trained = await withStore(flags, (store) => refusalsAsUsage(() => trainOnStore(store, {
        target,
        horizonDays,
        ...(asOf === undefined ? {} : { asOf }),
        ...(kind === undefined ? {} : { kind }),
        ...(seed === undefined ? {} : { seed }),
        ...(trainDays === undefined ? {} : { trainDays }),
        calibrate,
        onProgress: (step) => say(`model train: ${step}…`),
      })));
      printResult(flags, trained.result, () => describeTraining(trained.result));
    });
  model
    .command('predict')
    .description('score every customer with the champion and store the predictions with reasons (or score a CSV file with --csv and --model-file)')
    .option('--target <what>', 'which model’s champion scores: churn, propensity or event:NAME', 'churn')
    .option('--version <version>', 'score with this version instead of the champion')
    .option('--as-of <date>', 'features as of this day (default: the day after the last order or event)')
    .option('--reasons <n>', 'reasons per customer', '3')
    .option('--no-write', 'do not write to the predictions table')
    .option('--csv <file>', 'score this CSV file instead of the store (needs --model-file)')
    .option('--model-file <file>', 'with --csv: the model saved by cairn model train --csv --save')
    .option('--out <file>', 'with --csv: write the rows with their probability and reasons to this CSV file')
    .addHelpText('after', `
Writes one row per customer to predictions: model (the target), version, score (the probability)
and values {asOf, horizonDays, target, reasons: [{feature, text, contribution}]}. Once the
store's data covers the outcome window (as-of + horizon), cairn model feedback (also run by
cairn model show) measures how the predictions turned out.

Examples:
  cairn model predict
  cairn model predict --target propensity --json
  cairn model predict --csv new-customers.csv --model-file telco.model.json --out scored.csv`)
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<PredictFlags>();
      if (flags.csv !== undefined || flags.modelFile !== undefined) {
        await predictCsv(flags);
        return;
      }
      if (flags.out !== undefined) throw new UsageError('--out works with --csv FILE only; store predictions go to the predictions table');
      const target = targetFlag(flags.target);
      const asOf = dayFlag('--as-of', flags.asOf);
      const reasons = wholeFlag('--reasons', flags.reasons);
      const result = await withStore(flags, (store) => refusalsAsUsage(() => predictOnStore(store, {
        model: target.kind === 'event' ? `event:${target.event}` : target.kind,
        ...(flags.version === undefined ? {} : { version: flags.version }),
        ...(asOf === undefined ? {} : { asOf }),
        ...(reasons === undefined ? {} : { reasons }),
        write: flags.write,
        onProgress: (step) => say(`model predict: ${step}…`),
      })));
      printResult(flags, result, () => describePrediction(result));
    });
  registerModelRegistry(model);
}
