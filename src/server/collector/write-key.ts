import type { FastifyRequest } from 'fastify';
import { HttpError } from '../http-error.js';

/**
 * The write key of a request: the user part of HTTP Basic auth (how Segment's clients send it,
 * password empty), or the body's `writeKey`.
 */
export function writeKeyOf(request: FastifyRequest, body: unknown): string {
  const header = request.headers.authorization;
  if (header) {
    const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
    if (!m) throw new HttpError(401, 'invalid_write_key', 'the Authorization header must be Basic auth with the write key as the user name (password empty)');
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const user = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
    if (user !== '') return user;
  }
  const inBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['writeKey'] : undefined;
  if (typeof inBody === 'string' && inBody !== '') return inBody;
  throw new HttpError(401, 'missing_write_key', 'no write key: send it as the Basic auth user name (`curl -u WRITE_KEY: …`) or as "writeKey" in the body; `cairn sources add NAME` makes one');
}
