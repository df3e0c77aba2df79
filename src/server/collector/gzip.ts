import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { HttpError } from '../http-error.js';

/**
 * The request body, gunzipped when `Content-Encoding: gzip` (as Segment's clients may send it).
 * Fastify's body limit then counts the decompressed bytes, so a small bomb is still stopped at
 * 500 KB; it checks Content-Length against `receivedEncodedLength`, the bytes that came in.
 */
export function decodedBody(payload: Readable, encoding: string | undefined): Readable {
  const enc = (encoding ?? '').trim().toLowerCase();
  if (enc === '' || enc === 'identity') return payload;
  if (enc !== 'gzip' && enc !== 'x-gzip') {
    throw new HttpError(415, 'unsupported_encoding', `Content-Encoding "${enc}" is not supported: send the body plain or gzip-compressed`);
  }
  const gunzip = createGunzip();
  const out = new PassThrough() as PassThrough & { receivedEncodedLength: number };
  out.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    out.receivedEncodedLength += chunk.length;
  });
  gunzip.on('error', (err) => out.destroy(new HttpError(400, 'bad_gzip', `the body is not valid gzip (${err.message}); compress it with gzip or send it plain`)));
  payload.on('error', (err) => out.destroy(err));
  payload.pipe(gunzip).pipe(out);
  return out;
}
