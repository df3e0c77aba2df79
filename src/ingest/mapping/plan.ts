import type { Mapping, MappingColumn, Parser } from './schema.js';
import { suggestion } from './suggest.js';
import {
  bagColumns,
  IDENTITY_KINDS,
  PSEUDONYMISABLE,
  targetTable,
  type IdentityKind,
  type TargetColumn,
  type ValueType,
} from './tables.js';

/** One mapped value, checked against its target and ready to be turned into SQL. */
export interface PlannedColumn {
  /** The mapping's name for it: `revenue`, `traits.plan`, `identities.email`. */
  target: string;
  /** Where the value goes: a table column, a field of a JSON column, or only an identity hash. */
  place: { kind: 'column'; column: string } | { kind: 'field'; column: string; field: string } | { kind: 'identity'; identity: IdentityKind };
  get: { from: string } | { expr: string } | { value: string | number | boolean };
  type: ValueType;
  parser: Parser | undefined;
  formats: readonly string[] | undefined;
  pseudonymise: IdentityKind | undefined;
  required: boolean;
  min: number | undefined;
  max: number | undefined;
}

export interface PlanIssue {
  path: string;
  message: string;
}

/** Fields that identify a person: they belong in the vault, never in traits or properties. */
const IDENTIFYING = new Set([
  'firstname', 'lastname', 'name', 'fullname', 'email', 'emailaddress', 'mail', 'phone', 'phonenumber', 'mobile', 'telephone',
  'address', 'street', 'postcode', 'postalcode', 'zip', 'zipcode', 'dateofbirth', 'dob', 'birthdate', 'birthday',
]);

const COMPATIBLE: Record<ValueType, readonly ValueType[]> = {
  string: ['string', 'integer', 'decimal', 'boolean', 'date', 'timestamp'],
  integer: ['integer'],
  decimal: ['decimal', 'integer'],
  boolean: ['boolean'],
  timestamp: ['timestamp', 'date'],
  date: ['date'],
  json: ['json'],
};

/** Checks every mapped column against the target table and returns the plan, or the problems. */
export function planMapping(mapping: Mapping): { columns: PlannedColumn[]; issues: PlanIssue[] } {
  const issues: PlanIssue[] = [];
  const table = targetTable(mapping.table);
  const bags = bagColumns(mapping.table);
  const columns: PlannedColumn[] = [];
  for (const [target, spec] of Object.entries(mapping.columns)) {
    const path = `columns.${target}`;
    const place = placeOf(mapping, target, bags, path, issues);
    if (!place) continue;
    const targetColumn: TargetColumn | undefined = place.kind === 'column' ? table.columns[place.column] : undefined;
    const planned = planColumn(target, spec, place, targetColumn, path, issues);
    if (planned) columns.push(planned);
  }
  checkTable(mapping, columns, issues);
  return { columns, issues };
}

function placeOf(mapping: Mapping, target: string, bags: readonly string[], path: string, issues: PlanIssue[]): PlannedColumn['place'] | undefined {
  const table = targetTable(mapping.table);
  const dot = target.indexOf('.');
  if (dot < 0) {
    if (table.columns[target]) return { kind: 'column', column: target };
    const valid = [...Object.keys(table.columns), ...bags.map((b) => `${b}.<field>`), 'identities.<kind>'];
    issues.push({ path, message: `${mapping.table} has no column "${target}"; ${suggestion(target, valid)}` });
    return undefined;
  }
  const head = target.slice(0, dot);
  const field = target.slice(dot + 1);
  if (head === 'identities') {
    const kind = IDENTITY_KINDS.find((k) => k === field);
    if (kind) return { kind: 'identity', identity: kind };
    issues.push({ path, message: `"${field}" is not an identifier kind; ${suggestion(field, IDENTITY_KINDS)}` });
    return undefined;
  }
  if (!bags.includes(head) || field === '') {
    const hint = bags.length ? `fields go in ${bags.map((b) => `${b}.<field>`).join(' or ')}` : `${mapping.table} has no JSON column`;
    issues.push({ path, message: `"${target}" is not a column of ${mapping.table}; ${hint}` });
    return undefined;
  }
  if (IDENTIFYING.has(field.toLowerCase().replace(/[^a-z]/g, ''))) {
    issues.push({
      path,
      message: `"${field}" identifies a person and must not be stored in ${head}: identifying data lives only in the encrypted vault. ` +
        `Map an e-mail or phone to identities.email / identities.phone (kept as a keyed hash), or leave it out`,
    });
    return undefined;
  }
  if (mapping.columns[head]) {
    issues.push({ path, message: `map either ${head} as a whole or its fields (${head}.<field>), not both` });
    return undefined;
  }
  return { kind: 'field', column: head, field };
}

function planColumn(
  target: string,
  spec: MappingColumn,
  place: PlannedColumn['place'],
  targetColumn: TargetColumn | undefined,
  path: string,
  issues: PlanIssue[],
): PlannedColumn | undefined {
  const sources = (['from', 'expr', 'value'] as const).filter((k) => spec[k] !== undefined);
  if (sources.length !== 1) {
    issues.push({ path, message: sources.length ? `give only one of ${sources.join(', ')}` : 'say where the value comes from: "from" (a column of the file), "expr" (SQL) or "value" (a constant)' });
    return undefined;
  }
  const get = spec.from !== undefined ? { from: spec.from } : spec.expr !== undefined ? { expr: spec.expr } : { value: spec.value ?? '' };
  const natural: ValueType = targetColumn?.type ?? 'string';
  const type = spec.type ?? natural;
  const before = issues.length;
  if (!COMPATIBLE[natural].includes(type) && targetColumn) {
    issues.push({ path: `${path}.type`, message: `${target} holds ${natural} values; use type ${COMPATIBLE[natural].join(' or ')}` });
  }
  if (spec.formats && type !== 'timestamp' && type !== 'date') issues.push({ path: `${path}.formats`, message: 'formats apply to timestamp and date columns only' });
  if (spec.parser && type !== 'string') issues.push({ path: `${path}.parser`, message: `parsers clean text; ${target} is ${type}` });
  if ((spec.min !== undefined || spec.max !== undefined) && type !== 'decimal' && type !== 'integer') {
    issues.push({ path: `${path}.${spec.min !== undefined ? 'min' : 'max'}`, message: 'min and max apply to decimal and integer columns only' });
  }
  const parser = spec.parser ?? targetColumn?.parser ?? (place.kind === 'identity' && (place.identity === 'email' || place.identity === 'phone') ? place.identity : undefined);
  if (spec.pseudonymise && !(place.kind === 'column' && (PSEUDONYMISABLE as readonly string[]).includes(place.column))) {
    issues.push({ path: `${path}.pseudonymise`, message: `only ${PSEUDONYMISABLE.join(', ')} can be pseudonymised; to keep another identifier as a hash, map it to identities.<kind>` });
  }
  if ((parser === 'email' || parser === 'phone') && place.kind !== 'identity' && !spec.pseudonymise) {
    issues.push({
      path: `${path}.pseudonymise`,
      message: `raw ${parser === 'email' ? 'e-mail addresses' : 'phone numbers'} are never stored outside the vault: add "pseudonymise": "${parser}" (or map it to identities.${parser})`,
    });
  }
  if (issues.length > before) return undefined;
  return {
    target,
    place,
    get,
    type,
    parser: type === 'string' ? (parser ?? 'trim') : undefined,
    formats: spec.formats,
    pseudonymise: spec.pseudonymise,
    required: spec.required ?? targetColumn?.required ?? false,
    min: spec.min,
    max: spec.max,
  };
}

function checkTable(mapping: Mapping, columns: readonly PlannedColumn[], issues: PlanIssue[]): void {
  const table = targetTable(mapping.table);
  const mapped = new Set(columns.flatMap((c) => (c.place.kind === 'field' ? [c.place.column] : c.place.kind === 'column' ? [c.place.column] : [])));
  for (const [name, column] of Object.entries(table.columns)) {
    if (!column.required || mapped.has(name) || mapping.columns[name]) continue;
    if (name === 'currency' && mapping.currency) continue;
    issues.push({
      path: `columns.${name}`,
      message: `${mapping.table} need ${name}: map it, e.g. "${name}": { "from": "<column of the file>" }${name === 'currency' ? ', or set "currency": "EUR" for the whole file' : ''}`,
    });
  }
  const key = mapping.key ?? table.key;
  if (!mapped.has(key) && !table.columns[key]?.rowHash && !mapping.columns[key]) {
    issues.push({ path: 'key', message: `the key "${key}" is not mapped; ${suggestion(key, [...mapped])}` });
  }
  const identities = columns.some((c) => c.place.kind === 'identity' || c.pseudonymise);
  if (identities && !mapping.columns['customer_id']) {
    issues.push({ path: 'columns.customer_id', message: 'identities belong to a customer: map customer_id too' });
  }
}
