import type { z } from 'zod';

/** Bad usage of a command: unknown flag, missing argument, invalid value. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The exit code for an error: 2 for bad usage, 1 for a failure of the work. */
export function exitCodeFor(err: unknown): 1 | 2 {
  return err instanceof UsageError ? 2 : 1;
}

/** Parses a command's flags with zod; the first problem is a usage error naming its flag (camelCase keys as --kebab-case). */
export function parseWith<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = String(issue?.path[0] ?? 'option').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new UsageError(`--${flag} ${issue?.message ?? 'is not valid'}`);
  }
  return parsed.data;
}
