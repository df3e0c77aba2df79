import { maskText } from './mask.js';
import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError, type ApiErrorCode } from './http-error.js';

const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * The one place where the API's errors become responses: `{ error: { code, message } }`. An
 * `HttpError` keeps its status and message; Fastify's own client errors (bad JSON, too large)
 * keep theirs; anything else is a 500 whose message points at the server log, and is logged
 * there by name and message (which carry ids, never personal data).
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError | Error, request, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
    }
    const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: { code: CODE_BY_STATUS[status] ?? 'bad_request', message: clientErrorMessage(err, status) } });
    }
    request.log.error({ err: { name: err.name, message: maskText(err.message) }, route: request.routeOptions.url }, 'api request failed');
    return reply.code(500).send({
      error: { code: 'internal', message: 'the server could not answer this request; the server log has the cause (try again, or report it with the time of the request)' },
    });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({
      error: { code: 'not_found', message: `there is no route ${request.method} ${request.url.split('?')[0]}; /api/openapi.json lists the routes` },
    });
  });
}

/** Fastify's own words for a client's error, with what to do added. */
function clientErrorMessage(err: Error, status: number): string {
  const code = 'code' in err ? err.code : undefined;
  if (status === 400 && (err instanceof SyntaxError || code === 'FST_ERR_CTP_INVALID_JSON_BODY')) return 'the body is not valid JSON; send one JSON object';
  if (status === 415) return 'send the body as JSON, with Content-Type: application/json';
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'the body is empty: send a JSON object';
  return err.message;
}
