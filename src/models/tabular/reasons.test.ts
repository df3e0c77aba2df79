import { describe, expect, it } from 'vitest';
import { fitEncoder } from './encoder.js';
import { inferColumn } from './infer-types.js';
import { reasonsInWords } from './reasons.js';
import { tableFromRows } from './table.js';

describe('reasonsInWords', () => {
  it('sums one-hot contributions per column and words the largest first', () => {
    const table = tableFromRows(
      ['Contract', 'tenure'],
      [
        ['Month-to-month', '2'],
        ['Two year', '60'],
        ['Month-to-month', ''],
        ['Two year', '30'],
      ],
    );
    const encoder = fitEncoder(table, table.columns.map((c, i) => inferColumn(c, table.values[i]!)), { minLevelCount: 1 });
    expect(encoder.names).toEqual(['Contract=Month-to-month', 'Contract=Two year', 'tenure']);
    // Per row: three features, then the bias.
    const values = Float64Array.from([0.9, 0, 0.4, -1, 0, -0.2, 0, 0.1, -1.9, 0, 0.3, 0, 0, 0, 0, -1]);
    const reasons = reasonsInWords({ values, rows: 4, cols: 3 }, encoder, table, { top: 2 });
    expect(reasons[0]).toEqual([
      { column: 'Contract', value: 'Month-to-month', contribution: 0.9, text: 'Contract = Month-to-month raises risk' },
      { column: 'tenure', value: '2', contribution: 0.4, text: 'tenure = 2 raises risk' },
    ]);
    expect(reasons[1]!.map((r) => r.text)).toEqual(['Contract = Two year lowers risk']);
    expect(reasons[2]![0]).toMatchObject({ column: 'Contract', contribution: -1.9 });
    expect(reasons[2]![1]?.text).toBe('tenure = missing raises risk');
    expect(reasons[3]).toEqual([]);
  });
});
