import type { Rng } from '../../generate/index.js';
import { PROVIDER_TYPOS, SPELLING_VARIANTS } from './names.js';

/** Keys next to each other on a QWERTZ keyboard: a mistyped letter is usually a neighbour. */
const NEIGHBOURS: Readonly<Record<string, string>> = {
  q: 'wa', w: 'qes', e: 'wrd', r: 'etf', t: 'rzg', z: 'tuh', u: 'zij', i: 'uok', o: 'ipl', p: 'oü',
  a: 'qsy', s: 'adw', d: 'sfe', f: 'dgr', g: 'fht', h: 'gjz', j: 'hku', k: 'jli', l: 'kö', y: 'xa',
  x: 'yc', c: 'xv', v: 'cb', b: 'vn', n: 'bm', m: 'n',
  '0': '9', '1': '2', '2': '13', '3': '24', '4': '35', '5': '46', '6': '57', '7': '68', '8': '79', '9': '80',
};

/**
 * One typing error, with FEBRL's mix (after Damerau and Pollock & Zamora): substitution by a
 * neighbouring key, deletion, insertion, or two neighbours transposed; the first letter is
 * rarely the one hit.
 */
export function typo(rng: Rng, text: string): string {
  if (text.length === 0) return text;
  const at = text.length > 1 && rng.chance(0.92) ? rng.int(1, text.length) : 0;
  const c = text[at] ?? 'a';
  const lower = c.toLowerCase();
  const kind = rng.weightedIndex([0.45, 0.2, 0.15, 0.2]);
  if (kind === 0) {
    const options = NEIGHBOURS[lower] ?? 'aeiou';
    const r = rng.pick([...options]);
    return text.slice(0, at) + (c === lower ? r : r.toUpperCase()) + text.slice(at + 1);
  }
  if (kind === 1 && text.length > 2) return text.slice(0, at) + text.slice(at + 1);
  if (kind === 2) return text.slice(0, at) + rng.pick([...(NEIGHBOURS[lower] ?? lower)]) + text.slice(at);
  if (at + 1 < text.length) return text.slice(0, at) + text[at + 1] + c + text.slice(at + 2);
  return text.slice(0, at - 1) + c + text[at - 1] + text.slice(at + 1);
}

/** A spelling variant (Meier → Maier, Stephan → Stefan), or a typo when no variant applies. */
export function misspell(rng: Rng, text: string): string {
  const lower = text.toLowerCase();
  const options = SPELLING_VARIANTS.filter(([a, b]) => lower.includes(a) || lower.includes(b));
  if (options.length === 0) return typo(rng, text);
  const [a, b] = rng.pick(options);
  const [from, to] = lower.includes(a) ? [a, b] : [b, a];
  const at = lower.indexOf(from);
  const replaced = text.slice(0, at) + to + text.slice(at + from.length);
  return at === 0 ? replaced.charAt(0).toUpperCase() + replaced.slice(1) : replaced;
}

/** An e-mail as mistyped or changed: misspelt provider, a character of the name part, or another provider. */
export function corruptEmail(rng: Rng, email: string, providers: readonly string[]): string {
  const at = email.indexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const x = rng.next();
  if (x < 0.35) return `${local}@${rng.pick(PROVIDER_TYPOS[domain] ?? [domain])}`;
  if (x < 0.75) return `${typo(rng, local)}@${domain}`;
  return `${local}@${rng.pick(providers.filter((p) => p !== domain))}`;
}

/** A date (ISO) with one of the errors clerks make: day and month swapped, a digit wrong, the year off by one. */
export function corruptDate(rng: Rng, iso: string): string {
  const [y, m, d] = iso.split('-') as [string, string, string];
  const x = rng.next();
  if (x < 0.35 && Number(d) <= 12 && d !== m) return `${y}-${d}-${m}`;
  if (x < 0.8) {
    const digits = `${y}${m}${d}`;
    for (let tries = 0; tries < 10; tries++) {
      const k = rng.pick([2, 3, 5, 6, 7]);
      const changed = digits.slice(0, k) + String(rng.int(0, 10)) + digits.slice(k + 1);
      const mm = Number(changed.slice(4, 6));
      const dd = Number(changed.slice(6, 8));
      if (changed !== digits && mm >= 1 && mm <= 12 && dd >= 1 && dd <= 28) return `${changed.slice(0, 4)}-${changed.slice(4, 6)}-${changed.slice(6, 8)}`;
    }
  }
  return `${Number(y) + (rng.chance(0.5) ? 1 : -1)}-${m}-${d}`;
}

/** A digit string with one digit mistyped or two neighbours swapped. */
export function corruptDigits(rng: Rng, digits: string): string {
  if (digits.length < 2) return digits;
  const at = rng.int(1, digits.length);
  if (rng.chance(0.5)) return digits.slice(0, at) + rng.pick([...(NEIGHBOURS[digits[at] ?? '0'] ?? '0')]) + digits.slice(at + 1);
  return digits.slice(0, at - 1) + (digits[at] ?? '') + (digits[at - 1] ?? '') + digits.slice(at + 1);
}
