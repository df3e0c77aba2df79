import type { Store } from '../../store/index.js';
import type { DriftReference, NumericReference } from '../drift/index.js';

/**
 * The model registry: every customer classifier trained on the store, in `models` (version, kind,
 * status, parameters, metrics) and `model_artifacts` (the fitted model, its feature encoding and
 * the reference distributions drift is measured against). Versions are `<model>-v<n>`, so a
 * version names its model too. Per model at most one version is the champion, which scoring uses;
 * a new version is a candidate until promoted (the first of a model is champion at once).
 */
export type ModelStatus = 'candidate' | 'champion' | 'retired';

export interface RegisteredModel {
  /** What it predicts: `churn`, `propensity`, `event:NAME`. */
  model: string;
  version: string;
  /** The classifier: gbdt, logistic or mlp. */
  kind: string;
  status: ModelStatus;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  createdAt: string;
}

/** The stored artifact: enough to score new rows exactly as the test rows were scored. */
export interface StoredArtifact {
  format: string;
  artifact: unknown;
  /** Binned features and scores of the training rows; null when none was kept. */
  reference: ModelReference | null;
}

/** Distributions of the training rows, for the population stability index. */
export interface ModelReference {
  asOf: string;
  features: Record<string, DriftReference>;
  score: NumericReference;
}

export interface NewModel {
  model: string;
  kind: string;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  format: string;
  artifact: unknown;
  reference: ModelReference | null;
}

/** A registry request that names nothing there; the message says what is. */
export class RegistryError extends Error {
  override name = 'RegistryError';
}

interface ModelRow {
  model: string;
  version: string;
  kind: string;
  status: string;
  params: string | null;
  metrics: string | null;
  created_at: string;
}

const SELECT = `SELECT m.model, m.version, m.kind, m.status, m.params::VARCHAR AS params, m.metrics::VARCHAR AS metrics, m.created_at
  FROM models m WHERE EXISTS (SELECT 1 FROM model_artifacts a WHERE a.model = m.model AND a.version = m.version)`;

function fromRow(r: ModelRow): RegisteredModel {
  return {
    model: r.model,
    version: r.version,
    kind: r.kind,
    status: r.status as ModelStatus,
    params: r.params ? (JSON.parse(r.params) as Record<string, unknown>) : {},
    metrics: r.metrics ? (JSON.parse(r.metrics) as Record<string, unknown>) : {},
    createdAt: r.created_at,
  };
}

const now = () => new Date().toISOString().replace('T', ' ').replace('Z', '');

/** Saves a trained model as the next version of its name: champion when the name has none yet, else candidate. */
export async function registerModel(store: Store, m: NewModel): Promise<RegisteredModel> {
  return store.transaction(async () => {
    const [last] = await store.query<{ n: number | null }>(
      `SELECT max(try_cast(regexp_extract(version, '-v(\\d+)$', 1) AS INTEGER)) AS n FROM models WHERE model = ?`,
      [m.model],
    );
    const version = `${m.model}-v${(last?.n ?? 0) + 1}`;
    const [champion] = await store.query(`SELECT version FROM models WHERE model = ? AND status = 'champion'`, [m.model]);
    const status: ModelStatus = champion ? 'candidate' : 'champion';
    const createdAt = now();
    await store.execute(
      `INSERT INTO models (model, version, kind, status, params, metrics, created_at) VALUES (?, ?, ?, ?, ?::JSON, ?::JSON, ?::TIMESTAMP)`,
      [m.model, version, m.kind, status, JSON.stringify(m.params), JSON.stringify(m.metrics), createdAt],
    );
    await store.execute(
      `INSERT INTO model_artifacts (model, version, format, artifact, reference, created_at) VALUES (?, ?, ?, ?::JSON, ?::JSON, ?::TIMESTAMP)`,
      [m.model, version, m.format, JSON.stringify(m.artifact), m.reference === null ? null : JSON.stringify(m.reference), createdAt],
    );
    return { model: m.model, version, kind: m.kind, status, params: m.params, metrics: m.metrics, createdAt };
  });
}

/** Registered classifiers, newest first; of one model when named. */
export async function listModels(store: Store, model?: string): Promise<RegisteredModel[]> {
  const rows = await store.query<ModelRow & Record<string, unknown>>(
    `${SELECT}${model === undefined ? '' : ' AND m.model = ?'} ORDER BY m.created_at DESC, m.version DESC`,
    model === undefined ? [] : [model],
  );
  return rows.map(fromRow);
}

/** One version; a RegistryError naming the versions there are when it is not registered. */
export async function findModel(store: Store, version: string): Promise<RegisteredModel> {
  const [row] = await store.query<ModelRow & Record<string, unknown>>(`${SELECT} AND m.version = ?`, [version]);
  if (row) return fromRow(row);
  const known = (await listModels(store)).slice(0, 8).map((m) => m.version);
  throw new RegistryError(`no model version ${version}${known.length ? `: registered are ${known.join(', ')}` : ': no model is registered yet (train one with cairn model train)'}`);
}

/** The champion of a model, or null. */
export async function championOf(store: Store, model: string): Promise<RegisteredModel | null> {
  const [row] = await store.query<ModelRow & Record<string, unknown>>(`${SELECT} AND m.model = ? AND m.status = 'champion'`, [model]);
  return row ? fromRow(row) : null;
}

/** The fitted model and its references. */
export async function loadArtifact(store: Store, m: RegisteredModel): Promise<StoredArtifact> {
  const [row] = await store.query<{ format: string; artifact: string; reference: string | null }>(
    `SELECT format, artifact::VARCHAR AS artifact, reference::VARCHAR AS reference FROM model_artifacts WHERE model = ? AND version = ?`,
    [m.model, m.version],
  );
  if (!row) throw new RegistryError(`model ${m.version} has no stored artifact`);
  return { format: row.format, artifact: JSON.parse(row.artifact) as unknown, reference: row.reference ? (JSON.parse(row.reference) as ModelReference) : null };
}

/** Makes a version its model's champion; the champion before it is retired. */
export async function promoteModel(store: Store, version: string): Promise<{ promoted: RegisteredModel; retired: string | null }> {
  const m = await findModel(store, version);
  return store.transaction(async () => {
    const [before] = await store.query<{ version: string }>(`SELECT version FROM models WHERE model = ? AND status = 'champion'`, [m.model]);
    if (before?.version === version) return { promoted: m, retired: null };
    await store.execute(`UPDATE models SET status = 'retired' WHERE model = ? AND status = 'champion'`, [m.model]);
    await store.execute(`UPDATE models SET status = 'champion' WHERE model = ? AND version = ?`, [m.model, version]);
    return { promoted: { ...m, status: 'champion' as const }, retired: before?.version ?? null };
  });
}

/** Merges keys into a version's metrics (a retrain's comparison, say). */
export async function addMetrics(store: Store, m: RegisteredModel, extra: Record<string, unknown>): Promise<void> {
  await store.execute(`UPDATE models SET metrics = ?::JSON WHERE model = ? AND version = ?`, [JSON.stringify({ ...m.metrics, ...extra }), m.model, m.version]);
}
