import type { ClassifierKind } from '../../models/classify/index.js';
import { DEFAULT_HORIZON_DAYS, ModelInputError, parseTarget, type CustomerTarget } from '../../models/run/customer-target.js';
import { isDay } from '../../models/run/days.js';
import { RegistryError } from '../../models/run/registry.js';
import { UsageError } from '../errors.js';

/** The flags of `cairn model …` read once into typed values; anything wrong is a UsageError. */
export const CLASSIFIERS: readonly ClassifierKind[] = ['gbdt', 'logistic', 'mlp'];

export function classifierFlag(value: string | undefined): ClassifierKind | undefined {
  if (value === undefined) return undefined;
  if (!(CLASSIFIERS as readonly string[]).includes(value)) throw new UsageError(`--model ${value} is not known: use ${CLASSIFIERS.join(', ')}`);
  return value as ClassifierKind;
}

export function targetFlag(value: string | undefined): CustomerTarget {
  try {
    return parseTarget(value ?? 'churn');
  } catch (err) {
    throw usage(err);
  }
}

export function horizonFlag(value: string | undefined, target: CustomerTarget): number {
  if (value === undefined) return DEFAULT_HORIZON_DAYS[target.kind];
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--horizon ${value} must be a whole number of days, at least 1`);
  return Number(value);
}

export function dayFlag(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && !isDay(value)) throw new UsageError(`${flag} ${value} is not a date: use YYYY-MM-DD`);
  return value;
}

export function wholeFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number, got ${value}`);
  return Number(value);
}

export function driftFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`--if-drift ${value} must be a positive PSI, e.g. 0.2 (0.1 moderate, 0.2 large shift)`);
  return n;
}

/** A refusal of the models' run code (a bad window, an unknown version) as bad usage. */
export function usage(err: unknown): unknown {
  return err instanceof ModelInputError || err instanceof RegistryError ? new UsageError(err.message) : err;
}

/** Runs `fn`, turning the models' refusals into UsageErrors. */
export async function refusalsAsUsage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw usage(err);
  }
}
