import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../prng.js';
import { dayNumber, isoDay, weekday } from './calendar.js';
import { forecastSeries } from './forecast.js';
import { holidayCalendar, parseHolidaysCsv, type Holiday } from './holidays.js';
import { fitRegression, predictRegression } from './regression.js';

const START = '2023-01-02'; // a Monday
const WEEK = [0, 4, 2, -3, 8, 30, -20];

/** Orders a day: trend + weekly pattern + noise, with `holidayLift` added on the holiday dates. */
function shop(n: number, seed: number, holidays: readonly Holiday[] = [], holidayLift = 0): Float64Array {
  const random = mulberry32(seed);
  const first = dayNumber(START);
  const lifted = new Set(holidays.map((h) => dayNumber(h.date) - first));
  return Float64Array.from({ length: n }, (_, t) => {
    const v = 120 + 0.08 * t + WEEK[weekday(first + t)]! + 6 * gaussian(random) + (lifted.has(t) ? holidayLift : 0);
    return Math.max(0, Math.round(v));
  });
}

/** A "sale day" on the 15th of each month, and Black Friday. */
function saleDays(n: number): Holiday[] {
  const first = dayNumber(START);
  const out: Holiday[] = [];
  for (let t = 0; t < n; t++) {
    const iso = isoDay(first + t);
    if (iso.endsWith('-15')) out.push({ date: iso, name: 'sale day' });
  }
  return out;
}

describe('forecastSeries', () => {
  it('beats seasonal naive in the back-test of a trend + weekly season series, and says which model it used', () => {
    const y = shop(300, 11);
    const f = forecastSeries(y, { start: START, horizon: 28 });
    const naive = f.backtest!.scores.find((s) => s.model === 'seasonal-naive')!;
    const chosen = f.backtest!.scores[0]!;
    expect(chosen.model).toBe(f.model);
    expect(f.model).not.toBe('seasonal-naive');
    expect(chosen.mase!).toBeLessThan(naive.mase! * 0.85);
    expect(chosen.smape).toBeLessThan(naive.smape);
    // The choosing itself, scored without hindsight on the later origins, still wins.
    const selected = f.backtest!.selected!;
    expect(selected.origins).toBeGreaterThanOrEqual(3);
    expect(selected.mase!).toBeLessThan(selected.seasonalNaive.mase!);
    expect(f.description.length).toBeGreaterThan(10);
    expect(f.yhat).toHaveLength(28);
    expect(f.dates[0]).toBe(isoDay(dayNumber(START) + 300));
    // The weekly pattern is in the forecast: Saturdays (index 5) above Sundays.
    const sat = f.yhat.filter((_, h) => weekday(dayNumber(f.dates[h]!)) === 5);
    const sun = f.yhat.filter((_, h) => weekday(dayNumber(f.dates[h]!)) === 6);
    expect(Math.min(...sat)).toBeGreaterThan(Math.max(...sun) + 30);
  });

  it('gives 80% and 95% intervals that cover about that share of the back-test and of the next weeks', () => {
    let inside80 = 0;
    let inside95 = 0;
    let points = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const y = shop(280 + 28, seed);
      const f = forecastSeries(y.subarray(0, 280), { start: START, horizon: 28 });
      const c80 = f.backtest!.coverage.find((c) => c.level === 0.8)!.share;
      const c95 = f.backtest!.coverage.find((c) => c.level === 0.95)!.share;
      expect(c80).toBeGreaterThan(0.6);
      expect(c95).toBeGreaterThan(0.82);
      const [i80, i95] = f.intervals;
      for (let h = 0; h < 28; h++) {
        const v = y[280 + h]!;
        points++;
        if (v >= i80!.lower[h]! && v <= i80!.upper[h]!) inside80++;
        if (v >= i95!.lower[h]! && v <= i95!.upper[h]!) inside95++;
        expect(i95!.lower[h]!).toBeLessThanOrEqual(i80!.lower[h]!);
        expect(i95!.upper[h]!).toBeGreaterThanOrEqual(i80!.upper[h]!);
      }
    }
    expect(inside80 / points).toBeGreaterThan(0.65);
    expect(inside80 / points).toBeLessThan(0.95);
    expect(inside95 / points).toBeGreaterThan(0.85);
  });

  it('learns a yearly season from three years of history and picks the model that has one', () => {
    const random = mulberry32(2);
    const first = dayNumber(START);
    const y = Float64Array.from({ length: 3 * 365 }, (_, t) => 200 + 0.05 * t + 60 * Math.sin((2 * Math.PI * (first + t)) / 365.25) + WEEK[t % 7]! + 8 * gaussian(random));
    const f = forecastSeries(y, { start: START, horizon: 90 });
    expect(f.model).toMatch(/additive-yearly/);
    const yearly = f.backtest!.scores.find((s) => s.model === 'additive-yearly')!;
    const naive = f.backtest!.scores.find((s) => s.model === 'seasonal-naive')!;
    expect(yearly.mase!).toBeLessThan(naive.mase! / 2);
  });

  it('recovers an injected holiday effect and adds it to the next occurrence', () => {
    const n = 400;
    const holidays = saleDays(n + 60);
    const y = shop(n, 4, holidays, 60);
    const fit = fitRegression(y, { firstDay: dayNumber(START), holidays: holidayCalendar(holidays, dayNumber(START), n + 60), yearly: false });
    expect(fit.holidayEffects['sale day']).toBeGreaterThan(50);
    expect(fit.holidayEffects['sale day']).toBeLessThan(70);
    const ahead = predictRegression(fit, n, 60);
    const next = holidays.map((h) => dayNumber(h.date) - dayNumber(START) - n).find((t) => t >= 0 && t < 60)!;
    expect(ahead[next]! - (ahead[next - 7]! + ahead[next + 7]!) / 2).toBeGreaterThan(45);

    // The chosen model (whichever it is) carries the effect too.
    const f = forecastSeries(y, { start: START, horizon: 60, holidays });
    const learnt = f.holidayEffects.find((e) => e.holiday === 'sale day')!;
    expect(learnt.unit === 'percent' ? learnt.change / 100 * 120 : learnt.change).toBeGreaterThan(40);
    expect(f.yhat[next]! - (f.yhat[next - 7]! + f.yhat[next + 7]!) / 2).toBeGreaterThan(40);
  });

  it('falls back to the daily mean, with a flag and a message, below two weeks', () => {
    const f = forecastSeries(Float64Array.from([5, 7, 6, 9, 4, 8, 6, 7, 5, 6]), { start: START, horizon: 7 });
    expect(f.fallback).toBe('mean');
    expect(f.model).toBe('mean');
    expect(f.yhat.every((v) => Math.abs(v - 6.3) < 1e-9)).toBe(true);
    expect(f.notes[0]).toMatch(/at least 14 \(two weeks\)/);
    expect(f.intervals.every((i) => i.lower.every(Number.isFinite) && i.upper.every(Number.isFinite))).toBe(true);
  });

  it('forecasts zero for an all-zero series, and refuses a series with no values', () => {
    const f = forecastSeries(new Float64Array(60), { start: START, horizon: 14 });
    expect(f.fallback).toBe('all-zero');
    expect(f.yhat.every((v) => v === 0)).toBe(true);
    expect(() => forecastSeries(new Float64Array(20).fill(Number.NaN), { start: START })).toThrow(/no values/);
  });

  it('takes gaps (NaN days) without producing NaN, and back-tests a short history on a shorter horizon', () => {
    const y = shop(50, 9);
    for (let t = 20; t < 27; t++) y[t] = Number.NaN;
    const f = forecastSeries(y, { start: START, horizon: 28 });
    expect(f.yhat.every(Number.isFinite)).toBe(true);
    expect(f.intervals.every((i) => i.lower.every(Number.isFinite) && i.upper.every(Number.isFinite))).toBe(true);
    expect(nonFinite(f)).toEqual([]);
    expect(f.backtest!.horizon).toBeLessThan(28);
    expect(f.notes.join(' ')).toMatch(/back-test checks \d+-day forecasts/);
    const short = forecastSeries(shop(20, 2), { start: START, horizon: 7 });
    expect(short.backtest).toBeNull();
    expect(short.model).toBe('ets-damped');
    expect(short.intervalMethod).toBe('model');
    expect(short.yhat.every(Number.isFinite)).toBe(true);
  });
});

/** Paths of every number in `value` that is NaN or infinite. */
function nonFinite(value: unknown, path = '$'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
  return [];
}

describe('odd series', () => {
  it('forecasts a constant series as that constant, with no NaN anywhere', () => {
    const f = forecastSeries(new Float64Array(70).fill(5), { start: START, horizon: 14 });
    expect(f.yhat.every((v) => Math.abs(v - 5) < 1e-6)).toBe(true);
    expect(nonFinite(f)).toEqual([]);
    expect(f.intervals.every((i) => i.lower.every(Number.isFinite) && i.upper.every(Number.isFinite))).toBe(true);
  });

  it('keeps a sparse series (most days zero) finite and non-negative', () => {
    const random = mulberry32(8);
    const y = Float64Array.from({ length: 120 }, () => (random() < 0.15 ? Math.round(50 * random()) : 0));
    const f = forecastSeries(y, { start: START, horizon: 28 });
    expect(f.yhat.every((v) => v >= 0)).toBe(true);
    expect(nonFinite(f)).toEqual([]);
    expect(f.intervals.every((i) => i.lower.every((v) => v >= 0) && i.upper.every(Number.isFinite))).toBe(true);
  });
});

describe('parseHolidaysCsv', () => {
  it('reads the bundled holiday lists', () => {
    const dir = new URL('./holidays/', import.meta.url);
    const br = parseHolidaysCsv(readFileSync(new URL('br-2016-2018.csv', dir), 'utf8'));
    expect(br.find((h) => h.name === 'Black Friday' && h.date === '2017-11-24')).toEqual({ date: '2017-11-24', name: 'Black Friday', lowerWindow: -1, upperWindow: 3 });
    expect(br.filter((h) => h.name === 'Tiradentes').map((h) => h.date)).toEqual(['2016-04-21', '2017-04-21', '2018-04-21']);
    const us = parseHolidaysCsv(readFileSync(new URL('us-1997-1998.csv', dir), 'utf8'));
    expect(us.find((h) => h.name === 'Thanksgiving' && h.date.startsWith('1997'))?.date).toBe('1997-11-27');
  });

  it("reads Cairn's and Prophet's column names, windows included", () => {
    const list = parseHolidaysCsv('\uFEFFds,holiday,lower_window,upper_window\n2017-11-24,Black Friday,0,3\n2017-12-25,"Christmas, Natal",-1,\n');
    expect(list).toEqual([
      { date: '2017-11-24', name: 'Black Friday', lowerWindow: 0, upperWindow: 3 },
      { date: '2017-12-25', name: 'Christmas, Natal', lowerWindow: -1 },
    ]);
    const cal = holidayCalendar(list, dayNumber('2017-11-20'), 10);
    expect(cal.keys).toEqual(['Black Friday', 'Black Friday +1', 'Black Friday +2', 'Black Friday +3']);
  });

  it('says what is wrong with a bad list', () => {
    expect(() => parseHolidaysCsv('day,what\n2017-01-01,x\n')).toThrow(/date \(or ds\) and name/);
    expect(() => parseHolidaysCsv('date,name\n2017-02-30,x\n')).toThrow(/line 2: "2017-02-30" is not a real date/);
  });
});
