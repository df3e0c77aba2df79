import { open, purposeKey, seal } from './aead.js';

/**
 * Text kept at rest only encrypted, such as a rejected record's raw payload (it may hold names
 * and e-mails): `enc:v1:` + base64 of AES-256-GCM under a key of the store secret for `purpose`.
 * Text without the prefix is returned as it is (stored before sealing, or without a secret).
 */
const PREFIX = 'enc:v1:';

export function sealText(secret: Buffer, purpose: string, text: string): string {
  return PREFIX + seal(purposeKey(secret, purpose), Buffer.from(text, 'utf8'), purpose).toString('base64');
}

export function openText(secret: Buffer | undefined, purpose: string, value: string): string {
  if (!value.startsWith(PREFIX)) return value;
  if (!secret) return '[encrypted: needs the store secret]';
  return open(purposeKey(secret, purpose), Buffer.from(value.slice(PREFIX.length), 'base64'), purpose).toString('utf8');
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}
