import { openFieldsOfAll } from '../../privacy/index.js';
import type { Store } from '../../store/index.js';
import { autoMapColumns, type FieldKind } from '../match/fields.js';
import type { PersonFile } from '../match/prepare.js';

/** The person fields a match run reads, in `PersonFile` order. */
const KINDS = ['first_name', 'surname', 'dob', 'email', 'phone', 'postcode', 'city', 'address'] as const satisfies readonly FieldKind[];
type Kind = (typeof KINDS)[number];

/** Members whose records a match run compares, and their person fields (decrypted, in memory only). */
export interface MatchMembers {
  /** Member ids: the source's members first (`ids[0 … sourceCount)`), then every other member with identifying fields. */
  ids: string[];
  sourceCount: number;
  file: PersonFile;
  /** Members of the source whose vault holds no field to compare (erased, or never vaulted): left out. */
  sourceWithoutFields: number;
  /** Vault values skipped because their customer's data key is destroyed. */
  shredded: number;
}

/**
 * The field kind a vault field holds, by its name as ingest wrote it: `first_name` (CRM) and
 * `firstName` (identify traits) are both first names, `date_of_birth` and `birthday` dates of
 * birth, `name` a full name. Names the matcher has no comparison for (createdAt, …) give null.
 */
export function vaultFieldKind(field: string): Kind | 'full_name' | null {
  const kind = Object.keys(autoMapColumns([field]))[0] as FieldKind | undefined;
  return kind ?? null;
}

/** A value as the matcher should see it: structured traits (a Segment address object) are not text to compare. */
function usable(value: string): string | null {
  const v = value.trim();
  return v === '' || v.startsWith('{') || v.startsWith('[') ? null : v;
}

/** Each member's own city: its row in `identity_members` once the resolver ran (the customers row is then the merged one), else `customers`. */
async function cities(store: Store): Promise<Map<string, string>> {
  const rows = await store.query<{ member: string; city: string | null; own: boolean }>(
    `SELECT customer_id AS member, traits->>'$.city' AS city, false AS own FROM customers WHERE traits->>'$.city' IS NOT NULL
     UNION ALL
     SELECT member_id, traits->>'$.city', true FROM identity_members WHERE traits->>'$.city' IS NOT NULL
     ORDER BY own`,
  );
  const city = new Map<string, string>();
  for (const r of rows) if (r.city) city.set(r.member, r.city);
  return city;
}

/**
 * Loads the members a match run of the CRM compares: every member that has a CRM record
 * (`crm_records`), then every other member whose vault holds identifying fields (web users'
 * identify traits, …). Names, e-mail, phone, date of birth and postcode come from the vault,
 * the city from the member's non-identifying traits.
 */
export async function loadCrmMembers(store: Store, secret: Buffer): Promise<MatchMembers> {
  const crm = (await store.query<{ member: string }>('SELECT DISTINCT customer_id AS member FROM crm_records ORDER BY 1')).map((r) => r.member);
  const names = (await store.query<{ field: string }>('SELECT DISTINCT field FROM pii_vault ORDER BY 1')).map((r) => r.field);
  const kindOf = new Map(names.flatMap((f) => { const k = vaultFieldKind(f); return k ? [[f, k] as const] : []; }));
  const opened = await openFieldsOfAll(store, secret, [...kindOf.keys()]);

  const values = new Map<string, Partial<Record<Kind | 'full_name', string>>>();
  for (const r of opened.rows) {
    const kind = kindOf.get(r.field)!;
    const value = usable(r.value);
    if (value === null) continue;
    let member = values.get(r.customerId);
    if (!member) values.set(r.customerId, (member = {}));
    member[kind] ??= value;
  }
  const inCrm = new Set(crm);
  const withFields = crm.filter((m) => values.has(m));
  const others = [...values.keys()].filter((m) => !inCrm.has(m)).sort();
  const ids = [...withFields, ...others];
  const city = await cities(store);

  const columns = Object.fromEntries(KINDS.map((k) => [k, new Array<string | null>(ids.length).fill(null)])) as Record<Kind, (string | null)[]>;
  ids.forEach((id, i) => {
    const v = values.get(id)!;
    for (const k of KINDS) columns[k][i] = v[k] ?? null;
    columns.city[i] = city.get(id) ?? null;
    // A full name only (a `name` trait): last word the surname, the rest the first name.
    if (v.full_name && !v.first_name && !v.surname) {
      const words = v.full_name.split(/\s+/);
      columns.surname[i] = words.pop() ?? null;
      columns.first_name[i] = words.length ? words.join(' ') : null;
    }
  });
  // A kind no member has would only add empty comparisons and unusable blocking rules.
  const fields: PersonFile['fields'] = {};
  for (const k of KINDS) if (columns[k].some((v) => v !== null)) fields[k] = columns[k];
  return { ids, sourceCount: withFields.length, file: { fields }, sourceWithoutFields: crm.length - withFields.length, shredded: opened.shredded };
}
