import { z } from 'zod';
import type { Store } from '../../../store/index.js';
import { notFound } from '../http-error.js';
import { ANALYSTS } from '../roles.js';
import { component, defineRoute } from '../route.js';
import { jsonObject, limit, parseJson } from '../schemas/common.js';

const ImportSummary = component(
  'ImportSummary',
  z.object({
    importId: z.string(),
    source: z.string(),
    files: z.array(z.string()),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    status: z.string().describe('running, done or failed'),
    rowsRead: z.number().nullable(),
    accepted: z.number().nullable(),
    duplicates: z.number().nullable(),
    quarantined: z.number().nullable(),
  }),
);
const ImportList = component('ImportList', z.object({ items: z.array(ImportSummary) }));
const ImportDetail = component(
  'ImportDetail',
  ImportSummary.extend({ report: jsonObject.nullable().describe('The import report, as `cairn import --json` prints it (without raw examples)') }),
);

interface ImportRow {
  import_id: string;
  source: string;
  files: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  report: string | null;
  [k: string]: unknown;
}

async function importRows(store: Store, where: string, params: string[], max: number): Promise<ImportRow[]> {
  return store.query<ImportRow>(
    `SELECT import_id, source, files::VARCHAR AS files, started_at, finished_at, status, report::VARCHAR AS report
     FROM imports WHERE ${where} ORDER BY started_at DESC, import_id DESC LIMIT ${max}`,
    params,
  );
}

function summary(r: ImportRow, report: Record<string, unknown> | null): z.infer<typeof ImportSummary> {
  const n = (k: string) => (typeof report?.[k] === 'number' ? report[k] : null);
  return {
    importId: r.import_id,
    source: r.source,
    files: parseJson<string[]>(r.files) ?? [],
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    rowsRead: n('rowsRead'),
    accepted: n('accepted'),
    duplicates: n('duplicates'),
    quarantined: n('quarantined'),
  };
}

export const importRoutes = [
  defineRoute({
    method: 'GET',
    path: '/imports',
    operationId: 'listImports',
    summary: 'Imports, newest first',
    tag: 'imports',
    roles: ANALYSTS,
    query: z.strictObject({ source: z.string().min(1).max(200).optional().describe('Only imports of this source'), limit: limit(50, 500) }),
    response: ImportList,
    async handle({ query, deps }) {
      const rows = await importRows(deps.store, query.source === undefined ? 'true' : 'source = ?', query.source === undefined ? [] : [query.source], query.limit);
      return { items: rows.map((r) => summary(r, parseJson<Record<string, unknown>>(r.report))) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/imports/:id',
    operationId: 'getImport',
    summary: 'One import with its report',
    tag: 'imports',
    roles: ANALYSTS,
    params: z.strictObject({ id: z.string().min(1).max(200).describe('The import id (imp_…)') }),
    response: ImportDetail,
    async handle({ params, deps }) {
      const [row] = await importRows(deps.store, 'import_id = ?', [params.id], 1);
      if (!row) throw notFound(`there is no import ${params.id}; GET /api/imports lists them`);
      const report = parseJson<Record<string, unknown>>(row.report);
      return { ...summary(row, report), report };
    },
  }),
];
