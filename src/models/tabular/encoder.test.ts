import { describe, expect, it } from 'vitest';
import { encodeTable, featureSources, fitEncoder, OTHER_LEVEL } from './encoder.js';
import { inferColumn } from './infer-types.js';
import { tableFromRows } from './table.js';

const train = tableFromRows(
  ['plan', 'tenure', 'paper'],
  [
    ['basic', '1', 'Yes'],
    ['basic', '2', 'No'],
    ['pro', '3', 'Yes'],
    ['pro', ' ', 'No'],
    ['basic', '5', 'Yes'],
    ['team', '6', 'No'],
    ['', '7', 'Yes'],
  ],
);
const profiles = train.columns.map((c, i) => inferColumn(c, train.values[i]!));

describe('fitEncoder / encodeTable', () => {
  it('one-hot encodes categoricals, pools rare levels into other, and keeps numbers and booleans', () => {
    const enc = fitEncoder(train, profiles, { minLevelCount: 2 });
    expect(enc.names).toEqual(['plan=basic', 'plan=pro', `plan=${OTHER_LEVEL}`, 'tenure', 'paper']);
    expect(featureSources(enc)[2]).toEqual({ column: 'plan', type: 'categorical', level: null });
    const { x } = encodeTable(enc, train);
    const row = (r: number): number[] => Array.from(x.data.subarray(r * x.cols, (r + 1) * x.cols));
    expect(row(0)).toEqual([1, 0, 0, 1, 1]);
    expect(row(3)).toEqual([0, 1, 0, Number.NaN, 0]);
    expect(row(5)).toEqual([0, 0, 1, 6, 0]);
    expect(row(6)).toEqual([0, 0, 0, 7, 1]); // missing category: no level
  });

  it('caps the levels kept', () => {
    const enc = fitEncoder(train, profiles, { maxLevels: 1, minLevelCount: 1 });
    expect(enc.names.slice(0, 2)).toEqual(['plan=basic', `plan=${OTHER_LEVEL}`]);
  });

  it('encodes a new file the same way, counting unseen levels and unparsable values', () => {
    const enc = fitEncoder(train, profiles, { minLevelCount: 2 });
    const test = tableFromRows(
      ['paper', 'tenure', 'plan'],
      [
        ['No', '4', 'pro'],
        ['Yes', 'soon', 'enterprise'],
        ['maybe', '9', 'team'],
      ],
    );
    const { x, unseen, unparsed } = encodeTable(enc, test);
    expect(Array.from(x.data.subarray(0, 5))).toEqual([0, 1, 0, 4, 0]);
    expect(Array.from(x.data.subarray(5, 10))).toEqual([0, 0, 0, Number.NaN, 1]); // enterprise: never seen
    expect(Array.from(x.data.subarray(10, 15))).toEqual([0, 0, 1, 9, Number.NaN]); // team: a pooled training level
    expect(unseen).toEqual({ plan: 1 });
    expect(unparsed).toEqual({ tenure: 1, paper: 1 });
  });

  it('names the columns a file lacks', () => {
    const enc = fitEncoder(train, profiles);
    expect(() => encodeTable(enc, tableFromRows(['plan'], [['pro']]))).toThrow(/lacks columns the model uses: tenure, paper/);
  });

  it('is plain JSON', () => {
    const enc = fitEncoder(train, profiles);
    expect(JSON.parse(JSON.stringify(enc))).toEqual(enc);
  });
});
