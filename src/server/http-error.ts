import { maskText } from './api/mask.js';
import type { FastifyError, FastifyInstance } from 'fastify';

/**
 * An HTTP error of the server: status, a machine-readable code and a message that says what to
 * do; `headers` such as Retry-After go out with it. The central handler (`installErrorHandler`)
 * turns it, and every other error, into `{ error: { code, message } }`.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** Fastify's own client errors, in the collector's words (its routes are under /v1/). */
function fastifyError(err: FastifyError, collector: boolean): HttpError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, collector ? 'batch_too_large' : 'payload_too_large', collector
        ? 'the request body is over 500 KB, the limit for one batch (as Segment\'s): send fewer events per request'
        : 'the request body is too large');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpError(400, 'bad_json', `the body is not valid JSON (${err.message}); send one JSON object`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError(400, 'bad_json', 'the body is empty: send a JSON object');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'unsupported_media_type', 'send the body as JSON with Content-Type: application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpError(400, 'bad_request', 'the Content-Length header does not match the body');
    default:
      break;
  }
  if (err.statusCode === 400 && err instanceof SyntaxError) return new HttpError(400, 'bad_json', `the body is not valid JSON (${err.message}); send one JSON object`);
  return undefined;
}

/**
 * The server's one error handler. An error that carries `status` and `code` (this HttpError, or
 * the REST API's) keeps them; Fastify's client errors keep their status; anything else is a 500
 * logged by name and message only (they carry ids, never personal data).
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, request, reply) => {
    const collector = request.url.startsWith('/v1/');
    let http: HttpError | undefined;
    if (err instanceof HttpError) http = err;
    else if (err instanceof Error && typeof (err as { status?: unknown }).status === 'number' && typeof (err as { code?: unknown }).code === 'string') {
      const e = err as Error & { status: number; code: string };
      http = new HttpError(e.status, e.code, e.message);
    } else if (err instanceof Error && 'code' in err && typeof (err as FastifyError).statusCode === 'number') {
      const fe = err as FastifyError;
      http = fastifyError(fe, collector) ?? (fe.statusCode! < 500 ? new HttpError(fe.statusCode!, 'bad_request', fe.message) : undefined);
    }
    if (http && http.status < 500) {
      return reply.code(http.status).headers(http.headers).send({ error: { code: http.code, message: http.message } });
    }
    if (http) {
      request.log.warn({ code: http.code, route: request.routeOptions.url }, http.message);
      return reply.code(http.status).headers(http.headers).send({ error: { code: http.code, message: http.message } });
    }
    const e = err instanceof Error ? err : new Error(String(err));
    // A store error can quote the row it failed on: e-mails and phone numbers are masked before logging.
    request.log.error({ err: { name: e.name, message: maskText(e.message) }, route: request.routeOptions.url }, 'request failed');
    return reply.code(500).send({
      error: { code: 'internal', message: 'the server could not answer this request; the server log has the cause (send it again, or report it with the time of the request)' },
    });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({
      error: { code: 'not_found', message: `there is no route ${request.method} ${request.url.split('?')[0]}; the collector takes POST /v1/batch, /v1/track, /v1/identify, /v1/page, /v1/screen, /v1/group, /v1/alias and the API lists its routes at /api/openapi.json` },
    });
  });
}
