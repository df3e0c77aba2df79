import { describe, expect, it } from 'vitest';
import { inferColumn, nameLooksLikeId, parseBoolean, parseDate, parseNumber } from './infer-types.js';

const many = (n: number, f: (i: number) => string | null): (string | null)[] => Array.from({ length: n }, (_, i) => f(i));

describe('inferColumn', () => {
  it('reads numbers, with blanks as missing (Telco TotalCharges)', () => {
    const p = inferColumn('TotalCharges', many(50, (i) => (i % 10 === 0 ? ' ' : String(20 + i * 3.5))));
    expect(p).toMatchObject({ type: 'number', missing: 5, nonNumeric: 0 });
  });

  it('keeps a number column with a little text as numbers and counts the text', () => {
    const p = inferColumn('age', many(40, (i) => (i === 3 ? 'unknown' : i === 7 ? 'n/a' : String(20 + (i % 30)))));
    expect(p).toMatchObject({ type: 'number', nonNumeric: 1, missing: 2 });
  });

  it('calls a column that is mostly text categorical', () => {
    const p = inferColumn('plan', many(40, (i) => (i % 3 === 0 ? String(i) : ['basic', 'pro'][i % 2]!)));
    expect(p.type).toBe('categorical');
  });

  it('finds booleans in yes/no, true/false and 0/1', () => {
    expect(inferColumn('Partner', many(20, (i) => (i % 3 ? 'Yes' : 'No'))).type).toBe('boolean');
    expect(inferColumn('flag', many(20, (i) => (i % 2 ? 'TRUE' : 'false'))).type).toBe('boolean');
    expect(inferColumn('SeniorCitizen', many(20, (i) => (i % 4 ? '0' : '1'))).type).toBe('boolean');
  });

  it('keeps two arbitrary values categorical', () => {
    expect(inferColumn('gender', many(20, (i) => (i % 2 ? 'Male' : 'Female'))).type).toBe('categorical');
  });

  it('finds ids: unique codes, and numbered rows', () => {
    expect(inferColumn('customerID', many(30, (i) => `${1000 + i}-ABCD`))).toMatchObject({ type: 'id', distinct: 30 });
    expect(inferColumn('row', many(30, (i) => String(i + 1))).type).toBe('id');
    expect(inferColumn('user_id', many(30, (i) => String(i * 7 + 3))).type).toBe('id');
  });

  it('does not take a continuous measure that happens to be unique for an id', () => {
    expect(inferColumn('MonthlyCharges', many(30, (i) => (20 + i * 1.37).toFixed(2))).type).toBe('number');
    expect(inferColumn('visits', many(30, (i) => String(i * 7 + 3))).type).toBe('number');
  });

  it('finds free text and dates', () => {
    expect(inferColumn('comment', many(20, (i) => `the service was fine on day ${i} but slow`)).type).toBe('text');
    expect(inferColumn('signup', many(20, (i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}`)).type).toBe('date');
  });

  it('finds constant and empty columns', () => {
    expect(inferColumn('country', many(20, () => 'FR')).type).toBe('constant');
    expect(inferColumn('notes', many(20, (i) => (i % 2 ? '' : null))).type).toBe('empty');
    // One value and some blanks says something (present or not): categorical.
    expect(inferColumn('coupon', many(20, (i) => (i % 2 ? 'SUMMER' : ''))).type).toBe('categorical');
  });
});

describe('parsers', () => {
  it('parse numbers, booleans and dates strictly', () => {
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('12abc')).toBeNaN();
    expect(parseBoolean('Yes')).toBe(1);
    expect(parseBoolean('0.0')).toBe(0);
    expect(parseBoolean('maybe')).toBeNaN();
    expect(parseDate('1970-01-02')).toBe(1);
    expect(parseDate('yesterday')).toBeNaN();
  });

  it('recognises id-like names', () => {
    expect(nameLooksLikeId('customerID')).toBe(true);
    expect(nameLooksLikeId('order_no')).toBe(true);
    expect(nameLooksLikeId('paid')).toBe(false);
    expect(nameLooksLikeId('tenure')).toBe(false);
  });
});
