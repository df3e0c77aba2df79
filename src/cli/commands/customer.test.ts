import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { smallShop } from '../../../test/small-shop.js';
import { tempDir } from '../../../test/temp.js';
import { resolveIdentities } from '../../identity/index.js';
import { computeProfileFeatures, defaultProfileAsOf } from '../../profiles/index.js';
import { openStore, type Store } from '../../store/index.js';
import type { CustomerReport } from './customer.js';

const tmp = tempDir('cairn-customer-');
const db = join(tmp.dir, 'shop.duckdb');
let shop: Awaited<ReturnType<typeof smallShop>>;

/** A person of the generator who used at least two devices and bought in a shop with a loyalty card. */
interface Person {
  userMember: string;
  crmMember: string;
  /** Pseudonyms (dev_…) of the person's devices, as the view names them. */
  devices: string[];
  email: string;
  phone: string;
}
let person: Person;

/** Runs store work with the CLI closed (DuckDB allows one open per file at a time). */
async function withDb<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ location: db });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function view(...args: string[]): Promise<CustomerReport> {
  const r = await runCli('--db', db, '--json', 'customer', ...args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as CustomerReport;
}

const auditRows = () => withDb((store) => store.query<{ actor: string; action: string; customer_id: string; detail: string }>(
  'SELECT actor, action, customer_id, detail::VARCHAR AS detail FROM audit_log ORDER BY audit_id'));

beforeAll(async () => {
  shop = await smallShop(300, 60);
  for (const [file, source] of [['events.jsonl', 'segment'], ['pos_orders.csv', 'shop-pos'], ['crm.csv', 'shop-crm']] as const) {
    const r = await runCli('--db', db, '--json', 'import', join(shop.dir, file), '--source', source);
    expect(r.code, r.stderr).toBe(0);
  }
  person = await withDb(async (store) => {
    await resolveIdentities(store);
    // The ground truth: the first person (in the generator's order) with ≥2 devices and a loyalty-card receipt.
    const [p] = await store.query<{ user_id: string; crm: string; devices: string }>(
      `WITH pos AS (SELECT DISTINCT loyalty_id FROM read_csv(?, all_varchar = true) WHERE loyalty_id IS NOT NULL)
       SELECT user_id, crm, device_ids AS devices
       FROM (SELECT *, unnest(string_split(crm_ids, ';')) AS crm FROM read_csv(?, all_varchar = true, header = true))
       WHERE user_id IS NOT NULL AND len(string_split(device_ids, ';')) >= 2 AND crm IN (SELECT loyalty_id FROM pos)
       ORDER BY person_id LIMIT 1`,
      [join(shop.dir, 'pos_orders.csv'), join(shop.dir, 'truth', 'customers.csv')],
    );
    expect(p, 'the generated shop has a person with two devices and an in-store receipt').toBeDefined();
    const [ids] = await store.query<{ user_member: string; crm_member: string; devices: string[]; email: string; phone: string | null }>(
      `SELECT cairn_pseudonym('user', ?) AS user_member, cairn_pseudonym('shop-crm', ?) AS crm_member,
         list_transform(string_split(?, ';'), d -> 'dev_' || substr(cairn_hmac(d), 1, 12)) AS devices,
         (SELECT email FROM read_csv(?, all_varchar = true) WHERE crm_id = ?) AS email,
         (SELECT phone FROM read_csv(?, all_varchar = true) WHERE crm_id = ?) AS phone`,
      [p!.user_id, p!.crm, p!.devices, join(shop.dir, 'crm.csv'), p!.crm, join(shop.dir, 'crm.csv'), p!.crm],
    );
    return { userMember: ids!.user_member, crmMember: ids!.crm_member, devices: ids!.devices, email: ids!.email, phone: ids!.phone ?? '' };
  });
}, 180_000);
afterAll(() => {
  shop.cleanup();
  tmp.cleanup();
});

describe('cairn customer', () => {
  it("shows one person's devices and in-store order on one timeline, as one customer of both their records", async () => {
    const v = await view(person.userMember, '--limit', '5000');
    const members = v.members.map((m) => m.memberId);
    expect(members).toEqual(expect.arrayContaining([person.userMember, person.crmMember]));
    const devices = new Set(v.timeline.flatMap((t) => (t.deviceId !== null && person.devices.includes(t.deviceId) ? [t.deviceId] : [])));
    expect(devices.size).toBeGreaterThanOrEqual(2);
    expect(v.timeline.some((t) => t.kind === 'order' && t.channel === 'in-store' && t.memberId === person.crmMember)).toBe(true);
    expect(v.timeline.some((t) => t.kind === 'event' && t.memberId === person.userMember)).toBe(true);
    const times = v.timeline.map((t) => t.ts);
    expect([...times].sort().reverse()).toEqual(times);
    expect(v.timeline.length).toBe(v.profile.events + v.profile.orders);
    expect(v.devices.filter((d) => d.deviceId !== null && person.devices.includes(d.deviceId)).length).toBeGreaterThanOrEqual(2);
    expect(v.channels.map((c) => c.channel)).toContain('in-store');
    expect(v.merges.length).toBeGreaterThan(0);
    expect(v.merges.every((g) => g.reason.length > 0)).toBe(true);
  });

  it('resolves a member id to its customer and says so', async () => {
    const byUser = await view(person.userMember, '--limit', '1');
    const byCrm = await view(person.crmMember, '--limit', '1');
    const customer = byUser.profile.customerId;
    expect(byCrm.profile.customerId).toBe(customer);
    const memberOnly = [person.userMember, person.crmMember].find((m) => m !== customer)!;
    expect((await view(memberOnly, '--limit', '1')).requested).toEqual({ id: memberOnly, matched: 'member', customerId: customer });
    expect((await view(customer, '--limit', '1')).requested).toEqual({ id: customer, matched: 'customer', customerId: customer });
    const human = await runCli('--db', db, 'customer', memberOnly, '--limit', '3');
    expect(human.stdout).toContain(`you gave ${memberOnly}: a member of this customer`);
  });

  it('masks e-mail, phone and names by default, and audits nothing', async () => {
    const before = (await auditRows()).length;
    const json = await runCli('--db', db, '--json', 'customer', person.crmMember);
    const human = await runCli('--db', db, 'customer', person.crmMember);
    const phoneDigits = person.phone.replace(/[^0-9]/g, '');
    for (const out of [json.stdout, json.stderr, human.stdout, human.stderr]) {
      expect(out.toLowerCase()).not.toContain(person.email.toLowerCase());
      if (phoneDigits) expect(out.replace(/[^0-9]/g, '')).not.toContain(phoneDigits);
    }
    expect(human.stdout).toContain('email [redacted email]');
    expect(human.stdout).toContain('--show-personal-data');
    expect((JSON.parse(json.stdout) as CustomerReport).personal).toBeNull();
    expect((await auditRows()).length).toBe(before);
  });

  it('shows personal data in full with --show-personal-data, audited without the values', async () => {
    const before = (await auditRows()).length;
    const r = await runCli('--db', db, '--json', 'customer', person.crmMember, '--show-personal-data', '--limit', '1');
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout) as CustomerReport;
    expect(v.personal?.['email']?.toLowerCase()).toBe(person.email.toLowerCase());
    expect(v.personalByMember?.map((m) => m.memberId)).toEqual(expect.arrayContaining([person.crmMember, person.userMember]));
    expect(r.stderr).not.toContain(person.email);
    const rows = (await auditRows()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'cli', action: 'customer.personal', customer_id: v.profile.customerId });
    expect(rows[0]!.detail).toContain('email');
    expect(rows[0]!.detail).not.toContain(person.email);
  });

  it('keeps to --limit and --since', async () => {
    const all = await view(person.userMember, '--limit', '5000');
    const since = all.timeline[Math.floor(all.timeline.length / 2)]!.ts.slice(0, 10);
    const recent = await view(person.userMember, '--since', since, '--limit', '5000');
    expect(recent.timeline.length).toBeGreaterThan(0);
    expect(recent.timeline.length).toBeLessThan(all.timeline.length);
    expect(recent.timeline.every((t) => t.ts >= since)).toBe(true);
    expect(recent.timeline).toEqual(all.timeline.filter((t) => t.ts >= since));
    expect((await view(person.userMember, '--limit', '7')).timeline).toEqual(all.timeline.slice(0, 7));
  });

  it('shows the profile features once computed, and says how to compute them before', async () => {
    const before = await runCli('--db', db, 'customer', person.userMember, '--limit', '1');
    expect(before.stdout).toContain('Features: not computed — run `cairn features`');
    await withDb(async (store) => computeProfileFeatures(store, { asOf: (await defaultProfileAsOf(store))! }));
    const v = await view(person.userMember, '--limit', '1');
    expect(v.features).toMatchObject({ featureSet: 'profile', version: expect.any(String) });
    expect(v.features!.values['frequency']).toBe(v.orders.recent.filter((o) => o.kind === 'order').length);
  });

  it('fails with exit 1 and a clear message for an unknown id, and 2 for a bad option', async () => {
    const r = await runCli('--db', db, 'customer', 'c_00000000000000000000');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('there is no customer or member c_00000000000000000000');
    expect((await runCli('--db', db, 'customer', person.userMember, '--since', 'yesterday')).code).toBe(2);
    expect((await runCli('--db', db, 'customer', person.userMember, '--limit', '0')).code).toBe(2);
  });
});
