import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiApp, type ApiApp } from '../../../../test/api-app.js';
import { resolveIdentities } from '../../../identity/index.js';
import type { CustomerView } from './customer-view.js';

/** GET /api/customers/:id once identity resolution has joined members into customers. */
describe('customer 360 over resolved identities', () => {
  let api: ApiApp;
  /** A customer made of several members, and one member that is not the customer itself. */
  let customer: { id: string; member: string; members: number };

  beforeAll(async () => {
    api = await apiApp({ shop: true });
    await resolveIdentities(api.store);
    const [row] = await api.store.query<{ customer_id: string; member: string; members: number }>(
      `SELECT customer_id, min(member_id) FILTER (WHERE member_id <> customer_id) AS member, count(*)::INTEGER AS members
       FROM identity_members WHERE customer_id IN (SELECT customer_id FROM events) GROUP BY customer_id
       HAVING count(DISTINCT member_id) >= 2 ORDER BY members DESC, customer_id LIMIT 1`,
    );
    expect(row, 'identity resolution joined no two members of the generated shop').toBeDefined();
    customer = { id: row!.customer_id, member: row!.member, members: row!.members };
  }, 60_000);
  afterAll(async () => api.close());

  it('answers for a member id with its customer, and says so', async () => {
    const res = await api.call(`/api/customers/${customer.member}`, api.keys.analyst);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<CustomerView>();
    expect(view.requested).toEqual({ id: customer.member, matched: 'member', customerId: customer.id });
    expect(view.profile.customerId).toBe(customer.id);
    expect(view.members.map((m) => m.memberId)).toContain(customer.member);
    expect(view.members).toHaveLength(customer.members);
    expect(view.merges.some((g) => g.members.includes(customer.member) || g.mergedId === customer.member)).toBe(true);
  });

  it('gives the timeline newest first, within limit and since, with devices by pseudonym only', async () => {
    const all = (await api.call(`/api/customers/${customer.id}?limit=1000`, api.keys.analyst)).json<CustomerView>();
    expect(all.timeline.length).toBe(Math.min(1000, all.profile.events + all.profile.orders + all.texts.length));
    const times = all.timeline.map((t) => t.ts);
    expect([...times].sort().reverse()).toEqual(times);
    const since = times[Math.floor(times.length / 2)]!;
    const later = (await api.call(`/api/customers/${customer.id}?limit=1000&since=${encodeURIComponent(since)}`, api.keys.analyst)).json<CustomerView>();
    expect(later.timeline).toEqual(all.timeline.filter((t) => t.ts >= since));
    expect((await api.call(`/api/customers/${customer.id}?limit=3`, api.keys.analyst)).json<CustomerView>().timeline).toEqual(all.timeline.slice(0, 3));
    const res = await api.call(`/api/customers/${customer.id}?limit=1000`, api.keys.analyst);
    // The generator's device ids are dev-…; the view names devices dev_<keyed hash>.
    expect(res.body).not.toMatch(/"dev-[0-9a-f]/);
    expect(all.devices.every((d) => d.deviceId === null || /^dev_[0-9a-f]{12}$/.test(d.deviceId))).toBe(true);
    expect((await api.call(`/api/customers/${customer.id}?since=yesterday`, api.keys.analyst)).statusCode).toBe(400);
  });

  it("gives an admin every member's vault fields, audited once for the customer", async () => {
    const res = await api.call(`/api/customers/${customer.member}?personal=true`, api.keys.admin);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<CustomerView>();
    const withFields = view.members.filter((m) => m.personalFields.length > 0).map((m) => m.memberId);
    expect(view.personalByMember?.map((m) => m.memberId).sort()).toEqual(withFields.sort());
    expect(Object.keys(view.personal ?? {})).toEqual(expect.arrayContaining([...new Set(view.members.flatMap((m) => m.personalFields))]));
    const [row] = await api.store.query<{ actor: string; action: string; customer_id: string }>('SELECT actor, action, customer_id FROM audit_log ORDER BY audit_id DESC LIMIT 1');
    expect(row).toEqual({ actor: 'ops-admin', action: 'customer.personal', customer_id: customer.id });
  });
});
