import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('reads one or more parts, largest unit first', () => {
    expect(parseDuration('30m')).toBe(1800);
    expect(parseDuration('1d')).toBe(86_400);
    expect(parseDuration('1d12h')).toBe(129_600);
    expect(parseDuration(' 2W ')).toBe(1_209_600);
    expect(parseDuration('1.5h')).toBe(5400);
    expect(parseDuration('1h 30m')).toBe(5400);
    expect(parseDuration('0h')).toBe(0);
  });
  it('is null for anything else', () => {
    for (const text of ['', 'soon', '30', 'm30', '1x', '30m1d', '1h1h', '-1d', '1d,2h']) expect(parseDuration(text), text).toBeNull();
  });
});
