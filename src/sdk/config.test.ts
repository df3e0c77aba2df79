import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';

const HOST = 'https://cairn.example.com';

describe('resolveConfig', () => {
  it('fills the defaults: the host cairn.js came from, everything captured, consent not required', () => {
    expect(resolveConfig({ writeKey: ' cw_key ' }, HOST)).toEqual({
      writeKey: 'cw_key',
      host: HOST,
      consentRequired: false,
      autocapture: { pageviews: true, clicks: true, rageClicks: true, deadClicks: true, scroll: true, forms: true },
      flushAt: 20,
      flushIntervalMs: 2000,
      cookieDomain: undefined,
    });
  });

  it('takes the site’s choices', () => {
    const c = resolveConfig({ writeKey: 'k', host: 'http://localhost:3000/', consent: 'required', autocapture: { clicks: false }, flushAt: 5, flushInterval: 500 }, HOST);
    expect(c).toMatchObject({ host: 'http://localhost:3000', consentRequired: true, flushAt: 5, flushIntervalMs: 500 });
    expect(typeof c === 'object' && c.autocapture).toMatchObject({ clicks: false, rageClicks: true });
    expect(resolveConfig({ writeKey: 'k', autocapture: false }, HOST)).toMatchObject({ autocapture: { pageviews: false, forms: false } });
  });

  it('says what is wrong with options that cannot work', () => {
    expect(resolveConfig({ writeKey: '' }, HOST)).toMatch(/writeKey/);
    expect(resolveConfig({ writeKey: 'k', host: 'cairn.example.com' }, HOST)).toMatch(/http\(s\) URL/);
    expect(resolveConfig({ writeKey: 'k', consent: 'yes' as never }, HOST)).toMatch(/"required"/);
  });
});
