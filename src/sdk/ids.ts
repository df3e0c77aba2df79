/** Random ids and the first-party cookies that keep them. */

/** RFC 4122 version-4 UUID. crypto.randomUUID only exists on secure origins; getRandomValues everywhere. */
export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  let hex = '';
  for (let i = 0; i < 16; i++) hex += (b[i]! + 0x100).toString(16).slice(1);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split('; ')) {
    const eq = part.indexOf('=');
    if (part.slice(0, eq) === name) return decodeURIComponent(part.slice(eq + 1));
  }
  return null;
}

/** A first-party cookie: SameSite=Lax, Secure on https, host-only unless a domain is given. */
export function writeCookie(name: string, value: string, maxAgeSeconds: number, domain?: string): void {
  let c = `${name}=${encodeURIComponent(value)}; Max-Age=${maxAgeSeconds}; Path=/; SameSite=Lax`;
  if (domain) c += `; Domain=${domain}`;
  if (location.protocol === 'https:') c += '; Secure';
  document.cookie = c;
}

export function deleteCookie(name: string, domain?: string): void {
  writeCookie(name, '', 0, domain);
}

/** localStorage can throw (Safari private mode, storage disabled): treat that as "no storage". */
export function storageGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function storageSet(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Nothing to do: the id lives for this page only.
  }
}
