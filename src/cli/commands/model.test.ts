import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelShop, withShopStore, type ModelShop } from '../../../test/model-shop.js';
import { runCli } from '../../../test/run-cli.js';
import type { DriftReport } from '../../models/run/drift.js';
import type { FeedbackRun } from '../../models/run/feedback.js';
import type { PredictStoreResult } from '../../models/run/predict-store.js';
import type { RegisteredModel } from '../../models/run/registry.js';
import type { RetrainResult } from '../../models/run/retrain.js';
import type { TrainStoreResult } from '../../models/run/train-store.js';

let shop: ModelShop;
beforeAll(async () => {
  shop = await modelShop(400, 150);
}, 180_000);
afterAll(() => shop.cleanup());

async function cli<T>(...args: string[]): Promise<T> {
  const r = await runCli('--db', shop.db, '--json', 'model', ...args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

async function refused(...args: string[]): Promise<string> {
  const r = await runCli('--db', shop.db, '--json', 'model', ...args);
  expect(r.code, r.stdout).toBe(2);
  return (JSON.parse(r.stdout) as { error: { message: string } }).error.message;
}

describe('cairn model on a CSV file, no store', () => {
  it('trains, saves, and scores another file with reasons', async () => {
    // 400 rows: churn is likelier on a monthly contract and with short tenure; gender carries nothing.
    const lines = ['id,tenure,contract,gender,churn'];
    const test = ['id,tenure,contract,gender'];
    for (let i = 0; i < 400; i++) {
      const tenure = (i * 37) % 72;
      const contract = ['monthly', 'yearly', 'two-year'][i % 3]!;
      const risk = (contract === 'monthly' ? 0.5 : 0.1) + (tenure < 12 ? 0.3 : 0) + ((i * 7919) % 100) / 500;
      lines.push(`r${i},${tenure},${contract},${i % 2 ? 'f' : 'm'},${risk > 0.55 ? 'Yes' : 'No'}`);
      if (i < 20) test.push(`n${i},${tenure},${contract},${i % 2 ? 'f' : 'm'}`);
    }
    const dir = dirname(shop.db);
    writeFileSync(join(dir, 'train.csv'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'new.csv'), `${test.join('\n')}\n`);
    const r = await runCli('--json', 'model', 'train', '--csv', join(dir, 'train.csv'), '--target', 'churn', '--model', 'logistic', '--sensitive', 'gender', '--save', join(dir, 'm.json'));
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { models: { kind: string; test: { rocAuc: number }; fairness?: { attribute: string }[] }[]; saved: string };
    expect(report.models[0]!.test.rocAuc).toBeGreaterThan(0.8);
    expect(report.models[0]!.fairness?.[0]?.attribute).toBe('gender');
    const p = await runCli('--json', 'model', 'predict', '--csv', join(dir, 'new.csv'), '--model-file', join(dir, 'm.json'), '--out', join(dir, 'scored.csv'));
    expect(p.code, p.stderr).toBe(0);
    const scored = readFileSync(join(dir, 'scored.csv'), 'utf8').trim().split('\n');
    expect(scored[0]).toBe('id,probability,label,reasons');
    expect(scored).toHaveLength(21);
  });
});

describe('cairn model on the store: train → predict → feedback → retrain', () => {
  let trained: TrainStoreResult;

  it('trains a churn model on a time split and registers it as the champion', async () => {
    trained = await cli<TrainStoreResult>('train', '--horizon', '30');
    expect(trained.version).toBe('churn-v1');
    expect(trained.status).toBe('champion');
    const w = trained.windows;
    expect([w.train < w.valid, w.valid < w.test]).toEqual([true, true]);
    expect(w.test).toBe(new Date(Date.parse(`${w.dataEnd}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10));
    for (const set of [trained.balance.train, trained.balance.valid, trained.balance.test]) {
      expect(set.positives).toBeGreaterThan(0);
      expect(set.positives).toBeLessThan(set.customers);
    }
    // Two training days stacked (a third would have less than a horizon of history before it).
    expect(w.trainDays).toEqual([w.train, new Date(Date.parse(`${w.train}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10)]);
    expect(trained.balance.train.asOf).toBe(w.trainDays.join(','));
    // Churn is learnable even from a few hundred customers: above chance on the held-out month.
    expect(trained.test.rocAuc).toBeGreaterThan(0.6);
    expect(trained.test.topDecile.lift).toBeGreaterThan(1);
    expect(trained.importance.length).toBeGreaterThan(0);
  });

  it('lists and shows the version with its window, features, parameters and metrics', async () => {
    const { models } = await cli<{ models: RegisteredModel[] }>('list');
    expect(models.map((m) => [m.version, m.status])).toEqual([['churn-v1', 'champion']]);
    const shown = await cli<RegisteredModel & { feedback: FeedbackRun[] }>('show', 'churn-v1');
    expect(shown.params['horizonDays']).toBe(30);
    expect(shown.params['features']).toContain('recency_days');
    expect((shown.metrics['test'] as { rocAuc: number }).rocAuc).toBeCloseTo(trained.test.rocAuc, 10);
    expect(shown.feedback).toEqual([]);
  });

  it('scores every customer with reasons in words and stores the predictions', async () => {
    const now = await cli<PredictStoreResult>('predict');
    expect(now.asOf).toBe(trained.windows.dataEnd);
    expect(now.written).toBe(now.customers);
    expect(now.top[0]!.reasons.length).toBeGreaterThan(0);
    for (const p of now.top) for (const r of p.reasons) expect(r.contribution).toBeGreaterThan(0);
    const rows = await withShopStore(shop, (store) => store.query<{ n: number; with_reasons: number }>(
      `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE json_array_length("values"->'reasons') > 0)::INTEGER AS with_reasons FROM predictions WHERE model = 'churn' AND version = 'churn-v1'`,
    ));
    expect(rows[0]!.n).toBe(now.customers);
    expect(rows[0]!.with_reasons).toBeGreaterThan(now.customers / 2);
    // The customer card shows the churn risk and its reasons.
    const customer = now.top[0]!.customerId;
    const r = await runCli('--db', shop.db, '--json', 'customer', customer);
    expect(r.code, r.stderr).toBe(0);
    const view = JSON.parse(r.stdout) as { predictions: { model: string; score: number; values: { reasons: { text: string }[] } }[] };
    const churn = view.predictions.find((p) => p.model === 'churn')!;
    expect(churn.score).toBeCloseTo(now.top[0]!.probability, 4);
    expect(churn.values.reasons.map((x) => x.text)).toEqual(now.top[0]!.reasons.map((x) => x.text));
    const card = await runCli('--db', shop.db, 'customer', customer);
    expect(card.stdout).toContain(`  because: ${now.top[0]!.reasons.map((x) => x.text).join('; ')}`);
  });

  it('measures stored predictions once their outcome window has closed (the feedback loop)', async () => {
    // Predictions as of the test day: their 30 days are in the data, so they can be judged now.
    const past = await cli<PredictStoreResult>('predict', '--as-of', trained.windows.test);
    const feedback = await cli<{ computed: FeedbackRun[]; pending: { asOf: string }[] }>('feedback');
    expect(feedback.computed.map((f) => f.asOf)).toEqual([trained.windows.test]);
    expect(feedback.pending.map((p) => p.asOf)).toEqual([trained.windows.dataEnd]);
    const run = feedback.computed[0]!;
    expect(run.customers).toBe(past.customers);
    // The same customers, labels and model as the test set: the same AUC (scores stored to 4 decimals).
    expect(run.positives).toBe(trained.balance.test.positives);
    expect(run.rocAuc!).toBeCloseTo(trained.test.rocAuc, 2);
    expect(run.calibration.reduce((s, b) => s + b.count, 0)).toBe(run.customers);
    const shown = await cli<{ feedback: FeedbackRun[] }>('show', 'churn-v1');
    expect(shown.feedback.map((f) => f.asOf)).toEqual([trained.windows.test]);
    expect((await cli<{ computed: FeedbackRun[] }>('feedback')).computed).toEqual([]);
  });

  it('measures drift and retrains a challenger, promoting it only if it beats the champion on the same customers', async () => {
    const drift = await cli<DriftReport>('drift');
    expect(drift.referenceAsOf).toBe(trained.windows.train);
    expect(drift.features.length).toBeGreaterThan(30);
    expect(drift.score).toBeGreaterThanOrEqual(0);
    const skipped = await cli<RetrainResult>('retrain', '--if-drift', '1000');
    expect(skipped.trained).toBe(false);
    const r = await cli<RetrainResult>('retrain', '--model', 'logistic');
    expect(r.trained).toBe(true);
    expect(r.challenger!.version).toBe('churn-v2');
    expect(r.comparedOn!.asOf).toBe(trained.windows.test);
    // The champion is judged on the challenger's test set: here the very set it was tested on.
    expect(r.champion.rocAuc!).toBeCloseTo(trained.test.rocAuc, 10);
    expect(r.promoted).toBe(r.challenger!.rocAuc > r.champion.rocAuc!);
    const { models } = await cli<{ models: RegisteredModel[] }>('list');
    const champion = models.filter((m) => m.status === 'champion').map((m) => m.version);
    expect(champion).toEqual([r.promoted ? 'churn-v2' : 'churn-v1']);
    const promoted = await cli<{ promoted: RegisteredModel; retired: string | null }>('promote', 'churn-v2');
    expect(promoted.retired).toBe(r.promoted ? null : 'churn-v1');
  });

  it('calibrates on the validation set when asked, and scores with the calibrator', async () => {
    const r = await cli<TrainStoreResult>('train', '--horizon', '30', '--model', 'logistic', '--calibrate', 'platt');
    expect([r.version, r.status, r.calibration]).toEqual(['churn-v3', 'candidate', 'platt']);
    const p = await cli<PredictStoreResult>('predict', '--version', 'churn-v3', '--no-write');
    expect(p.written).toBe(0);
    expect(p.meanProbability).toBeGreaterThan(0);
  });

  it('refuses bad usage with a message that says what to do', async () => {
    expect(await refused('train', '--target', 'loyalty')).toMatch(/churn, propensity or event:NAME/);
    expect(await refused('train', '--horizon', '200')).toMatch(/not enough history for a 200-day horizon.*at most/);
    expect(await refused('train', '--as-of', '2030-01-01')).toMatch(/runs past the data/);
    expect(await refused('train', '--model', 'forest')).toMatch(/gbdt, logistic, mlp/);
    expect(await refused('show', 'churn-v9')).toMatch(/no model version churn-v9: registered are/);
    expect(await refused('predict', '--target', 'propensity')).toMatch(/no champion for propensity: train one first/);
    expect(await refused('retrain', '--if-drift', 'lots')).toMatch(/positive PSI/);
    expect(await refused('train', '--save', 'x.json')).toMatch(/--save works with --csv FILE only/);
    expect(await refused('train', '--csv', 'x.csv')).toMatch(/--csv needs --target COLUMN/);
    expect(await refused('train', '--calibrate', 'magic')).toMatch(/platt, isotonic or none/);
    expect(await refused('train', '--csv', 'x.csv', '--target', 'y', '--horizon', '9')).toMatch(/work on the store only/);
    expect(await refused('predict', '--csv', 'x.csv')).toMatch(/needs both --csv FILE and --model-file FILE/);
  });
});
