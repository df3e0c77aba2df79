import { buildInteractions, itemUserCounts } from './matrix.js';
import { catalogueCoverage, novelty, rankingMetrics, type RankingMetrics } from './metrics.js';
import { fitModel, MODEL_NAMES, type ModelName, type ModelOptions } from './models.js';
import { recommend, type ScoringModel } from './recommender.js';

/** Interactions as parallel arrays over one id space shared by train and test. */
export interface InteractionLog {
  users: Int32Array;
  items: Int32Array;
  /** Counts or ratings; 1 each when absent. */
  weights?: Float64Array;
}

export interface EvaluateOptions extends ModelOptions {
  /** Size of each list. Default 10. */
  k?: number;
  models?: readonly ModelName[];
  /** Number of user and item ids (the shared id space). */
  nUsers: number;
  nItems: number;
}

/** One model's row. A model that could not run has `error` and no metrics. */
export interface ModelEvaluation extends Partial<RankingMetrics> {
  model: ModelName;
  coverage?: number;
  novelty?: number;
  trainSeconds?: number;
  error?: string;
}

export interface Evaluation {
  k: number;
  train: { interactions: number; users: number; items: number };
  /**
   * Test users with no training history (cold start) are left out of the metrics and counted;
   * test interactions whose item never occurs in training stay in each user's relevant set (no
   * model can hit them) and are counted.
   */
  test: { interactions: number; users: number; evaluatedUsers: number; coldStartUsers: number; coldStartItemInteractions: number };
  rows: ModelEvaluation[];
}

/**
 * Fits every model on `train` and ranks the k unseen items of each test user who has a training
 * history; metrics as in Microsoft's Recommenders (see metrics.ts).
 */
export function evaluateModels(train: InteractionLog, test: InteractionLog, options: EvaluateOptions): Evaluation {
  const k = options.k ?? 10;
  const matrix = buildInteractions(train.users, train.items, train.weights, options.nUsers, options.nItems);
  const itemUsers = itemUserCounts(matrix);
  const trainUsers = countActive(matrix.indptr);
  const trainItems = itemUsers.reduce((n, c) => n + (c > 0 ? 1 : 0), 0);
  const relevantByUser = new Map<number, Set<number>>();
  let coldStartItemInteractions = 0;
  for (let e = 0; e < test.users.length; e++) {
    const u = test.users[e]!;
    const i = test.items[e]!;
    if (itemUsers[i] === undefined || itemUsers[i] === 0) coldStartItemInteractions++;
    let set = relevantByUser.get(u);
    if (!set) relevantByUser.set(u, (set = new Set()));
    set.add(i);
  }
  const warmUsers = [...relevantByUser.keys()].filter((u) => matrix.indptr[u + 1]! > matrix.indptr[u]!).sort((a, b) => a - b);
  const relevant = warmUsers.map((u) => relevantByUser.get(u)!);
  const popularity = fitModel('popularity', matrix);
  const exclude = (i: number) => itemUsers[i] === 0;
  const rows: ModelEvaluation[] = [];
  for (const name of options.models ?? MODEL_NAMES) {
    let model: ScoringModel;
    const started = performance.now();
    try {
      model = name === 'popularity' ? popularity : fitModel(name, matrix, options);
    } catch (err) {
      rows.push({ model: name, error: err instanceof Error ? err.message : String(err) });
      continue;
    }
    const trainSeconds = (performance.now() - started) / 1000;
    const lists = warmUsers.map((u) => Int32Array.from(recommend(model, matrix, u, k, popularity, { exclude }), (r) => r.item));
    rows.push({
      model: name,
      ...rankingMetrics(lists, relevant, k),
      coverage: catalogueCoverage(lists, trainItems),
      novelty: novelty(lists, itemUsers, trainUsers),
      trainSeconds,
    });
  }
  return {
    k,
    train: { interactions: train.users.length, users: trainUsers, items: trainItems },
    test: {
      interactions: test.users.length,
      users: relevantByUser.size,
      evaluatedUsers: warmUsers.length,
      coldStartUsers: relevantByUser.size - warmUsers.length,
      coldStartItemInteractions,
    },
    rows,
  };
}

function countActive(indptr: Int32Array): number {
  let n = 0;
  for (let u = 0; u + 1 < indptr.length; u++) if (indptr[u + 1]! > indptr[u]!) n++;
  return n;
}

