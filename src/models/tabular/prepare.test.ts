import { describe, expect, it } from 'vitest';
import { checkSameColumns, prepareHeldOut, prepareTraining } from './prepare.js';
import { tableFromRows, type Table } from './table.js';
import { chooseTarget } from './target.js';

/** 40 rows: a weak signal in tenure and plan, an id, a constant, an all-missing column and a target. */
function churnTable(extra: (i: number) => Record<string, string> = () => ({})): Table {
  const rows = Array.from({ length: 40 }, (_, i) => {
    const churn = i % 4 === 0 || i % 7 === 0;
    return {
      customerID: `C-${String(1000 + i)}`,
      plan: ['basic', 'pro', 'team'][i % 3]!,
      tenure: i % 9 === 0 ? ' ' : String(churn ? (i % 12) + 1 : (i % 30) + 5),
      country: 'FR',
      fax: '',
      Churn: churn ? 'Yes' : 'No',
      ...extra(i),
    };
  });
  const columns = Object.keys(rows[0]!);
  return tableFromRows(columns, rows.map((r) => columns.map((c) => (r as Record<string, string>)[c]!)));
}

const target = (t: Table, positive?: string) => chooseTarget('Churn', t.values[t.columns.indexOf('Churn')]!, positive);

describe('prepareTraining', () => {
  it('drops ids, constant and empty columns with a warning naming each, and reads blanks in numbers as missing', () => {
    const t = churnTable();
    const p = prepareTraining(t, target(t));
    expect(p.idColumn).toBe('customerID');
    expect(p.dataset.names).toEqual(['plan=basic', 'plan=pro', 'plan=team', 'tenure']);
    const byColumn = Object.fromEntries(p.warnings.map((w) => [w.column, w]));
    expect(byColumn['customerID']).toMatchObject({ code: 'id-column' });
    expect(byColumn['country']).toMatchObject({ code: 'constant-column' });
    expect(byColumn['fax']).toMatchObject({ code: 'empty-column' });
    expect(byColumn['tenure']).toMatchObject({ code: 'missing-values', message: expect.stringMatching(/5 blank values of 40/) });
    expect(p.balance).toMatchObject({ rows: 40, positives: 14 });
    expect(p.columns.find((c) => c.name === 'plan')).toMatchObject({ role: 'feature', type: 'categorical', features: 3 });
    expect(p.leaky).toEqual([]);
  });

  it('counts text in a number column', () => {
    const t = churnTable((i) => ({ spend: i === 5 ? 'unknown' : String(i * 2.5) }));
    const p = prepareTraining(t, target(t));
    expect(p.warnings.find((w) => w.column === 'spend')).toMatchObject({ code: 'text-in-number-column', message: expect.stringMatching(/1 non-numeric value/) });
  });

  it('refuses a target with one class among the training rows', () => {
    const t = churnTable((i) => ({ Churn: i < 0 ? 'Yes' : 'No' }));
    expect(() => target(t)).toThrow(/one class \(No\)/);
    // The class can also vanish from the training rows alone, with --positive naming a value.
    expect(() => prepareTraining(t, { column: 'Churn', positive: 'Yes', negative: 'No', chosenBy: 'user' })).toThrow(/one class/);
  });

  it('flags a leaky column, and drops it when asked', () => {
    const t = churnTable((i) => ({ cancelled_on: i % 4 === 0 || i % 7 === 0 ? `2024-03-${String((i % 28) + 1).padStart(2, '0')}` : '' }));
    const flagged = prepareTraining(t, target(t));
    expect(flagged.leaky).toEqual(['cancelled_on']);
    expect(flagged.signals[0]).toMatchObject({ column: 'cancelled_on', auc: 1 });
    expect(flagged.warnings.find((w) => w.code === 'leaky-column')?.message).toMatch(/cancelled_on alone predicts Churn with ROC AUC 1.000/);
    expect(flagged.dataset.names).toContain('cancelled_on');
    const dropped = prepareTraining(t, target(t), { dropLeaky: true });
    expect(dropped.dataset.names).not.toContain('cancelled_on');
    expect(dropped.columns.find((c) => c.name === 'cancelled_on')?.role).toBe('dropped');
  });

  it('refuses more features than rows', () => {
    const t = churnTable((i) => ({ code: `K${String(i % 20)}`, code2: `Z${String(i % 20)}` }));
    expect(() => prepareTraining(t, target(t), { minLevelCount: 1, maxLevels: 50 })).toThrow(/40 training rows but 4[0-9] features/);
  });

  it('keeps sensitive columns out of the features unless told otherwise', () => {
    const t = churnTable((i) => ({ gender: i % 2 ? 'Male' : 'Female' }));
    expect(prepareTraining(t, target(t), { sensitive: ['gender'] }).dataset.names).not.toContain('gender=Male');
    expect(prepareTraining(t, target(t), { sensitive: ['gender'], excludeSensitive: false }).dataset.names).toContain('gender=Male');
    expect(() => prepareTraining(t, target(t), { sensitive: ['race'] })).toThrow(/no column race/);
  });
});

describe('held-out rows', () => {
  it('names the missing and extra columns of a test file', () => {
    expect(() => checkSameColumns(['a', 'b', 'Churn'], ['a', 'Churn', 'c'])).toThrow(/lacks b and has columns the training file does not: c/);
    expect(() => checkSameColumns(['a', 'b'], ['b', 'a'])).not.toThrow();
  });

  it('encodes them like the training rows and refuses a target value training did not have', () => {
    const t = churnTable();
    const p = prepareTraining(t, target(t));
    const test = tableFromRows(t.columns, [
      ['C-1', 'gold', '3', 'FR', '', 'Yes'],
      ['C-2', 'pro', '10', 'FR', '', 'No'],
    ]);
    const h = prepareHeldOut(test, p.encoder, target(t));
    expect(Array.from(h.dataset.y)).toEqual([1, 0]);
    expect(Array.from(h.dataset.x.data.subarray(0, 4))).toEqual([0, 0, 0, 3]);
    expect(h.warnings).toEqual([expect.objectContaining({ code: 'unseen-levels', column: 'plan' })]);
    const bad = tableFromRows(t.columns, [['C-1', 'pro', '3', 'FR', '', 'Maybe']]);
    expect(() => prepareHeldOut(bad, p.encoder, target(t))).toThrow(/values training did not: Maybe/);
  });
});
