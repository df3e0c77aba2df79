/**
 * Who may do what through the REST API.
 *
 * - `admin`: everything, including personal data (vault fields, raw quarantine records, search by
 *   e-mail or phone) when asked for explicitly; every such read is audited.
 * - `analyst`: every per-customer and event route, never personal data.
 * - `viewer`: dashboards only: aggregate routes, no per-customer data.
 */
export const ROLES = ['admin', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** The caller of a request, as its API key says. */
export interface Principal {
  /** The key's name: what the audit log records as the actor. */
  readonly name: string;
  readonly role: Role;
}

/** Role sets that routes name. */
export const ANY_ROLE: readonly Role[] = ROLES;
export const ANALYSTS: readonly Role[] = ['admin', 'analyst'];
export const ADMINS: readonly Role[] = ['admin'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
