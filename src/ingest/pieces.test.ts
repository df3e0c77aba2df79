import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp.js';
import { batchesOf, piecesOf } from './pieces.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('piecesOf', () => {
  const file = join(tmp.dir, 'lines.jsonl');
  const lines = Array.from({ length: 500 }, (_, i) => JSON.stringify({ messageId: `m${i}`, n: 'x'.repeat(i % 37) }));
  writeFileSync(file, `${lines.join('\n')}\n`);

  it('cuts a large line-based file into whole lines that add up to the file, numbered from its first line', async () => {
    const seen: { text: string; firstLine: number; last: boolean }[] = [];
    for await (const piece of piecesOf(file, true, 4000)) seen.push({ text: readFileSync(piece.path, 'utf8'), firstLine: piece.firstLine, last: piece.last });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.map((p) => p.text).join('')).toBe(readFileSync(file, 'utf8'));
    for (const p of seen.slice(0, -1)) expect(p.text.endsWith('\n')).toBe(true);
    let line = 1;
    for (const p of seen) {
      expect(p.firstLine).toBe(line);
      expect(p.text.split('\n')[0]).toBe(lines[line - 1]);
      line += p.text.split('\n').length - 1;
    }
    expect(seen.map((p) => p.last)).toEqual([...seen.slice(1).map(() => false), true]);
  });

  it('leaves a small file, or one that is not line-based, whole', async () => {
    const whole = [];
    for await (const piece of piecesOf(file, true)) whole.push(piece);
    expect(whole).toEqual([{ path: file, file, firstLine: 1, bytes: readFileSync(file).length, last: true }]);
    const csv = [];
    for await (const piece of piecesOf(file, false, 4000)) csv.push(piece);
    expect(csv).toHaveLength(1);
  });

  it('groups small files with the same header and keeps each piece of a large file alone', async () => {
    const small = [join(tmp.dir, 'a.csv'), join(tmp.dir, 'b.csv'), join(tmp.dir, 'c.csv')];
    for (const f of small) writeFileSync(f, 'x\n1\n');
    const header = (f: string) => (f.endsWith('c.csv') ? 'other' : 'x');
    const groups: string[][] = [];
    for await (const batch of batchesOf(small, false, (a, b) => header(a) === header(b))) groups.push(batch.map((p) => p.file.split('/').pop()!));
    expect(groups).toEqual([['a.csv', 'b.csv'], ['c.csv']]);
    const big: number[] = [];
    for await (const batch of batchesOf([file], true, () => true, 4000)) big.push(batch.length);
    expect(big.every((n) => n === 1)).toBe(true);
    expect(big.length).toBeGreaterThan(3);
  });
});
