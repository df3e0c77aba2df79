import { z } from 'zod';
import { listQuarantine } from '../../../ingest/index.js';
import { audit } from '../audit.js';
import { forbidden } from '../http-error.js';
import { maskDetail } from '../mask.js';
import { ANALYSTS } from '../roles.js';
import { component, defineRoute } from '../route.js';
import { flag, limit } from '../schemas/common.js';

const QuarantineEntry = component(
  'QuarantineEntry',
  z.object({
    id: z.number().int(),
    importId: z.string().nullable(),
    source: z.string(),
    file: z.string().nullable(),
    line: z.number().int().nullable(),
    reason: z.string(),
    detail: z.string().nullable().describe('Why it was rejected; for keys other than admin with raw=true, the values it quotes are left out'),
    raw: z.string().nullable().describe('The record as it came: only for admin keys that ask with raw=true (audited); null otherwise'),
    receivedAt: z.string(),
    replayedAt: z.string().nullable(),
  }),
);
const QuarantineListing = component(
  'QuarantineListing',
  z.object({
    total: z.number().int().describe('Records matching the filter (the list shows up to `limit`)'),
    byReason: z.array(z.object({ reason: z.string(), count: z.number().int() })),
    entries: z.array(QuarantineEntry),
  }),
);

export const quarantineRoutes = [
  defineRoute({
    method: 'GET',
    path: '/quarantine',
    operationId: 'listQuarantine',
    summary: 'Rejected records, oldest first, with a count per reason',
    description: 'A rejected record may hold personal data: its raw text is given only to admin keys that ask with raw=true, and that read is audited.',
    tag: 'imports',
    roles: ANALYSTS,
    query: z.strictObject({
      source: z.string().min(1).max(200).optional().describe('Only this source'),
      reason: z.string().min(1).max(200).optional().describe('Only this reason, e.g. "unparseable date"'),
      importId: z.string().min(1).max(200).optional().describe('Only records of this import'),
      includeReplayed: flag('Include records already replayed'),
      raw: flag('Include each record as it came (admin keys only; audited)'),
      limit: limit(50, 500),
    }),
    response: QuarantineListing,
    async handle({ query, who, deps }) {
      if (query.raw && who.role !== 'admin') throw forbidden('raw=true reads rejected records, which may hold personal data: only an admin key may; leave it out for the rest');
      const filter = { source: query.source, reason: query.reason, importId: query.importId, includeReplayed: query.includeReplayed, limit: query.limit };
      if (!query.raw) {
        // Without the secret the raw text stays sealed, and is not passed on at all.
        const listing = await listQuarantine(deps.store, filter);
        return { ...listing, entries: listing.entries.map((e) => ({ ...e, raw: null, detail: maskDetail(e.detail) })) };
      }
      const listing = await listQuarantine(deps.store, filter, deps.secret);
      await audit(deps.store, who, { action: 'quarantine.raw', detail: { records: listing.entries.length, ids: listing.entries.map((e) => e.id) } });
      return listing;
    },
  }),
];
