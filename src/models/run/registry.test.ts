import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/index.js';
import { numericReference } from '../drift/index.js';
import { addMetrics, championOf, findModel, listModels, loadArtifact, promoteModel, registerModel, RegistryError, type NewModel } from './registry.js';

let store: Store;
beforeAll(async () => {
  store = await openStore({ location: ':memory:', secret: '11'.repeat(32) });
});
afterAll(async () => store.close());

const model = (over: Partial<NewModel> = {}): NewModel => ({
  model: 'churn',
  kind: 'gbdt',
  params: { horizonDays: 90 },
  metrics: { test: { rocAuc: 0.8 } },
  format: 'test-v1',
  artifact: { weights: [1, 2, 3] },
  reference: { asOf: '2024-01-01', features: {}, score: numericReference([0.1, 0.2, 0.3]) },
  ...over,
});

describe('model registry', () => {
  it('numbers versions per model, makes the first the champion and later ones candidates', async () => {
    const first = await registerModel(store, model());
    const second = await registerModel(store, model({ kind: 'logistic' }));
    const other = await registerModel(store, model({ model: 'propensity' }));
    expect([first.version, first.status]).toEqual(['churn-v1', 'champion']);
    expect([second.version, second.status]).toEqual(['churn-v2', 'candidate']);
    expect([other.version, other.status]).toEqual(['propensity-v1', 'champion']);
    expect((await listModels(store, 'churn')).map((m) => m.version)).toEqual(['churn-v2', 'churn-v1']);
    expect((await findModel(store, 'churn-v2')).params).toEqual({ horizonDays: 90 });
    const stored = await loadArtifact(store, second);
    expect(stored).toMatchObject({ format: 'test-v1', artifact: { weights: [1, 2, 3] } });
    expect(stored.reference?.score.edges).toEqual([0.1, 0.2]);
  });

  it('promotes one champion per model and retires the one before', async () => {
    const r = await promoteModel(store, 'churn-v2');
    expect(r.retired).toBe('churn-v1');
    expect((await championOf(store, 'churn'))?.version).toBe('churn-v2');
    expect((await findModel(store, 'churn-v1')).status).toBe('retired');
    expect((await championOf(store, 'propensity'))?.version).toBe('propensity-v1');
    expect((await promoteModel(store, 'churn-v2')).retired).toBeNull();
    await expect(findModel(store, 'churn-v9')).rejects.toThrow(RegistryError);
    await expect(findModel(store, 'churn-v9')).rejects.toThrow(/registered are .*churn-v2/);
  });

  it('keeps other stages’ rows of the models table out of the registry', async () => {
    await store.execute(`INSERT INTO models VALUES ('clv', 'bgnbd+gg@2024-01-01', 'bgnbd+gamma-gamma', 'active', '{}', '{}', now()::TIMESTAMP)`);
    expect((await listModels(store)).map((m) => m.model)).not.toContain('clv');
    const m = await findModel(store, 'churn-v1');
    await addMetrics(store, m, { feedback: [1] });
    expect((await findModel(store, 'churn-v1')).metrics).toEqual({ test: { rocAuc: 0.8 }, feedback: [1] });
  });
});
