import { sqlIdent, sqlString, type Store } from '../../store/index.js';
import { ImportError, ImportUsageError } from '../errors.js';
import type { LoadContext } from '../source.js';
import type { ParsedMapping } from './parse-mapping.js';

/**
 * Prepares the staged rows for a mapping: a JSONL file's lines are unpacked into one text column
 * per top-level field (so `from` and `expr` see fields as columns, like a CSV's), the fields the
 * mapping names are checked to exist, and every `expr` is checked by binding it against the rows.
 * Returns the table to read from.
 */
export async function mappedRows(ctx: LoadContext, parsed: ParsedMapping, jsonl: boolean): Promise<string> {
  const { store } = ctx;
  let table = ctx.stage;
  let fields = ctx.columns;
  if (jsonl) {
    table = 'mapping_lines';
    fields = await unpackJsonLines(store, ctx.stage, table);
    const missing = [...new Set(parsed.columns.flatMap((c) => ('from' in c.get ? [c.get.from] : [])))].filter((f) => !fields.includes(f));
    if (missing.length) {
      throw new ImportError(
        `${ctx.file} has no field ${missing.map((f) => `"${f}"`).join(', ')} in any line, which mapping ${parsed.mapping.name} reads ` +
          `(the lines have: ${fields.slice(0, 20).join(', ') || 'no JSON objects'}). Check "from" in the mapping.`,
        ctx.file,
      );
    }
  }
  for (const c of parsed.columns) {
    if (!('expr' in c.get)) continue;
    try {
      await store.query(`SELECT (${c.get.expr}) AS v FROM ${sqlIdent(table)} s LIMIT 0`);
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
      const hint = /explicit type casts|No function matches/i.test(message) ? ' (the file\'s columns are text: cast them, e.g. try_cast("Qty" AS DOUBLE))' : '';
      throw new ImportUsageError(
        `mapping ${parsed.mapping.name}: columns.${c.target}.expr does not work on ${ctx.file}: ${message}${hint}. The file has: ${fields.join(', ')}`,
        ctx.file,
      );
    }
  }
  return table;
}

/** SQL: the line when it is a JSON object, else NULL (DuckDB's JSON functions fail on broken JSON). */
export const JSON_OBJECT = `(CASE WHEN json_valid(line) THEN CASE WHEN json_type(line) = 'OBJECT' THEN line END END)`;

/** Unpacks JSON lines into `table`: the stage's columns plus one text column per top-level field. */
async function unpackJsonLines(store: Store, stage: string, table: string): Promise<string[]> {
  const keys = await store.query<{ k: string }>(`
    SELECT k FROM (
      SELECT unnest(json_keys(${JSON_OBJECT})) AS k, unnest(range(len(json_keys(${JSON_OBJECT})))) AS i, _row
      FROM ${sqlIdent(stage)}
    ) GROUP BY k ORDER BY min(_row), min(i)`);
  const fields = keys.map((r) => r.k).filter((k) => !['line', '_file', '_row'].includes(k));
  const extract = fields.map((f) => `${JSON_OBJECT} ->> ${sqlString(`$.${JSON.stringify(f)}`)} AS ${sqlIdent(f)}`);
  await store.exec(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(table)} AS SELECT *${extract.length ? `, ${extract.join(', ')}` : ''} FROM ${sqlIdent(stage)}`);
  return fields;
}
