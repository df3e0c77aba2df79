import { sqlIdent, sqlString } from '../../store/index.js';
import type { LoadContext, LoadOutcome } from '../source.js';
import { classifyRows, countRows, insertNew, type RejectRule } from '../steps.js';
import { loadCountries } from '../normalise.js';
import { JSON_OBJECT, mappedRows } from './mapped-rows.js';
import { namespaceOf, type ParsedMapping } from './parse-mapping.js';
import type { PlannedColumn } from './plan.js';
import { loadPhoneLookup } from '../phones.js';
import { writeCustomers, writeIdentities } from './related-rows.js';
import { sqlType, targetTable } from './tables.js';
import { rawName, rawSql, rejectRules, typedSql, valueName } from './values.js';

const CLASSIFIED = 'mapping_rows';

/**
 * Loads staged rows with a mapping: every mapped value is typed in one SQL pass, rows with a
 * missing or unparseable value go to the quarantine, the rest are inserted into the target table
 * keyed on the mapping's key (so a re-import adds nothing), with the customers and identities
 * they name.
 */
export async function loadWithMapping(ctx: LoadContext, parsed: ParsedMapping, jsonl: boolean): Promise<LoadOutcome> {
  const { store } = ctx;
  const { mapping, columns } = parsed;
  const table = targetTable(mapping.table);
  const key = mapping.key ?? table.key;
  const rows = await mappedRows(ctx, parsed, jsonl);
  if (columns.some((c) => c.parser === 'country')) await loadCountries(store);

  const typed: Record<string, string> = {};
  for (const [i, c] of columns.entries()) {
    let phones: string | undefined;
    if (c.parser === 'phone') {
      phones = `cairn_phones_${i}`;
      await loadPhoneLookup(store, phones, rows, rawSql(c), mapping.defaultRegion);
    }
    typed[rawName(c)] = rawSql(c);
    typed[valueName(c)] = typedSql(c, mapping, rawSql(c), phones);
  }
  const generated = Object.entries(table.columns).find(([name, spec]) => spec.rowHash && !mapping.columns[name])?.[0];
  if (generated) typed[`_v_${generated}`] = `${sqlString(`${namespaceOf(parsed)}:`)} || md5(${rowText(ctx.columns)})`;

  await classifyRows({ ...ctx, stage: rows }, CLASSIFIED, typed, rulesOf(columns, key, jsonl));
  const valid = await countRows(store, `SELECT count(*) AS n FROM ${CLASSIFIED} WHERE _reason IS NULL`);

  const target = targetColumns(parsed, generated);
  const common = `${sqlString(mapping.name)} AS source, ${sqlString(ctx.importId)} AS import_id`;
  const accepted = await insertNew(
    store,
    mapping.table,
    key,
    [...target.map(([name]) => name), 'source', 'import_id'],
    `SELECT ${target.map(([name, sql]) => `${sql} AS ${sqlIdent(name)}`).join(', ')}, ${common} FROM ${CLASSIFIED} WHERE _reason IS NULL`,
  );
  const written: Record<string, number> = { [mapping.table]: accepted };
  const customerId = target.find(([name]) => name === 'customer_id')?.[1];
  if (customerId && mapping.table !== 'customers') {
    written['customers'] = await writeCustomers(ctx, mapping, CLASSIFIED, customerId, columns.some((c) => c.target === 'ts') ? '"_v_ts"' : 'NULL');
  }
  if (customerId) written['identities'] = await writeIdentities(ctx, parsed, CLASSIFIED, customerId);
  return { accepted, duplicates: valid - accepted, written };
}

/** SQL: the row's fields as one text, for a key that is stable however the file was read. */
function rowText(columns: readonly string[]): string {
  if (columns.length === 1 && columns[0] === 'line') return 'line';
  return `json_object(${columns.map((c) => `${sqlString(c)}, ${sqlIdent(c)}::VARCHAR`).join(', ')})::VARCHAR`;
}

/** Reject rules of every column, in order: missing values, broken lines, unparseable values, ranges. */
function rulesOf(columns: readonly PlannedColumn[], key: string, jsonl: boolean): RejectRule[] {
  const all = columns.flatMap((c) => rejectRules(c, c.target === key));
  const rank = (r: RejectRule) => (r.reason.startsWith('missing') ? 0 : r.reason === 'unparseable date' || r.reason === 'wrong type' ? 2 : 3);
  const broken: RejectRule[] = jsonl ? [{ when: `${JSON_OBJECT} IS NULL`, reason: 'invalid json', detail: `left(line, 80)` }] : [];
  return [...broken, ...all.sort((a, b) => rank(a) - rank(b))];
}

/** `[column, SQL]` for every column of the target table that the insert fills. */
function targetColumns(parsed: ParsedMapping, generated: string | undefined): [string, string][] {
  const { mapping, columns } = parsed;
  const table = targetTable(mapping.table);
  const out: [string, string][] = [];
  for (const [name, spec] of Object.entries(table.columns)) {
    const mapped = columns.find((c) => c.place.kind === 'column' && c.place.column === name);
    const fields = columns.filter((c) => c.place.kind === 'field' && c.place.column === name);
    const v = mapped ? sqlIdent(valueName(mapped)) : undefined;
    if (mapped && mapped.pseudonymise) out.push([name, `cairn_pseudonym(${sqlString(namespaceOf(parsed))}, ${v})`]);
    else if (v && name === 'currency' && mapping.currency) out.push([name, `coalesce(${v}, ${sqlString(mapping.currency)})`]);
    else if (v) out.push([name, `${v}::${sqlType(spec.type)}`]);
    else if (fields.length) {
      const pairs = fields.map((f) => `${sqlString(f.place.kind === 'field' ? f.place.field : f.target)}, ${sqlIdent(valueName(f))}`);
      out.push([name, `json_object(${pairs.join(', ')})`]);
    } else if (name === generated) out.push([name, sqlIdent(`_v_${name}`)]);
    else if (name === 'currency' && mapping.currency) out.push([name, sqlString(mapping.currency)]);
    else if (spec.default) out.push([name, spec.default]);
  }
  return out;
}
