import { describe, expect, it } from 'vitest';
import { lexiconSentiment } from './lexicon.js';

describe('lexiconSentiment', () => {
  it('scores English with VADER rules: negation, boosters, capitals', () => {
    const good = lexiconSentiment('The food was good');
    const notGood = lexiconSentiment('The food was not good');
    const veryGood = lexiconSentiment('The food was VERY GOOD!!!');
    expect(good.label).toBe('positive');
    expect(notGood.label).toBe('negative');
    expect(veryGood.score!).toBeGreaterThan(good.score!);
    expect(good.score!).toBeLessThanOrEqual(1);
    expect(notGood.score!).toBeGreaterThanOrEqual(-1);
  });

  it('answers "no text" for empty input, whitespace or only markup', () => {
    for (const t of ['', '   ', '<p></p>', 'https://example.com/x']) {
      const s = lexiconSentiment(t);
      expect(s.notScored).toBe('no text');
      expect(s.score).toBeNull();
    }
  });

  it('reads emoji', () => {
    expect(lexiconSentiment('😡😡').label).toBe('negative');
    expect(lexiconSentiment('😀 👍').label).toBe('positive');
    expect(lexiconSentiment('🦒').label).toBe('neutral');
  });

  it('strips HTML and links', () => {
    const s = lexiconSentiment('<p>Great <b>phone</b></p><script>var bad = 1</script> http://bad.example.com');
    expect(s.label).toBe('positive');
  });

  it('cuts 1 MB of text at the limit and says so', () => {
    const s = lexiconSentiment('great '.repeat(200_000));
    expect(s.truncated).toBe(true);
    expect(s.label).toBe('positive');
    expect(lexiconSentiment('great').truncated).toBe(false);
  });

  it('does not score other languages', () => {
    const s = lexiconSentiment('Das Produkt ist nicht gut und ich bin sehr enttäuscht');
    expect(s.notScored).toBe('language not supported');
    expect(s.language).toBe('de');
    expect(s.message).toMatch(/English only/);
    expect(lexiconSentiment('Le produit est très bien, je suis content').language).toBe('fr');
  });
});
