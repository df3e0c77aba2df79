import { DOMAIN_TYPOS } from './people-data.js';
import type { Phone } from './people.js';
import type { Rng } from './random.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One typing error: a letter replaced, dropped, doubled or swapped with its neighbour. */
export function typo(rng: Rng, text: string): string {
  if (text.length < 2) return `${text}${rng.pick([...LETTERS])}`;
  const i = rng.int(1, text.length);
  const kind = rng.int(0, 4);
  if (kind === 0) {
    const c = text[i] ?? 'a';
    let replacement = rng.pick([...LETTERS]);
    if (replacement === c.toLowerCase()) replacement = replacement === 'e' ? 'a' : 'e';
    return text.slice(0, i) + (c === c.toUpperCase() && c !== c.toLowerCase() ? replacement.toUpperCase() : replacement) + text.slice(i + 1);
  }
  if (kind === 1) return text.slice(0, i) + text.slice(i + 1);
  if (kind === 2) return text.slice(0, i) + (text[i] ?? '') + text.slice(i);
  if (text[i - 1] === text[i]) return text.slice(0, i) + text.slice(i + 1);
  return text.slice(0, i - 1) + (text[i] ?? '') + (text[i - 1] ?? '') + text.slice(i + 1);
}

/** An e-mail as mistyped into another system: a misspelt provider, or one character changed. */
export function corruptEmail(rng: Rng, email: string): string {
  const at = email.indexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const typos = DOMAIN_TYPOS[domain];
  if (typos && rng.chance(0.5)) return `${local}@${rng.pick(typos)}`;
  const i = rng.int(0, local.length);
  const c = local[i] ?? 'a';
  let replacement = rng.pick([...LETTERS]);
  if (replacement === c) replacement = c === 'x' ? 'y' : 'x';
  return `${local.slice(0, i)}${replacement}${local.slice(i + 1)}@${domain}`;
}

/** A phone number written one of the ways people and systems write them. */
export function formatPhone(rng: Rng, phone: Phone): string {
  const { country, area, subscriber } = phone;
  switch (rng.int(0, 5)) {
    case 0:
      return `+${country} ${area} ${subscriber}`;
    case 1:
      return `0${area} ${subscriber}`;
    case 2:
      return `00${country}${area}${subscriber}`;
    case 3:
      return `+${country}${area}${subscriber}`;
    default:
      return `0${area}/${subscriber}`;
  }
}

/** A date of birth (ISO) as a system stores it: ISO, dd/mm/yyyy, or the German dd.mm.yyyy. */
export function formatBirthDate(rng: Rng, iso: string): string {
  const [y, m, d] = iso.split('-');
  const x = rng.next();
  if (x < 0.55) return iso;
  if (x < 0.85) return `${d}/${m}/${y}`;
  return `${d}.${m}.${y}`;
}
