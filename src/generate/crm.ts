import { csvLine } from './csv.js';
import { corruptEmail, formatBirthDate, formatPhone, typo } from './noise.js';
import type { Person } from './people.js';
import type { Rng } from './random.js';
import { DAY_MS, isoDate, type Period } from './time.js';

/** Column header of crm.csv. */
export const CRM_HEADER = 'crm_id,first_name,last_name,email,phone,date_of_birth,city,postcode,country,signup_date,marketing_opt_in';

/** Identifiers real CRMs hold for many unrelated people. */
export const JUNK_EMAIL = 'test@test.com';
export const JUNK_PHONE = '0000000000';

interface CrmRecord {
  person: Person;
  duplicate: boolean;
  fields: string[];
}

/** What the CRM export holds, for summary.json. */
export interface CrmSummary {
  rows: number;
  people: number;
  duplicateRecords: number;
  junkEmail: number;
  junkPhone: number;
}

function baseRecord(rng: Rng, person: Person, signupMs: number): string[] {
  return [
    person.firstName,
    person.lastName,
    person.email,
    rng.chance(0.06) ? '' : formatPhone(rng, person.phone),
    rng.chance(0.08) ? '' : formatBirthDate(rng, person.dateOfBirth),
    person.city.name,
    person.postcode,
    person.city.country,
    isoDate(signupMs),
    person.marketingOptIn ? 'true' : 'false',
  ];
}

/** A second or third record of the same person from another system, with one to three kinds of noise. */
function duplicateRecord(rng: Rng, person: Person, signupMs: number, period: Period): string[] {
  const later = Math.min(period.endMs - DAY_MS, signupMs + rng.int(0, 400) * DAY_MS);
  const f = baseRecord(rng, person, later);
  const edits = 1 + rng.poisson(0.8);
  for (let e = 0; e < edits; e++) {
    switch (rng.int(0, 8)) {
      case 0: f[0] = typo(rng, f[0] ?? ''); break;
      case 1: f[1] = typo(rng, f[1] ?? ''); break;
      case 2: [f[0], f[1]] = [f[1] ?? '', f[0] ?? '']; break;
      case 3: f[2] = ''; break;
      case 4: f[2] = corruptEmail(rng, person.email); break;
      case 5: f[3] = ''; f[4] = ''; break;
      case 6: f[6] = ''; break;
      default: f[2] = f[2]?.toUpperCase() ?? ''; break;
    }
  }
  return f;
}

/**
 * The CRM export: every person with an account, 12% of them twice and 3% three times (records
 * merged in from other systems) with typos, swapped names, missing fields, mistyped e-mails,
 * phone and date formats that differ; a few records carry the junk test@test.com / 0000000000.
 * Sets each person's `crmIds` (the first is their loyalty-card id). Returns the CSV lines.
 */
export function buildCrm(rng: Rng, people: readonly Person[], period: Period): { lines: string[]; summary: CrmSummary } {
  const records: CrmRecord[] = [];
  for (const person of people) {
    if (person.userId === null || person.signupMs === null) continue;
    const copies = 1 + (rng.chance(0.15) ? (rng.chance(0.2) ? 2 : 1) : 0);
    records.push({ person, duplicate: false, fields: baseRecord(rng, person, person.signupMs) });
    for (let c = 1; c < copies; c++) records.push({ person, duplicate: true, fields: duplicateRecord(rng, person, person.signupMs, period) });
  }
  let junkEmail = 0;
  let junkPhone = 0;
  const junkCount = Math.max(3, Math.round(records.length * 0.004));
  for (let j = 0; j < junkCount && records.length > 0; j++) {
    const email = records[rng.int(0, records.length)];
    if (email && email.fields[2] !== JUNK_EMAIL) {
      email.fields[2] = JUNK_EMAIL;
      junkEmail++;
    }
    const phone = records[rng.int(0, records.length)];
    if (phone && phone.fields[3] !== JUNK_PHONE) {
      phone.fields[3] = JUNK_PHONE;
      junkPhone++;
    }
  }
  // Ids are handed out in a shuffled order so that duplicates are not neighbours in the export.
  const order = records.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i + 1);
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  const ids: string[] = new Array<string>(records.length);
  order.forEach((recordIndex, position) => {
    ids[recordIndex] = `C${String(100001 + position)}`;
  });
  records.forEach((r, i) => r.person.crmIds.push(ids[i] ?? ''));
  const lines = [CRM_HEADER];
  const sorted = records.map((r, i) => ({ id: ids[i] ?? '', fields: r.fields })).sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const r of sorted) lines.push(csvLine([r.id, ...r.fields]));
  const distinct = new Set(records.map((r) => r.person.index)).size;
  return {
    lines,
    summary: { rows: records.length, people: distinct, duplicateRecords: records.filter((r) => r.duplicate).length, junkEmail, junkPhone },
  };
}
