/** Something went wrong opening or using the store; the message says what to do. */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(message: string, readonly location?: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Another process has the store file open for writing. */
export class StoreLockedError extends StoreError {
  override name = 'StoreLockedError';
  constructor(location: string, readonly holder: string | undefined, options?: ErrorOptions) {
    super(
      `the store ${location} is open in another process${holder ? ` (${holder})` : ''}; ` +
        'stop that process (e.g. a running `cairn serve`) or pass --db with another file',
      location,
      options,
    );
  }
}

/** A read-only query tried to change data. */
export class ReadOnlyViolation extends StoreError {
  override name = 'ReadOnlyViolation';
  constructor(readonly statementType: string) {
    super(`only reading statements are allowed here (SELECT, WITH, DESCRIBE, SHOW, EXPLAIN, SUMMARIZE), not ${statementType}`);
  }
}
