import { sqlIdent, sqlString } from '../../store/index.js';
import { category, countryCode, decimal, email, integerId, isoTimestamp } from '../normalise.js';
import type { RejectRule } from '../steps.js';
import type { PlannedColumn } from './plan.js';
import type { Mapping } from './schema.js';

/**
 * SQL for one mapped value over the staged row: its raw text, its typed value, and the rules that
 * quarantine a row whose value is missing or does not parse.
 */

/** Name of the classified table's column holding the value's raw text (blank is NULL). */
export function rawName(c: PlannedColumn): string {
  return `_r_${c.target}`;
}

/** Name of the classified table's column holding the typed, cleaned value. */
export function valueName(c: PlannedColumn): string {
  return `_v_${c.target}`;
}

/** SQL: the value's text as it came (trimmed; blank is NULL). File columns are cast, so Parquet's typed columns read the same way. */
export function rawSql(c: PlannedColumn): string {
  const get = c.get;
  const text = 'from' in get ? `${sqlIdent(get.from)}::VARCHAR` : 'expr' in get ? `(${get.expr})::VARCHAR` : sqlString(String(get.value));
  return `nullif(trim(${text}), '')`;
}

/** How the value is named in a reject's detail. */
export function label(c: PlannedColumn): string {
  return 'from' in c.get ? c.get.from : `${c.target} (${'expr' in c.get ? 'expr' : 'value'})`;
}

/** SQL: the typed value from the raw text `raw`. `phones` is the lookup table of a phone column. */
export function typedSql(c: PlannedColumn, mapping: Mapping, raw: string, phones?: string): string {
  switch (c.type) {
    case 'string':
      return parsedSql(c, raw, phones);
    case 'integer':
      return `try_cast(${raw} AS BIGINT)`;
    case 'decimal':
      return decimal(raw);
    case 'boolean':
      return `CASE WHEN lower(${raw}) IN ('true', 't', 'yes', 'y', '1') THEN true WHEN lower(${raw}) IN ('false', 'f', 'no', 'n', '0') THEN false END`;
    case 'timestamp':
      return timestampSql(raw, c.formats, mapping.timezone);
    case 'date':
      return c.formats ? `try_strptime(${raw}, [${c.formats.map(sqlString).join(', ')}])::DATE` : `try_cast(${raw} AS DATE)`;
    case 'json':
      return `CASE WHEN json_valid(${raw}) THEN ${raw}::JSON END`;
  }
}

function parsedSql(c: PlannedColumn, raw: string, phones: string | undefined): string {
  switch (c.parser) {
    case 'email':
      return email(raw);
    case 'phone':
      return `(SELECT p.e164 FROM ${sqlIdent(phones ?? 'cairn_phones')} p WHERE p.raw = ${raw})`;
    case 'country':
      return countryCode(raw);
    case 'category':
      return category(raw);
    case 'currency':
      return `CASE WHEN regexp_full_match(upper(${raw}), '[A-Z]{3}') THEN upper(${raw}) END`;
    case 'integerId':
      return `CASE WHEN regexp_full_match(${integerId(raw)}, '\\d+') THEN ${integerId(raw)} END`;
    case 'trim':
    case undefined:
      return raw;
  }
}

/**
 * A local time in the mapping's zone, or a time with its own offset (`Z`, `+02:00`), as UTC.
 * With formats, the text must match one of them (strptime) and is read in the mapping's zone.
 */
function timestampSql(raw: string, formats: readonly string[] | undefined, timeZone: string): string {
  const local = (naive: string) => `timezone('UTC', timezone(${sqlString(timeZone)}, ${naive}))::TIMESTAMP`;
  if (formats) return local(`try_strptime(${raw}, [${formats.map(sqlString).join(', ')}])`);
  return `CASE WHEN regexp_matches(${raw}, '[T ]\\d{1,2}:\\d\\d(:\\d\\d(\\.\\d+)?)?\\s*(Z|[+-]\\d\\d(:?\\d\\d)?)$')
    THEN ${isoTimestamp(raw)} ELSE ${local(`try_cast(${raw} AS TIMESTAMP)`)} END`;
}

const PRICE_LIKE = /price|revenue|amount|total|cost|value|charge|fee/i;

/** The quarantine rules of one value, over the classified table's `_r_`/`_v_` columns. */
export function rejectRules(c: PlannedColumn, isKey: boolean): RejectRule[] {
  const r = sqlIdent(rawName(c));
  const v = sqlIdent(valueName(c));
  const name = sqlString(label(c));
  const rules: RejectRule[] = [];
  if (c.required || isKey) {
    const id = isKey || c.target.endsWith('_id');
    rules.push({ when: `${r} IS NULL`, reason: id ? 'missing id' : 'missing field', detail: `${name} || ' is empty'` });
  }
  // An unknown country is left empty rather than rejected: exports say "Unspecified" and the like.
  if (c.parser !== 'country') {
    const date = c.type === 'timestamp' || c.type === 'date';
    const what = date ? `a ${c.type}${c.formats ? ` (formats ${c.formats.join(', ')})` : ''}` : c.parser && c.parser !== 'trim' ? `a valid ${c.parser}` : `a${c.type === 'integer' ? 'n' : ''} ${c.type}`;
    rules.push({
      when: `${r} IS NOT NULL AND ${v} IS NULL`,
      reason: date ? 'unparseable date' : 'wrong type',
      detail: `${name} || ' "' || ${r} || '" is not ' || ${sqlString(what)}`,
    });
  }
  if (c.min !== undefined) {
    if (c.min >= 0) {
      rules.push({ when: `${v} < 0`, reason: PRICE_LIKE.test(c.target) ? 'negative price' : 'negative value', detail: `${name} || ' ' || ${r}` });
    }
    rules.push({ when: `${v} < ${c.min}`, reason: 'out of range', detail: `${name} || ' ' || ${r} || ' is below ${c.min}'` });
  }
  if (c.max !== undefined) {
    rules.push({ when: `${v} > ${c.max}`, reason: 'out of range', detail: `${name} || ' ' || ${r} || ' is above ${c.max}'` });
  }
  return rules;
}
