/** Bad usage of a command: unknown flag, missing argument, invalid value. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The exit code for an error: 2 for bad usage, 1 for a failure of the work. */
export function exitCodeFor(err: unknown): 1 | 2 {
  return err instanceof UsageError ? 2 : 1;
}
