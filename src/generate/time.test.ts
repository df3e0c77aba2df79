import { describe, expect, it } from 'vitest';
import { Rng } from './random.js';
import { berlinLocal, berlinToUtc, isoTime, periodFor, secondOfDay, weekday } from './time.js';

describe('time helpers', () => {
  it('formats ISO timestamps exactly like toISOString', () => {
    const rng = new Rng('iso');
    for (let i = 0; i < 2000; i++) {
      const ms = 1_700_000_000_000 + Math.floor(rng.next() * 100_000_000_000);
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('ends the default period on 2026-10-31 whatever the length', () => {
    const p = periodFor(365);
    expect(isoTime(p.startMs)).toBe('2025-11-01T00:00:00.000Z');
    expect(isoTime(p.endMs - 1)).toBe('2026-10-31T23:59:59.999Z');
    expect(isoTime(periodFor(10, '2026-01-05').endMs)).toBe('2026-01-15T00:00:00.000Z');
  });

  it('knows Berlin summer time (last Sundays of March and October)', () => {
    expect(berlinLocal(Date.parse('2026-03-29T00:59:59Z'))).toBe('2026-03-29 01:59:59');
    expect(berlinLocal(Date.parse('2026-03-29T01:00:00Z'))).toBe('2026-03-29 03:00:00');
    expect(berlinLocal(Date.parse('2026-10-25T00:59:59Z'))).toBe('2026-10-25 02:59:59');
    expect(berlinLocal(Date.parse('2026-10-25T01:00:00Z'))).toBe('2026-10-25 02:00:00');
    expect(berlinLocal(Date.parse('2026-07-01T12:00:00Z'))).toBe('2026-07-01 14:00:00');
    expect(berlinLocal(Date.parse('2026-01-01T12:00:00Z'))).toBe('2026-01-01 13:00:00');
  });

  it('converts Berlin wall-clock time to UTC', () => {
    expect(isoTime(berlinToUtc(Date.parse('2026-07-01T00:00:00Z'), 14 * 3600))).toBe('2026-07-01T12:00:00.000Z');
    expect(isoTime(berlinToUtc(Date.parse('2026-01-01T00:00:00Z'), 14 * 3600))).toBe('2026-01-01T13:00:00.000Z');
  });

  it('counts weekdays from Monday', () => {
    expect(weekday(Date.parse('2026-10-26T10:00:00Z'))).toBe(0);
    expect(weekday(Date.parse('2026-11-01T10:00:00Z'))).toBe(6);
  });

  it('keeps store visits within opening hours', () => {
    const rng = new Rng('store');
    for (let i = 0; i < 1000; i++) {
      const hour = Math.floor(secondOfDay(rng, 'store') / 3600);
      expect(hour).toBeGreaterThanOrEqual(9);
      expect(hour).toBeLessThan(20);
    }
  });
});
