import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../../store/index.js';
import { isRole, type Principal, type Role } from './roles.js';

/**
 * API keys: a random 32-byte token shown once when made; the store keeps only its SHA-256.
 * (A plain hash suffices: the token has 256 bits of entropy, so there is nothing to guess, and it
 * keeps the keys valid when the store secret is rotated.)
 */

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const KEY_PREFIX = 'cairn_';

/** A key could not be made or revoked; the message says why, `reason` says it for code. */
export class ApiKeyError extends Error {
  override name = 'ApiKeyError';
  constructor(
    readonly reason: 'invalid' | 'exists' | 'unknown' | 'revoked',
    message: string,
  ) {
    super(message);
  }
}

export type ApiKeyInfo = {
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
};

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Makes a key; returns it with the one copy of its token. */
export async function createApiKey(store: Store, name: string, role: Role): Promise<ApiKeyInfo & { key: string }> {
  if (!NAME_RE.test(name)) {
    throw new ApiKeyError('invalid', `a key name is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, not "${name}"`);
  }
  if (!isRole(role)) throw new ApiKeyError('invalid', `the role must be admin, analyst or viewer, not "${String(role)}"`);
  const existing = await store.query<{ revoked: boolean }>('SELECT revoked_at IS NOT NULL AS revoked FROM api_keys WHERE name = ?', [name]);
  if (existing[0]) {
    throw new ApiKeyError(
      'exists',
      existing[0].revoked
        ? `a key named "${name}" was revoked; names are not reused (the audit log refers to them): choose another name`
        : `a key named "${name}" exists; revoke it first (cairn api-keys revoke ${name}) or choose another name`,
    );
  }
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const [row] = await store.query<{ created_at: string }>(
    'INSERT INTO api_keys (name, role, key_hash, created_at) VALUES (?, ?, ?, now()::TIMESTAMP) RETURNING created_at',
    [name, role, hashApiKey(key)],
  );
  return { name, role, createdAt: row!.created_at, revokedAt: null, key };
}

/** Every key, revoked ones included, oldest first. */
export async function listApiKeys(store: Store): Promise<ApiKeyInfo[]> {
  return store.query<ApiKeyInfo>(
    'SELECT name, role, created_at AS "createdAt", revoked_at AS "revokedAt" FROM api_keys ORDER BY created_at, name',
  );
}

/** Revokes a key by name; from then on it is refused. */
export async function revokeApiKey(store: Store, name: string): Promise<ApiKeyInfo> {
  const rows = await store.query<ApiKeyInfo>(
    `UPDATE api_keys SET revoked_at = now()::TIMESTAMP WHERE name = ? AND revoked_at IS NULL
     RETURNING name, role, created_at AS "createdAt", revoked_at AS "revokedAt"`,
    [name],
  );
  if (rows[0]) return rows[0];
  const known = await store.query<{ n: number }>('SELECT count(*) AS n FROM api_keys WHERE name = ?', [name]);
  if ((known[0]?.n ?? 0) > 0) throw new ApiKeyError('revoked', `the key "${name}" is already revoked`);
  throw new ApiKeyError('unknown', `there is no key named "${name}" (cairn api-keys list shows them)`);
}

/** The live key a token belongs to, or undefined. */
export async function findApiKey(store: Store, key: string): Promise<Principal | undefined> {
  if (!key.startsWith(KEY_PREFIX)) return undefined;
  const rows = await store.query<{ name: string; role: string }>('SELECT name, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL', [hashApiKey(key)]);
  const row = rows[0];
  return row && isRole(row.role) ? { name: row.name, role: row.role } : undefined;
}
