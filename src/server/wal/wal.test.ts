import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/temp.js';
import { WriteAheadLog } from './wal.js';

let tmp: ReturnType<typeof tempDir>;
afterEach(() => tmp.cleanup());

describe('WriteAheadLog', () => {
  it('writes concurrent appends whole, in groups, and hands closed segments to the loader', async () => {
    tmp = tempDir('cairn-wal-');
    const wal = await WriteAheadLog.open({ dir: tmp.dir, segmentBytes: 4096 });
    const line = (i: number) => Buffer.from(`{"n":${i},"pad":"${'x'.repeat(100)}"}\n`);
    // Four waves of 50 concurrent appends: each wave is written (and synced) as one group, and a
    // segment is closed once past 4 KB.
    for (let wave = 0; wave < 4; wave++) await Promise.all(Array.from({ length: 50 }, (_, i) => wal.append(line(wave * 50 + i), 1)));
    expect(wal.backlog.events).toBe(200);
    await wal.rollIfDue(true);
    const closed = wal.closedSegments();
    expect(closed.map((s) => s.events)).toEqual([50, 50, 50, 50]);
    const lines = closed.flatMap((s) => readFileSync(s.path, 'utf8').split('\n').filter(Boolean));
    expect(lines.map((l) => (JSON.parse(l) as { n: number }).n).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(wal.closedSegments(1).length).toBe(1); // at least one, however small the budget
    await wal.checkpoint(closed);
    expect(wal.backlog.events).toBe(0);
    await wal.close();
    expect(readdirSync(tmp.dir)).toEqual([]); // the empty current segment goes too
  });

  it('on open, keeps what an earlier run left, cut back to its last whole line', async () => {
    tmp = tempDir('cairn-wal-');
    writeFileSync(join(tmp.dir, 'seg-000000000007.jsonl'), '{"a":1}\n{"a":2}\n{"a":3, "cut off by a cra');
    writeFileSync(join(tmp.dir, 'seg-000000000008.jsonl'), '');
    const wal = await WriteAheadLog.open({ dir: tmp.dir });
    const [left, ...rest] = wal.closedSegments();
    expect(rest).toEqual([]);
    expect(left).toMatchObject({ events: 2, bytes: 16 });
    expect(readFileSync(left!.path, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
    await wal.append(Buffer.from('{"a":4}\n'), 1);
    await wal.close();
    // New lines go to a segment after the ones found.
    expect(readdirSync(tmp.dir).sort()).toEqual(['seg-000000000007.jsonl', 'seg-000000000009.jsonl']);
  });
});
