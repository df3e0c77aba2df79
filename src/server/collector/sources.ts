import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../../store/index.js';

/** A source of events sent to the collector, known by its write key. */
export interface CollectorSource {
  name: string;
  /** Last four characters of the write key, to tell keys apart. */
  keyHint: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** A source name that cannot be used, or one already taken. */
export class SourceError extends Error {
  override name = 'SourceError';
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The write key's SHA-256, hex: what the store keeps (the keys are random, so no key stretching). */
export function hashWriteKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Creates a source and returns its write key, which is shown this once and stored only hashed. */
export async function addSource(store: Store, name: string): Promise<{ source: CollectorSource; writeKey: string }> {
  if (!NAME_RE.test(name)) throw new SourceError(`"${name}" cannot name a source: use letters, digits, '.', '_' or '-' (up to 64), starting with a letter or digit, e.g. web-shop`);
  const taken = await store.query<{ n: number }>('SELECT count(*) AS n FROM sources WHERE name = ?', [name]);
  if ((taken[0]?.n ?? 0) > 0) throw new SourceError(`there is already a source named ${name}; \`cairn sources list\` shows them`);
  const writeKey = `cw_${randomBytes(24).toString('base64url')}`;
  await store.execute(`INSERT INTO sources (name, kind, write_key_hash, key_hint, created_at) VALUES (?, 'http', ?, ?, now()::TIMESTAMP)`, [
    name,
    hashWriteKey(writeKey),
    writeKey.slice(-4),
  ]);
  const [source] = await listSources(store, name);
  return { source: source!, writeKey };
}

/**
 * A new write key for the source `name`, made when missing (the old key stops working). For the
 * demo, which shows its key on every run although the store keeps only the hash.
 */
export async function rotateWriteKey(store: Store, name: string): Promise<string> {
  const [existing] = await listSources(store, name);
  if (!existing) return (await addSource(store, name)).writeKey;
  const writeKey = `cw_${randomBytes(24).toString('base64url')}`;
  await store.execute(`UPDATE sources SET write_key_hash = ?, key_hint = ?, revoked_at = NULL WHERE name = ? AND kind = 'http'`, [hashWriteKey(writeKey), writeKey.slice(-4), name]);
  return writeKey;
}

/** The collector's sources (all, or the one named), oldest first. */
export async function listSources(store: Store, name?: string): Promise<CollectorSource[]> {
  return store.query<CollectorSource & Record<string, unknown>>(
    `SELECT name, key_hint AS "keyHint", created_at AS "createdAt", revoked_at AS "revokedAt"
     FROM sources WHERE kind = 'http' ${name === undefined ? '' : 'AND name = ?'} ORDER BY created_at, name`,
    name === undefined ? [] : [name],
  );
}

/** Revokes a source's write key: the collector refuses it from then on. Returns false when there is no such source. */
export async function revokeSource(store: Store, name: string): Promise<boolean> {
  const n = await store.execute(`UPDATE sources SET revoked_at = now()::TIMESTAMP WHERE name = ? AND kind = 'http' AND revoked_at IS NULL`, [name]);
  return n > 0;
}

/**
 * Which source a write key belongs to, from a copy of the sources table in memory (a request
 * must not wait on the store). A key not in the copy reloads it, at most once a second, so a
 * source made while the server runs is found; the copy is also refreshed every 10 s in the
 * background, so a revoked key stops working.
 */
export class WriteKeys {
  private byHash = new Map<string, string>();
  private loadedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(private readonly store: Store) {}

  async load(): Promise<void> {
    const rows = await this.store.query<{ name: string; hash: string }>(
      `SELECT name, write_key_hash AS hash FROM sources WHERE kind = 'http' AND revoked_at IS NULL AND write_key_hash IS NOT NULL`,
    );
    this.byHash = new Map(rows.map((r) => [r.hash, r.name]));
    this.loadedAt = Date.now();
  }

  /** The source of `key`, or undefined when no live source has it. */
  async sourceOf(key: string): Promise<string | undefined> {
    const hash = hashWriteKey(key);
    const known = this.byHash.get(hash);
    const age = Date.now() - this.loadedAt;
    if (known !== undefined) {
      // A key revoked elsewhere (the API) stops working within this refresh, without holding up the request.
      if (age > 10_000) this.loading ??= this.load().catch(() => undefined).finally(() => (this.loading = undefined));
      return known;
    }
    // Reloads are at most once a second: a key made just after the last one waits for the next.
    this.loading ??= new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - age)))
      .then(() => this.load())
      .finally(() => (this.loading = undefined));
    await this.loading;
    return this.byHash.get(hash);
  }

  /** How many live sources there are. */
  get size(): number {
    return this.byHash.size;
  }
}
