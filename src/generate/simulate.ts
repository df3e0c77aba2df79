import type { Person } from './people.js';
import type { TrafficSource } from './personas.js';
import { Preferences } from './preferences.js';
import type { Rng } from './random.js';
import { runSession } from './session.js';
import type { DeviceState, ShopContext } from './shop-context.js';
import { storePurchase, storeReturns } from './store-visits.js';
import { berlinToUtc, DAY_MS, MINUTE_MS, secondOfDay, WEEKLY_TRAFFIC, WeightedTable, weekday, type DailyRhythm } from './time.js';
import { arrivalFor, spikeArrival } from './traffic.js';

const WEEKLY_MAX = Math.max(...WEEKLY_TRAFFIC);
const WEEKLY_MEAN = WEEKLY_TRAFFIC.reduce((a, b) => a + b, 0) / WEEKLY_TRAFFIC.length;
/** Sessions end after 30 minutes without events; the next one starts a little later than that. */
const SESSION_GAP_MS = 31 * MINUTE_MS;

/**
 * Next arrival after `fromMs` of a Poisson process with `perDay` events a day on average,
 * modulated by the weekly traffic cycle (thinning keeps the mean rate).
 */
function nextArrival(rng: Rng, fromMs: number, perDay: number): number {
  if (perDay <= 0) return Infinity;
  const ceiling = (perDay * WEEKLY_MAX) / WEEKLY_MEAN / DAY_MS;
  let t = fromMs;
  for (;;) {
    t += rng.exponential(ceiling);
    if (!Number.isFinite(t)) return Infinity;
    if (rng.chance((WEEKLY_TRAFFIC[weekday(t)] ?? 1) / WEEKLY_MAX)) return t;
  }
}

/** Puts an arrival at a realistic local hour of its day, and after the person's previous activity. */
function place(ctx: ShopContext, rng: Rng, arrivalMs: number, rhythm: DailyRhythm, notBefore: number): number {
  const { startMs } = ctx.period;
  const dayStart = startMs + Math.floor((arrivalMs - startMs) / DAY_MS) * DAY_MS;
  let ms = Math.max(startMs + rng.int(0, 3_600_000), berlinToUtc(dayStart, secondOfDay(rng, rhythm)) + rng.int(0, 1000));
  if (ms < notBefore) ms = notBefore + Math.round(rng.exponential(1 / (90 * MINUTE_MS)));
  return ms;
}

function newDeviceState(rng: Rng, person: Person, index: number): DeviceState {
  const device = person.devices[index];
  if (!device) throw new Error(`person ${person.personId} has no device ${index}`);
  const anonymousId = rng.uuid();
  person.anonymousIds.push(anonymousId);
  return { device, anonymousId, loggedIn: false, lastEventMs: -Infinity };
}

/** A browser loses its cookies now and then (a new anonymousId, logged out); an app is reinstalled rarely. */
function maybeLoseCookies(rng: Rng, person: Person, state: DeviceState): void {
  if (!rng.chance(state.device.app ? 0.003 : person.persona.cookieClearRate)) return;
  state.anonymousId = rng.uuid();
  state.loggedIn = false;
  person.anonymousIds.push(state.anonymousId);
}

/**
 * Lives one person's life through the period as a BG/NBD process: purchases arrive at rate λ
 * (a share of them in a store), browsing sessions at λ·(1−store)·(1−q)/q so that a share q of
 * online sessions buys, and after each purchase the person churns with probability p — then
 * nothing more happens.
 */
export function simulatePerson(ctx: ShopContext, person: Person, rng: Rng): void {
  const { period, incidents } = ctx;
  const persona = person.persona;
  const prefs = new Preferences(person, ctx);
  const firstReceipt = ctx.receipts.length;
  const states = person.devices.map((_, i) => newDeviceState(rng, person, i));
  if (person.existing && rng.chance(persona.accountRate)) {
    person.userId = `usr_${rng.hex(12)}`;
    person.signupMs = period.startMs - rng.int(20, 1500) * DAY_MS - rng.int(0, DAY_MS);
    person.signupChannel = 'before';
    for (const s of states) s.loggedIn = rng.chance(s.device.app ? 0.9 : 0.6);
  }
  const sources = Object.keys(persona.sources) as TrafficSource[];
  const sourceTable = new WeightedTable(sources.map((k) => persona.sources[k]));
  const q = persona.conversion;
  const storeShare = persona.storeShare;
  const browseRate = (person.lambda * (1 - storeShare) * (1 - q)) / q;
  const spike = incidents.trafficSpike;
  const spikeTimes: number[] = [];
  if (person.bornMs < spike.endMs) {
    for (let n = rng.poisson(persona.spikeAffinity * 0.5); n > 0; n--) spikeTimes.push(spike.startMs + secondOfDay(rng, 'mobile') * 1000);
    spikeTimes.sort((a, b) => a - b);
    while (spikeTimes.length > 0 && (spikeTimes[0] ?? 0) < person.bornMs) spikeTimes.shift();
  }

  let lastMs = -Infinity;
  const seen = (ms: number): void => {
    if (person.firstSeenMs === null) person.firstSeenMs = ms;
    lastMs = ms;
  };
  /** Runs a session near `arrivalMs`; returns the order time if it ended in an order. */
  const session = (arrivalMs: number, buy: boolean, fromSpike: boolean): number | null => {
    const state = states[rng.weightedIndex(person.deviceWeights)] ?? states[0];
    if (!state) return null;
    const rhythm = state.device.type === 'mobile' ? 'mobile' : 'desktop';
    const startMs = fromSpike ? Math.max(arrivalMs, lastMs + SESSION_GAP_MS) : place(ctx, rng, arrivalMs, rhythm, lastMs + SESSION_GAP_MS);
    if (startMs >= period.endMs) return null;
    maybeLoseCookies(rng, person, state);
    const category = prefs.category(rng, startMs);
    const arrival = fromSpike ? spikeArrival(rng, spike.campaign) : arrivalFor(rng, sources[sourceTable.draw(rng)] ?? 'direct', startMs, category);
    const outcome = runSession(ctx, rng, person, prefs, state, startMs, arrival, buy, category);
    seen(outcome.endMs);
    state.lastEventMs = outcome.endMs;
    return outcome.ordered ? outcome.endMs : null;
  };
  /** Applies the BG/NBD dropout after a purchase; true when the person has churned. */
  const purchased = (ms: number): boolean => {
    person.purchases++;
    if (!rng.chance(person.dropout)) return false;
    person.churnedMs = ms;
    return true;
  };

  let churned = false;
  if (!person.existing) {
    // The acquisition visit; it buys as often as any online session.
    const orderMs = session(person.bornMs, rng.chance(q), false);
    if (orderMs !== null) churned = purchased(orderMs);
  }
  let nextBuy = nextArrival(rng, person.bornMs, person.lambda);
  let nextBrowse = nextArrival(rng, person.bornMs, browseRate);
  while (!churned) {
    const nextSpike = spikeTimes[0] ?? Infinity;
    const next = Math.min(nextBuy, nextBrowse, nextSpike);
    if (next >= period.endMs) break;
    if (next === nextSpike) {
      spikeTimes.shift();
      session(nextSpike, false, true);
    } else if (next === nextBrowse) {
      nextBrowse = nextArrival(rng, nextBrowse, browseRate);
      session(next, false, false);
    } else {
      nextBuy = nextArrival(rng, nextBuy, person.lambda);
      if (rng.chance(storeShare)) {
        const ms = storePurchase(ctx, rng, person, prefs, place(ctx, rng, next, 'store', lastMs + MINUTE_MS));
        if (ms !== null) {
          seen(ms);
          churned = purchased(ms);
        }
      } else {
        const orderMs = session(next, true, false);
        if (orderMs !== null) churned = purchased(orderMs);
      }
    }
  }
  storeReturns(ctx, rng, person, firstReceipt);
}

/** E[purchases in the next `days`] for a person alive at the end: (1/p)·(1 − e^(−λ·p·days)). */
export function expectedPurchases(person: Person, days: number): number {
  if (person.churnedMs !== null) return 0;
  const p = Math.max(person.dropout, 1e-9);
  return (1 - Math.exp(-person.lambda * p * days)) / p;
}
