import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { LiveEvent } from '../../deps.js';
import { maskValue } from '../mask.js';
import { ANALYSTS } from '../roles.js';
import { component, defineRoute } from '../route.js';
import { jsonObject } from '../schemas/common.js';

const MaskedLiveEvent = component(
  'LiveEvent',
  z.object({
    eventId: z.string(),
    ts: z.string(),
    type: z.string(),
    name: z.string().nullable(),
    customerId: z.string().nullable(),
    source: z.string(),
    properties: jsonObject.nullable().describe('With e-mail and phone values, identifying keys and traits taken out'),
  }),
  'An event as the live feed sends it',
);
type MaskedLiveEvent = z.infer<typeof MaskedLiveEvent>;

/** A live event with its personal data taken out (an identify's properties are traits: the stricter rules). */
export function maskLiveEvent(e: LiveEvent): MaskedLiveEvent {
  const rules = e.type === 'identify' || e.type === 'group' ? 'traits' : 'properties';
  return {
    eventId: e.eventId,
    ts: e.ts,
    type: e.type,
    name: e.name,
    customerId: e.customerId,
    source: e.source,
    properties: e.properties === null ? null : (maskValue(e.properties, rules) as Record<string, unknown>),
  };
}

/** A client this far behind (bytes not yet taken by the socket) is cut off rather than buffered for. */
const MAX_BACKLOG = 4 * 1024 * 1024;
const PING_MS = 15_000;

const streamsByServer = new WeakMap<object, Set<ServerResponse>>();

/** The open streams of one HTTP server, so that closing it ends them rather than waiting on them. */
export function openStreams(server: object): Set<ServerResponse> {
  let set = streamsByServer.get(server);
  if (!set) streamsByServer.set(server, (set = new Set()));
  return set;
}

export const liveRoutes = [
  defineRoute({
    method: 'GET',
    path: '/live',
    operationId: 'liveEvents',
    summary: 'Server-Sent Events feed of incoming events',
    description:
      'Each event the collector commits is sent as `event: event` with `id:` its event id and `data:` the event as JSON, ' +
      'personal data masked. A comment line is sent every 15 s to keep proxies from closing the stream. A client that falls ' +
      'more than 4 MB behind is sent `event: overflow` and disconnected; reconnect to go on.',
    tag: 'events',
    roles: ANALYSTS,
    query: z.strictObject({
      type: z.enum(['track', 'page', 'screen', 'identify', 'group', 'alias']).optional().describe('Only events of this type'),
      name: z.string().min(1).max(200).optional().describe('Only events of this name'),
    }),
    response: MaskedLiveEvent,
    stream: true,
    async handle({ query, deps, request, reply }) {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      // A write after the client left (or after an overflow) must not raise an error event nobody handles.
      res.on('error', () => undefined);
      const send = (text: string) => {
        if (!res.writableEnded && !res.destroyed) res.write(text);
      };
      send('retry: 3000\n: connected\n\n');
      const streams = openStreams(request.server.server);
      streams.add(res);
      const ping = setInterval(() => send(': ping\n\n'), PING_MS);
      ping.unref();
      const stop = () => {
        unsubscribe();
        clearInterval(ping);
        streams.delete(res);
      };
      const unsubscribe = deps.live.subscribe((events) => {
        // Called inside the loader's publish: cheap, and never throws into it.
        if (res.writableEnded || res.destroyed) return;
        if (res.writableLength > MAX_BACKLOG) {
          stop();
          res.end('event: overflow\ndata: {}\n\n');
          return;
        }
        let chunk = '';
        for (const e of events) {
          if (query.type !== undefined && e.type !== query.type) continue;
          if (query.name !== undefined && e.name !== query.name) continue;
          chunk += `id: ${e.eventId}\nevent: event\ndata: ${JSON.stringify(maskLiveEvent(e))}\n\n`;
        }
        if (chunk) send(chunk);
      });
      res.on('close', stop);
      return undefined;
    },
  }),
];
