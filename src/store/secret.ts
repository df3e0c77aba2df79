import { randomBytes, createHmac } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The store's secret: it keys the hash of every identifier kept outside the vault. It lives beside
 * the store file (`<db>.key`, mode 0600), never inside it, so a copy of the database alone cannot
 * be reversed by hashing guessed e-mails. `CAIRN_SECRET` (64 hex digits) overrides the file.
 */
export function loadOrCreateSecret(location: string, envSecret?: string): Buffer {
  if (envSecret !== undefined && envSecret !== '') {
    if (!/^[0-9a-fA-F]{64}$/.test(envSecret)) {
      throw new Error('CAIRN_SECRET must be 64 hex digits (32 bytes), e.g. the output of `openssl rand -hex 32`');
    }
    return Buffer.from(envSecret, 'hex');
  }
  if (location === ':memory:') return randomBytes(32);
  const keyFile = `${location}.key`;
  if (existsSync(keyFile)) {
    const hex = readFileSync(keyFile, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`the key file ${keyFile} is damaged: it must hold 64 hex digits`);
    return Buffer.from(hex, 'hex');
  }
  const secret = randomBytes(32);
  writeFileSync(keyFile, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

/** HMAC-SHA256 of a UTF-8 value, hex: the same as the store's SQL `cairn_hmac(value)`. */
export function hmacHex(secret: Buffer, value: string): string {
  return createHmac('sha256', secret).update(value, 'utf8').digest('hex');
}

/**
 * The inner and outer padded keys of HMAC-SHA256 (RFC 2104), hex, so that a database that has
 * SHA-256 but no HMAC can compute `sha256(opad || sha256(ipad || m))` itself.
 */
export function hmacPads(secret: Buffer): { ipad: string; opad: string } {
  if (secret.length > 64) throw new Error('an HMAC-SHA256 key longer than 64 bytes must be hashed first');
  const block = Buffer.alloc(64);
  secret.copy(block);
  const ipad = Buffer.alloc(64);
  const opad = Buffer.alloc(64);
  for (let i = 0; i < 64; i++) {
    ipad[i] = block[i]! ^ 0x36;
    opad[i] = block[i]! ^ 0x5c;
  }
  return { ipad: ipad.toString('hex'), opad: opad.toString('hex') };
}
