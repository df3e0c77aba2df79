import type { FastifyRequest } from 'fastify';
import type { Store } from '../../store/index.js';
import { findApiKey } from './api-keys.js';
import { forbidden, unauthorized } from './http-error.js';
import type { Principal, Role } from './roles.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The caller of a request by its `Authorization: Bearer <key>` header, allowed for `roles`. */
export async function authenticate(store: Store, request: FastifyRequest, roles: readonly Role[]): Promise<Principal> {
  const header = request.headers.authorization;
  if (header === undefined || header === '') {
    throw unauthorized('this route needs an API key: send "Authorization: Bearer <key>" (make one with `cairn api-keys add NAME --role analyst`)');
  }
  const token = BEARER.exec(header)?.[1];
  if (token === undefined) throw unauthorized('the Authorization header must be "Bearer <key>", with the key that `cairn api-keys add` printed');
  const who = await findApiKey(store, token);
  if (!who) throw unauthorized('this API key is unknown or revoked: check it, or make a new one with `cairn api-keys add`');
  if (!roles.includes(who.role)) {
    throw forbidden(`the key "${who.name}" has the role ${who.role}; this route needs ${roles.map((r) => `an ${r}`).join(' or ').replace(/\ban (v)/g, 'a $1')} key`);
  }
  return who;
}
