import { describe, expect, it } from 'vitest';
import { chooseTarget, classBalance, encodeTarget } from './target.js';

describe('chooseTarget', () => {
  it('takes the yes-like value as positive', () => {
    expect(chooseTarget('Churn', ['No', 'Yes', 'No'])).toMatchObject({ positive: 'Yes', negative: 'No', chosenBy: 'yes-like' });
    expect(chooseTarget('bought', ['0', '1', '1', '1'])).toMatchObject({ positive: '1', negative: '0' });
  });

  it('takes the minority otherwise, or the value the user names', () => {
    expect(chooseTarget('status', ['stayed', 'left', 'stayed'])).toMatchObject({ positive: 'left', chosenBy: 'minority' });
    expect(chooseTarget('status', ['stayed', 'left', 'stayed'], 'stayed')).toMatchObject({ positive: 'stayed', negative: 'left', chosenBy: 'user' });
  });

  it('refuses one class, more than two without --positive, and an unknown --positive', () => {
    expect(() => chooseTarget('Churn', ['No', 'No', ' '])).toThrow(/one class \(No\)/);
    expect(() => chooseTarget('tier', ['a', 'b', 'c'])).toThrow(/3 values.*--positive/);
    expect(() => chooseTarget('Churn', ['No', 'Yes'], 'yes')).toThrow(/no such value/);
  });

  it('allows one value against the rest when named', () => {
    const t = chooseTarget('tier', ['a', 'b', 'c', 'a'], 'a');
    expect(t.negative).toBe('not a');
    expect(Array.from(encodeTarget(t, ['a', 'b', 'c', 'a']).y)).toEqual([1, 0, 0, 1]);
  });
});

describe('encodeTarget', () => {
  it('leaves out rows without a target and reports the balance', () => {
    const t = chooseTarget('Churn', ['Yes', 'No', '', 'No']);
    const e = encodeTarget(t, ['Yes', 'No', '', 'No']);
    expect(e).toMatchObject({ rows: [0, 1, 3], missing: 1 });
    expect(classBalance(e.y)).toEqual({ rows: 3, positives: 1, negatives: 2, positiveRate: 1 / 3 });
  });
});
