import { describe, expect, it } from 'vitest';
import { aspectSentiments } from './aspects.js';
import { emotions } from './emotion.js';

describe('emotions', () => {
  it('finds the dominant category and respects negation', () => {
    expect(emotions('I am so angry, this is unacceptable and rude').dominant).toBe('anger');
    expect(emotions('So happy with it, I love it!').dominant).toBe('joy');
    expect(emotions('I was worried it would be unsafe').dominant).toBe('fear');
    expect(emotions('not happy').matches).toBe(0);
    expect(emotions('😡').dominant).toBe('anger');
  });

  it('answers no emotion for empty text', () => {
    const e = emotions('');
    expect(e.dominant).toBeNull();
    expect(e.scores.joy).toBe(0);
  });
});

describe('aspectSentiments', () => {
  it('gives each aspect the sentiment of its sentences', () => {
    const a = aspectSentiments('Delivery was fast and the courier was friendly. Sadly the strap broke after a week! Great price.');
    const by = Object.fromEntries(a.map((x) => [x.aspect, x.label]));
    expect(by['delivery']).toBe('positive');
    expect(by['quality']).toBe('negative');
    expect(by['price']).toBe('positive');
    expect(by['website']).toBeUndefined();
  });

  it('judges each side of a "but" apart', () => {
    const by = Object.fromEntries(aspectSentiments('The price is great but the support was rude and useless').map((x) => [x.aspect, x.label]));
    expect(by).toEqual({ price: 'positive', service: 'negative' });
  });

  it('finds nothing in a text without aspects', () => {
    expect(aspectSentiments('')).toEqual([]);
    expect(aspectSentiments('hello there')).toEqual([]);
  });
});
