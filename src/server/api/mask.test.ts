import { describe, expect, it } from 'vitest';
import { maskDetail, maskText, maskValue } from './mask.js';

describe('masking personal data', () => {
  it('replaces e-mail addresses anywhere in a text, URL-encoded too, and phone-number values', () => {
    expect(maskText('sent to Jo.Doe+shop@example.co.uk today')).toBe('sent to [redacted email] today');
    expect(maskText('https://shop.example/?e=jo%40example.com&x=1')).toBe('https://shop.example/?e=[redacted email]&x=1');
    expect(maskText('+49 30 1234567')).toBe('[redacted phone]');
    expect(maskText('(415) 555-0132')).toBe('[redacted phone]');
    expect(maskText('call +44 20 7946 0958 please')).toBe('call [redacted phone] please');
    // Bare digits are ids and times far more often than phone numbers.
    expect(maskText('1790946920472')).toBe('1790946920472');
    expect(maskText('ORD-1000001')).toBe('ORD-1000001');
  });

  it('drops identifying keys and traits at any depth, keeps product names in properties', () => {
    const props = {
      product_id: 'P1',
      name: 'Sunscreen SPF 50',
      price: 9.5,
      traits: { email: 'a@b.example' },
      shipping: { address: 'Main St 1', method: 'express', contact: { phone_number: '+4930123456', note: 'write to a@b.example' } },
      items: [{ sku: 'x', customerEmail: 'c@d.example' }],
    };
    expect(maskValue(props)).toEqual({
      product_id: 'P1',
      name: 'Sunscreen SPF 50',
      price: 9.5,
      shipping: { method: 'express', contact: { note: 'write to [redacted email]' } },
      items: [{ sku: 'x' }],
    });
  });

  it('treats an identify\'s properties as traits: names and ids go too', () => {
    expect(maskValue({ id: 'u1', name: 'Jo Doe', firstName: 'Jo', plan: 'pro', createdAt: '2024-01-01' }, 'traits')).toEqual({ plan: 'pro', createdAt: '2024-01-01' });
  });

  it('leaves the values a quarantine detail quotes out', () => {
    expect(maskDetail('Email "jo@ example" is not a valid email')).toBe('Email "…" is not a valid email');
    expect(maskDetail('timestamp "0000-00-00 00:00:00"')).toBe('timestamp "…"');
    expect(maskDetail('neither userId nor anonymousId')).toBe('neither userId nor anonymousId');
    expect(maskDetail(null)).toBeNull();
  });
});
