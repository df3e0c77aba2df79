import { describe, expect, it } from 'vitest';
import { costInRange, parsePeriod, parseSpendCsv, returnOnSpend } from './spend.js';

const KNOWN = ['direct', 'paid_search', 'email', 'paid_social'];

describe('spend file', () => {
  it('reads months, days and ranges, normalises channel names and warns about the rest', () => {
    const file = parseSpendCsv(
      [
        'Channel,Period,Cost',
        'Paid Search,2024-02,2900',
        'email,2024-02-10,"1,5"',
        'paid-social,2024-02-01..2024-02-14,700',
        'tv,2024-02,10000',
        'email,last week,5',
        'direct,2024-02-03/2024-02-01,5',
      ].join('\n'),
      KNOWN,
    );
    expect(file.rows).toEqual([
      { channel: 'paid_search', from: '2024-02-01', to: '2024-02-29', cost: 2900 },
      { channel: 'paid_social', from: '2024-02-01', to: '2024-02-14', cost: 700 },
    ]);
    expect(file.warnings[0]).toMatch(/unknown channel "tv" skipped; the channels are direct, paid_search, email, paid_social/);
    expect(file.warnings.join('\n')).toMatch(/line 3: cost "1,5"/);
    expect(file.warnings.join('\n')).toMatch(/line 6: period "last week"/);
    expect(file.warnings.join('\n')).toMatch(/line 7: period "2024-02-03\/2024-02-01"/);
  });

  it('a file without the three columns is a RangeError naming what it has', () => {
    expect(() => parseSpendCsv('channel,euros\nemail,3', KNOWN)).toThrow(/channel, period and cost columns; it has: channel, euros/);
  });

  it('periods', () => {
    expect(parsePeriod('2023-02')).toEqual({ from: '2023-02-01', to: '2023-02-28' });
    expect(parsePeriod('2024-01-01 to 2024-01-07')).toEqual({ from: '2024-01-01', to: '2024-01-07' });
    expect(parsePeriod('2024-13')).toBeNull();
    expect(parsePeriod('2024-02-30')).toBeNull();
  });

  it('prorates a period to the days inside the range', () => {
    const cost = costInRange(
      [
        { channel: 'email', from: '2024-02-01', to: '2024-02-29', cost: 290 }, // 10 a day
        { channel: 'email', from: '2024-03-01', to: '2024-03-31', cost: 310 }, // 10 a day
        { channel: 'direct', from: '2024-04-01', to: '2024-04-30', cost: 50 }, // outside
      ],
      '2024-02-20',
      '2024-03-05',
    );
    expect(cost.get('email')).toBeCloseTo(150, 9); // 10 days of February + 5 of March
    expect(cost.has('direct')).toBe(false);
  });

  it('ROI and cost per acquisition; null without cost or conversions', () => {
    expect(returnOnSpend(300, 4, 100)).toEqual({ roi: 2, cpa: 25 });
    expect(returnOnSpend(300, 0, 0)).toEqual({ roi: null, cpa: null });
    expect(returnOnSpend(0, 0, 100)).toEqual({ roi: -1, cpa: null });
  });
});
