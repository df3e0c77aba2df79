import { describe, expect, it } from 'vitest';
import { parseLabelled } from './labelled.js';

describe('parseLabelled', () => {
  it('reads text<TAB>label lines, the label after the last separator', () => {
    const r = parseLabelled('Good case.\t1\nA\ttab inside\t0\n\n');
    expect(r.texts).toEqual(['Good case.', 'A\ttab inside']);
    expect(r.labels).toEqual(['1', '0']);
    expect(r.problems).toEqual([]);
  });

  it('names the lines it cannot read', () => {
    const r = parseLabelled('no separator here\n\t1\nsome text\t\nfine\tpos');
    expect(r.problems.map((p) => p.line)).toEqual([1, 2, 3]);
    expect(r.problems[1]!.reason).toBe('no text');
    expect(r.texts).toEqual(['fine']);
    expect(parseLabelled('a;b;pos', ';').texts).toEqual(['a;b']);
  });
});
