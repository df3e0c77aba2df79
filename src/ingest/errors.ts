/** An import could not start or finish; nothing of the failing file was written. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(message: string, readonly file?: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The command was given something that cannot work (unknown source, no files): exit code 2. */
export class ImportUsageError extends ImportError {
  override name = 'ImportUsageError';
}
