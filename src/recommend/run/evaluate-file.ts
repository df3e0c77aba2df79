import { evaluateModels, type Evaluation, type InteractionLog } from '../evaluate.js';
import type { ModelName, ModelOptions } from '../models.js';
import { chronoSplit, randomSplit, timeSplit } from '../split.js';
import { readInteractionFile, type InteractionRows, type ReadOptions } from './interaction-file.js';

/** How one file is split into train and test. */
export type SplitSpec = { kind: 'random'; testFraction: number; seed: number } | { kind: 'time' | 'chrono'; testFraction: number };

export type EvaluateFilesInput = ({ train: string; test: string } | { file: string; split: SplitSpec }) & {
  read?: Omit<ReadOptions, 'needTimestamps'>;
  k?: number;
  models?: readonly ModelName[];
  modelOptions?: ModelOptions;
};

export interface FileEvaluation extends Evaluation {
  input: {
    files: string[];
    split: string;
    /** Rows left out because their rating or count was 0 or less. */
    nonPositiveRows: number;
    /** Rows left out because they had no user or no item (guest checkouts). */
    missingIdRows: number;
    ratings: boolean;
  };
}

/**
 * `cairn recommend evaluate`: reads interaction files (no store), splits one if asked, and
 * evaluates every model. Ids are strings, mapped to dense numbers shared by train and test.
 */
export async function evaluateFiles(input: EvaluateFilesInput): Promise<FileEvaluation> {
  let train: InteractionRows;
  let test: InteractionRows;
  let split: string;
  let files: string[];
  if ('file' in input) {
    const byUser = new Map<string, number>();
    const all = await readInteractionFile(input.file, { ...input.read, needTimestamps: input.split.kind !== 'random' });
    const s = input.split;
    const mask =
      s.kind === 'random'
        ? randomSplit(all.users.length, s.testFraction, s.seed)
        : s.kind === 'time'
          ? timeSplit(all.timestamps, s.testFraction).mask
          : chronoSplit(Int32Array.from(all.users, (u) => idOf(byUser, u)), all.timestamps, s.testFraction);
    train = pick(all, mask, 0);
    test = pick(all, mask, 1);
    split = s.kind === 'random' ? `random ${s.testFraction} (seed ${s.seed})` : s.kind === 'time' ? `time, latest ${s.testFraction}` : `time per user, latest ${s.testFraction}`;
    files = [input.file];
  } else {
    train = await readInteractionFile(input.train, input.read);
    test = await readInteractionFile(input.test, input.read);
    split = 'given';
    files = [input.train, input.test];
  }
  const users = new Map<string, number>();
  const items = new Map<string, number>();
  const encode = (rows: InteractionRows): InteractionLog => ({
    users: Int32Array.from(rows.users, (u) => idOf(users, u)),
    items: Int32Array.from(rows.items, (i) => idOf(items, i)),
    weights: rows.weights,
  });
  const trainLog = encode(train);
  const testLog = encode(test);
  const result = evaluateModels(trainLog, testLog, {
    ...input.modelOptions,
    nUsers: users.size,
    nItems: items.size,
    ...(input.k !== undefined ? { k: input.k } : {}),
    ...(input.models ? { models: input.models } : {}),
  });
  return { ...result, input: { files, split, nonPositiveRows: train.nonPositive + test.nonPositive, missingIdRows: train.missingIds + test.missingIds, ratings: train.hasRatings } };
}

function idOf(map: Map<string, number>, key: string): number {
  let id = map.get(key);
  if (id === undefined) map.set(key, (id = map.size));
  return id;
}

function pick(all: InteractionRows, mask: Uint8Array, want: number): InteractionRows {
  const idx: number[] = [];
  for (let e = 0; e < mask.length; e++) if (mask[e] === want) idx.push(e);
  return {
    ...all,
    users: idx.map((e) => all.users[e]!),
    items: idx.map((e) => all.items[e]!),
    weights: Float64Array.from(idx, (e) => all.weights[e]!),
    timestamps: Float64Array.from(idx, (e) => all.timestamps[e]!),
    nonPositive: want === 0 ? all.nonPositive : 0,
    missingIds: want === 0 ? all.missingIds : 0,
  };
}
