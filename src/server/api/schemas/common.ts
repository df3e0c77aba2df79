import { z } from 'zod';
import { badRequest } from '../http-error.js';
import { component } from '../route.js';

/** The body of every error. */
export const ErrorBody = component(
  'Error',
  z.object({
    error: z.object({
      code: z.enum(['bad_request', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'payload_too_large', 'unsupported_media_type', 'internal']),
      message: z.string().describe('What went wrong and what to do about it'),
    }),
  }),
);

/** `limit`: rows per page. */
export const limit = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback).describe(`Rows per page (1-${max}, default ${fallback})`);

/** `cursor`: where the next page starts, as the previous page's `nextCursor` said. */
export const cursor = z.string().min(1).max(400).optional().describe('The `nextCursor` of the previous page');

/** An instant in a query: an ISO-8601 date-time (with Z or an offset), or a date (midnight UTC). */
export const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
  error: 'must be an ISO-8601 date (2024-05-01) or date-time (2024-05-01T00:00:00Z)',
});

/** A `true`/`false` query flag. */
export const flag = (description: string) =>
  z.enum(['true', 'false']).optional().transform((v) => v === 'true').describe(description);

/** A customer's pseudonym id (`c_…`), as every route takes and gives it. */
export const customerId = z.string().min(1).max(200).describe("A customer's pseudonym id (c_…)");

/** The page's next cursor: null on the last page. */
export const nextCursor = z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page');

/** Opaque cursors: the sort key of the last row, so that paging stays stable while rows arrive. */
export function encodeCursor(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

export function decodeCursor(text: string, count: number): string[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  if (!Array.isArray(parts) || parts.length !== count || !parts.every((p) => typeof p === 'string')) {
    throw badRequest('query parameter cursor: is not one this API gave out; pass the `nextCursor` of the previous page unchanged');
  }
  return parts as string[];
}

/** JSON text from the store as a value (the store hands JSON columns over as text). */
export function parseJson<T = unknown>(text: unknown): T | null {
  if (text === null || text === undefined) return null;
  if (typeof text !== 'string') return text as T;
  return JSON.parse(text) as T;
}

/** A JSON object (properties, traits, values). */
export const jsonObject = z.record(z.string(), z.unknown());
