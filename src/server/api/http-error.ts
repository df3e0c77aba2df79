import type { z } from 'zod';

/** Machine-readable codes of the API's error bodies (`{ error: { code, message } }`). */
export type ApiErrorCode = 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'payload_too_large' | 'unsupported_media_type' | 'internal';

/**
 * The one error type of the REST API: a status, a code and a message that says what to do. The
 * central handler (error-handler.ts) turns it, and every other error, into the JSON body.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, 'bad_request', message);
export const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const notFound = (message: string) => new HttpError(404, 'not_found', message);

/**
 * zod issues as one sentence a person can act on: `limit: must be at most 500; from: must be
 * an ISO date or date-time such as 2024-05-01T00:00:00Z`. `where` names the part of the request.
 */
export function issuesInWords(issues: readonly z.core.$ZodIssue[], where: string, input?: unknown): string {
  return issues.map((i) => issueInWords(i, where, input)).join('; ');
}

/** The value at `path` of what was checked (zod's issues do not carry it). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

function issueInWords(issue: z.core.$ZodIssue, where: string, input: unknown): string {
  const at = issue.path.length ? `${where} ${issue.path.map(String).join('.')}` : where;
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown ${where}${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')} (/api/openapi.json lists the ones this route takes)`;
    case 'invalid_type':
      return valueAt(input, issue.path) === undefined ? `${at}: is required` : `${at}: must be ${article(issue.expected)}`;
    case 'too_small':
      return `${at}: must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters long' : ''}`;
    case 'too_big':
      return `${at}: must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters long' : ''}`;
    case 'invalid_value':
      return `${at}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `${at}: ${formatHint(issue.format)}`;
    case 'invalid_union':
      return `${at}: ${issue.message === 'Invalid input' ? 'is not in any accepted form' : issue.message}`;
    default:
      return `${at}: ${issue.message}`;
  }
}

function article(expected: string): string {
  if (expected === 'int') return 'a whole number';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function formatHint(format: string): string {
  if (format === 'datetime') return 'must be an ISO-8601 date-time such as 2024-05-01T00:00:00Z';
  if (format === 'date') return 'must be a date such as 2024-05-01';
  if (format === 'email') return 'must be an e-mail address';
  return `must be in ${format} form`;
}
