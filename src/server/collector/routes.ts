import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WriteAheadLog } from '../wal/index.js';
import { WalWriteError } from '../wal/index.js';
import { HttpError } from '../http-error.js';
import type { ServerMetrics } from '../ops/metrics.js';
import { MESSAGE_TYPES, type MessageType } from './check-message.js';
import { batchItemSpans } from './batch-spans.js';
import { decodedBody } from './gzip.js';
import { BATCH_LIMIT_BYTES, type BackPressure } from './limits.js';
import { prepareBatch, type PreparedBatch } from './prepare.js';
import type { WriteKeys } from './sources.js';
import { writeKeyOf } from './write-key.js';

export interface CollectorOptions {
  wal: WriteAheadLog;
  keys: WriteKeys;
  metrics: ServerMetrics;
  backPressure: BackPressure;
}

/** What a 200 says: how many events were taken, and which go to the quarantine and why. */
interface Accepted {
  success: true;
  accepted: number;
  quarantined: number;
  /** The first rejected events (index in the batch, reason, detail); all are in the quarantine. */
  rejected: PreparedBatch['rejected'];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Segment's HTTP tracking API: `POST /v1/batch` and the single-message routes. A 200 means every
 * message of the request is in the write-ahead log, synced to disk; the loader moves it to the
 * store. Runs in a plugin scope of its own (body parsers, gzip, CORS apply to these routes only).
 */
export async function collectorRoutes(app: FastifyInstance, options: CollectorOptions): Promise<void> {
  const { wal, keys, metrics, backPressure } = options;

  // Fastify's own JSON parsing (with its prototype-poisoning checks), keeping the body's text so
  // that a batch's messages can be logged as they came (prepare.ts). sendBeacon and some clients
  // send JSON as text/plain (no CORS preflight for that type): parsed the same way.
  const bodies = new WeakMap<FastifyRequest, { text: string; bytes: Buffer }>();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const parser = (request: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
    const bytes = body as Buffer;
    const text = bytes.toString('utf8');
    bodies.set(request, { text, bytes });
    // Callback style (Fastify types it as possibly returning a promise).
    void parseJson(request, text, done);
  };
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BATCH_LIMIT_BYTES }, parser);
  app.addContentTypeParser('text/plain', { parseAs: 'buffer', bodyLimit: BATCH_LIMIT_BYTES }, parser);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('access-control-allow-origin', '*');
    if (request.method === 'OPTIONS') return;
    const backlog = wal.backlog;
    if (backlog.bytes > backPressure.maxBytes || backlog.events > backPressure.maxEvents) {
      metrics.refused.inc({ code: 'busy' });
      throw new HttpError(429, 'busy', `the server is behind storing events (${backlog.events.toLocaleString('en-US')} waiting); send again after the Retry-After seconds`, { 'retry-after': '2' });
    }
    if (wal.failed) {
      metrics.refused.inc({ code: 'log_unavailable' });
      throw new HttpError(503, 'log_unavailable', 'the server cannot write its event log (disk full or failing); nothing was stored: send again later', { 'retry-after': '10' });
    }
  });
  app.addHook('preParsing', async (request, _reply, payload) => decodedBody(payload, request.headers['content-encoding'] as string | undefined));

  const take = async (request: FastifyRequest, reply: FastifyReply, type: MessageType | undefined): Promise<Accepted> => {
    const body = request.body;
    if (!isObject(body)) throw new HttpError(400, 'bad_request', 'the body must be a JSON object (a Segment message, or {"batch": [...]} for /v1/batch)');
    const key = writeKeyOf(request, body);
    const source = await keys.sourceOf(key);
    if (source === undefined) throw new HttpError(401, 'invalid_write_key', 'the write key is not known (or was revoked); `cairn sources list` shows the sources, `cairn sources add NAME` makes a key');
    let messages: unknown[];
    if (type === undefined) {
      const batch = body['batch'];
      if (!Array.isArray(batch)) throw new HttpError(400, 'wrong_type', `"batch" must be an array of Segment messages, not ${batch === undefined ? 'missing' : typeof batch}`);
      messages = batch;
    } else {
      messages = [body];
    }
    const receivedAt = new Date().toISOString();
    const raw = type === undefined ? bodies.get(request) : undefined;
    const spans = raw === undefined ? undefined : batchItemSpans(raw.text);
    const defaults = { sentAt: type === undefined ? body['sentAt'] : undefined, context: type === undefined ? body['context'] : undefined };
    const prepared = prepareBatch(messages, defaults, type, receivedAt, type !== undefined, raw && spans ? { ...raw, spans } : undefined);
    if (prepared.events > 0) {
      try {
        await wal.append(prepared.data, prepared.events);
      } catch (err) {
        if (err instanceof WalWriteError) {
          metrics.refused.inc({ code: 'log_unavailable' });
          throw new HttpError(503, 'log_unavailable', err.message, { 'retry-after': '10' });
        }
        throw err;
      }
    }
    metrics.received.inc({ source }, prepared.events);
    metrics.accepted.inc({ source }, prepared.accepted);
    for (const r of prepared.rejected) metrics.quarantined.inc({ source, reason: r.reason });
    reply.code(200);
    return { success: true, accepted: prepared.accepted, quarantined: prepared.rejected.length, rejected: prepared.rejected.slice(0, 20) };
  };

  const routeOptions = { bodyLimit: BATCH_LIMIT_BYTES };
  app.post('/v1/batch', routeOptions, (request, reply) => take(request, reply, undefined));
  for (const type of MESSAGE_TYPES) app.post(`/v1/${type}`, routeOptions, (request, reply) => take(request, reply, type));
  // Segment's browser library (analytics.js) posts to one-letter paths, key in a text/plain body.
  app.post('/v1/b', routeOptions, (request, reply) => take(request, reply, undefined));
  for (const type of MESSAGE_TYPES) app.post(`/v1/${type[0]}`, routeOptions, (request, reply) => take(request, reply, type));
  app.options('/v1/*', async (_request, reply) => {
    reply
      .code(204)
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', 'Authorization, Content-Type, Content-Encoding')
      .header('access-control-max-age', '86400');
  });
}
