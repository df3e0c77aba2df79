import { createDevice, type Device } from './devices.js';
import { CITIES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, type City } from './people-data.js';
import { PERSONAS, type DeviceKind, type Persona } from './personas.js';
import type { Rng } from './random.js';
import { DAY_MS, isoDate, type Period } from './time.js';

/** A phone number in parts, so that it can be written in the many ways CRMs hold it. */
export interface Phone {
  /** Country calling code, e.g. "49". */
  country: string;
  /** Area or mobile prefix without the trunk 0, e.g. "30" or "151". */
  area: string;
  subscriber: string;
}

/** One simulated person: hidden persona and parameters, personal data, devices and their fate. */
export interface Person {
  index: number;
  personId: string;
  persona: Persona;
  /** BG/NBD purchase rate λ (per day, while alive). */
  lambda: number;
  /** BG/NBD dropout probability p after each purchase. */
  dropout: number;
  firstName: string;
  lastName: string;
  /** Canonical (lower-case) e-mail address. */
  email: string;
  phone: Phone;
  dateOfBirth: string;
  city: City;
  postcode: string;
  marketingOptIn: boolean;
  devices: Device[];
  /** How often each device is used. */
  deviceWeights: number[];
  /** The person's own interest per category (the persona's, varied). */
  categoryWeights: number[];
  /** Known before the data starts (already in the purchase process at the start). */
  existing: boolean;
  /** When the person first arrives (the period start for existing people). */
  bornMs: number;
  /** Account id once signed up (or from before the data for existing people). */
  userId: string | null;
  signupMs: number | null;
  /** Where the account was created: online, at a till, or before the data. */
  signupChannel: 'web' | 'mobile' | 'store' | 'before' | null;
  anonymousIds: string[];
  churnedMs: number | null;
  /** Online orders completed plus store receipts, within the data. */
  purchases: number;
  firstSeenMs: number | null;
  crmIds: string[];
}

const personaTable = PERSONAS.map((p) => p.share);

/** Lower-case ASCII for e-mail local parts: Müller → mueller. */
export function asciiFold(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]/g, '');
}

function makeEmail(rng: Rng, first: string, last: string, birthYear: number, taken: Set<string>): string {
  const f = asciiFold(first);
  const l = asciiFold(last);
  const yy = String(birthYear % 100).padStart(2, '0');
  const patterns = [`${f}.${l}`, `${f}${l}`, `${f[0] ?? 'x'}.${l}`, `${f}_${l}${yy}`, `${l}.${f}`, `${f}${yy}`, `${f}.${l}${rng.int(1, 99)}`];
  const domain = rng.weightedKey(EMAIL_DOMAINS);
  let local = rng.pick(patterns);
  while (taken.has(`${local}@${domain}`)) local = `${local}${rng.int(0, 10)}`;
  const email = `${local}@${domain}`;
  taken.add(email);
  return email;
}

function makePhone(rng: Rng, city: City): Phone {
  const country = city.country === 'AT' ? '43' : '49';
  if (rng.chance(0.7)) {
    const area = country === '43' ? rng.pick(['664', '676', '699']) : rng.pick(['151', '152', '157', '160', '162', '170', '171', '176', '177']);
    return { country, area, subscriber: String(rng.int(1_000_000, 99_999_999)).padStart(7, '0').slice(0, rng.chance(0.5) ? 7 : 8) };
  }
  return { country, area: city.areaCode, subscriber: String(rng.int(100_000, 9_999_999)) };
}

function makeDevices(rng: Rng, persona: Persona): { devices: Device[]; weights: number[] } {
  const count = rng.weightedIndex(persona.deviceCount) + 1;
  const devices: Device[] = [];
  const weights: number[] = [];
  const kinds: Record<DeviceKind, number> = { ...persona.devices };
  for (let i = 0; i < count; i++) {
    const kind = rng.weightedKey(kinds);
    kinds[kind] *= 0.25; // a second device is usually of another kind
    devices.push(createDevice(rng, kind));
    weights.push(i === 0 ? 1 : rng.uniform(0.15, 0.7));
  }
  return { devices, weights };
}

/** Draws person `index`: persona, BG/NBD parameters, personal data and devices. */
export function createPerson(rng: Rng, index: number, period: Period, takenEmails: Set<string>): Person {
  const persona = PERSONAS[rng.weightedIndex(personaTable)] ?? PERSONAS[0];
  if (!persona) throw new Error('no personas');
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const endYear = new Date(period.endMs).getUTCFullYear();
  const age = Math.min(80, Math.max(18, Math.round(rng.normal(41, 13))));
  const birthMs = Date.UTC(endYear - age, 0, 1) + rng.int(0, 365) * DAY_MS;
  const city = CITIES[rng.weightedIndex(CITIES.map((c) => c.weight))] ?? CITIES[0];
  if (!city) throw new Error('no cities');
  const postcode = String(rng.int(city.postcodeFrom, city.postcodeTo + 1)).padStart(city.country === 'AT' ? 4 : 5, '0');
  const { devices, weights } = makeDevices(rng, persona);
  const existing = rng.chance(0.4);
  // Acquisition runs evenly over the period; the last week stays quiet so newcomers have some history.
  const bornMs = existing ? period.startMs : period.startMs + rng.next() * Math.max(DAY_MS, period.endMs - period.startMs - 7 * DAY_MS);
  return {
    index,
    personId: `person-${String(index + 1).padStart(6, '0')}`,
    persona,
    lambda: rng.gamma(persona.purchaseRate.shape, 1 / persona.purchaseRate.rate),
    dropout: rng.beta(persona.dropout.a, persona.dropout.b),
    firstName,
    lastName,
    email: makeEmail(rng, firstName, lastName, endYear - age, takenEmails),
    phone: makePhone(rng, city),
    dateOfBirth: isoDate(birthMs),
    city,
    postcode,
    marketingOptIn: rng.chance(persona.sources.email > 0.1 ? 0.7 : 0.35),
    devices,
    deviceWeights: weights,
    categoryWeights: persona.categories.map((w) => w * rng.gamma(2, 0.5)),
    existing,
    bornMs,
    userId: null,
    signupMs: null,
    signupChannel: null,
    anonymousIds: [],
    churnedMs: null,
    purchases: 0,
    firstSeenMs: null,
    crmIds: [],
  };
}
