/**
 * Journeys as attribution models read them: each journey is the ordered channel touches before a
 * conversion (or before a visitor stopped coming), with how often it converted, what the
 * conversions were worth and how often it ended without one. Flat typed arrays so that a million
 * journeys cost a few tens of megabytes and no objects per touch.
 *
 * A journey may stand for one customer (conversions 0 or 1) or for a path table's row, as the R
 * package ChannelAttribution takes it (`total_conversions`, `total_conversion_value`, `total_null`).
 */
export interface Journeys {
  /** Channel names; a touch is an index into this list. */
  readonly channels: readonly string[];
  /** Journey i's touches are `touches[offsets[i] .. offsets[i + 1])`; length is journeys + 1. */
  readonly offsets: Uint32Array;
  /** Channel index of each touch, oldest first. */
  readonly touches: Uint16Array;
  /** Days from each touch to its journey's conversion (or end), for time decay; absent if unknown. */
  readonly ages?: Float64Array;
  /** Conversions of each journey. */
  readonly conversions: Float64Array;
  /** Conversion value (revenue) of each journey. */
  readonly values: Float64Array;
  /** How often each journey ended without a conversion. */
  readonly nulls: Float64Array;
}

/** A bad input to an attribution model (a value, not a crash): the message says what to change. */
export class AttributionInputError extends Error {
  override name = 'AttributionInputError';
}

/** One journey written out, for small inputs and tests. */
export interface JourneyPath {
  path: readonly string[];
  conversions?: number;
  value?: number;
  nulls?: number;
  /** Days before the conversion of each touch (same length as `path`). */
  ages?: readonly number[];
}

/** Number of journeys. */
export function journeyCount(journeys: Journeys): number {
  return journeys.offsets.length - 1;
}

/**
 * Builds journeys one touch at a time (from a store query or a generator) into growing typed
 * arrays: `touch` adds to the open journey, `end` closes it.
 */
export class JourneyBuilder {
  private readonly index = new Map<string, number>();
  private readonly names: string[] = [];
  private touches = new Uint16Array(1024);
  private ages = new Float64Array(1024);
  private offsets = new Uint32Array(256);
  private conversions = new Float64Array(256);
  private values = new Float64Array(256);
  private nulls = new Float64Array(256);
  private touchCount = 0;
  private journeyTotal = 0;
  private hasAges = true;

  /** Starts with these channels in this order (others are added as they appear). */
  constructor(channels: readonly string[] = []) {
    for (const c of channels) this.channelIndex(c);
  }

  channelIndex(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      if (this.names.length >= 65_535) throw new AttributionInputError('more than 65535 distinct channels: group them first');
      i = this.names.length;
      this.index.set(name, i);
      this.names.push(name);
    }
    return i;
  }

  /** Adds a touch to the open journey; `ageDays` is its distance to the conversion (NaN if unknown). */
  touch(channel: string | number, ageDays = Number.NaN): void {
    if (this.touchCount === this.touches.length) {
      this.touches = grow(this.touches, Uint16Array);
      this.ages = grow(this.ages, Float64Array);
    }
    this.touches[this.touchCount] = typeof channel === 'number' ? channel : this.channelIndex(channel);
    if (Number.isNaN(ageDays)) this.hasAges = false;
    this.ages[this.touchCount] = ageDays;
    this.touchCount++;
  }

  /** Closes the open journey (its touches so far). */
  end(conversions: number, value: number, nulls: number): void {
    if (this.journeyTotal + 2 > this.offsets.length) {
      this.offsets = grow(this.offsets, Uint32Array);
      this.conversions = grow(this.conversions, Float64Array);
      this.values = grow(this.values, Float64Array);
      this.nulls = grow(this.nulls, Float64Array);
    }
    this.conversions[this.journeyTotal] = conversions;
    this.values[this.journeyTotal] = value;
    this.nulls[this.journeyTotal] = nulls;
    this.journeyTotal++;
    this.offsets[this.journeyTotal] = this.touchCount;
  }

  build(): Journeys {
    const n = this.journeyTotal;
    const journeys: Journeys = {
      channels: [...this.names],
      offsets: this.offsets.slice(0, n + 1),
      touches: this.touches.slice(0, this.touchCount),
      conversions: this.conversions.slice(0, n),
      values: this.values.slice(0, n),
      nulls: this.nulls.slice(0, n),
    };
    return this.hasAges ? { ...journeys, ages: this.ages.slice(0, this.touchCount) } : journeys;
  }
}

function grow<T extends Uint16Array | Uint32Array | Float64Array>(a: T, Ctor: new (n: number) => T): T {
  const b = new Ctor(a.length * 2);
  b.set(a);
  return b;
}

/** Journeys from written-out paths (tests, path tables). */
export function journeysFromPaths(paths: readonly JourneyPath[], channels: readonly string[] = []): Journeys {
  const b = new JourneyBuilder(channels);
  for (const p of paths) {
    if (p.ages && p.ages.length !== p.path.length) throw new AttributionInputError('a journey needs one age per touch');
    p.path.forEach((c, i) => b.touch(c, p.ages?.[i] ?? Number.NaN));
    b.end(p.conversions ?? 0, p.value ?? 0, p.nulls ?? 0);
  }
  return b.build();
}

/**
 * Journeys from a ChannelAttribution-style path table: `a > b > c` paths with conversions, value
 * and nulls per row.
 */
export function journeysFromPathTable(rows: readonly { path: string; conversions: number; value?: number; nulls?: number }[], separator = '>'): Journeys {
  return journeysFromPaths(
    rows.map((r) => ({
      path: r.path.split(separator).map((s) => s.trim()).filter((s) => s !== ''),
      conversions: r.conversions,
      value: r.value ?? 0,
      nulls: r.nulls ?? 0,
    })),
  );
}
