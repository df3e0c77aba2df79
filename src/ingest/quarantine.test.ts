import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp.js';
import { openStore, type Store } from '../store/index.js';
import { listQuarantine } from './quarantine.js';
import { replayQuarantine, resolveReplaySource } from './replay-quarantine.js';
import { resolveSource } from './resolve-source.js';
import { importFiles } from './run-import.js';

let store: Store;
let dir: string;
let cleanup: () => void;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  store = await openStore({ location: ':memory:' });
});
afterEach(async () => {
  await store.close();
  cleanup();
});

function write(name: string, content: string | object): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const mapping = (formats: string[]) => ({
  name: 'pos',
  table: 'orders',
  currency: 'GBP',
  columns: { order_id: { from: 'Receipt' }, ts: { from: 'Date', formats }, revenue: { from: 'Total' } },
});

describe('quarantine list and replay', () => {
  it('accepts rows a fixed mapping can read, keeps the rest with their new reason, and replays once', async () => {
    const csv = write(
      'pos.csv',
      ['Receipt,Date,Total', 'r1,13/12/2010 08:26,15.30', 'r2,24/12/2010 17:05,3.00', 'r3,25/12/2010 09:00,abc', 'r4,soon,1.00', 'r5,12/01/2011 10:00,2.00'].join('\n'),
    );
    const wrong = write('wrong.json', mapping(['%m/%d/%Y %H:%M']));
    const first = await importFiles(store, { files: [csv], source: await resolveSource(wrong, [csv]) });
    // 12/01/2011 reads as 1 December under the wrong format: accepted, not quarantined.
    expect(first).toMatchObject({ accepted: 1, quarantined: 4 });
    const listed = await listQuarantine(store, { source: 'pos' });
    expect(listed.total).toBe(4);
    expect(listed.byReason).toEqual([{ reason: 'unparseable date', count: 4 }]);
    expect(listed.entries[0]).toMatchObject({ source: 'pos', file: csv, line: 2, reason: 'unparseable date' }); // line 1 is the header
    expect(JSON.parse(listed.entries[0]!.raw)).toEqual({ Receipt: 'r1', Date: '13/12/2010 08:26', Total: '15.30' });

    const fixed = write('fixed.json', mapping(['%d/%m/%Y %H:%M']));
    const replay = await replayQuarantine(store, { source: await resolveReplaySource(store, fixed) });
    expect(replay).toMatchObject({ selected: 4, accepted: 2, duplicates: 0, stillQuarantined: 2, notReplayable: 0 });
    expect(replay.remaining).toEqual([
      { reason: 'unparseable date', count: 1 },
      { reason: 'wrong type', count: 1 },
    ]);
    const orders = await store.query<{ order_id: string; ts: string }>(`SELECT order_id, ts FROM orders WHERE order_id IN ('r1', 'r2') ORDER BY 1`);
    expect(orders).toEqual([
      { order_id: 'r1', ts: '2010-12-13T08:26:00.000Z' },
      { order_id: 'r2', ts: '2010-12-24T17:05:00.000Z' },
    ]);
    const rows = await store.query<{ line: number; reason: string; replayed: boolean }>(
      'SELECT line, reason, replayed_at IS NOT NULL AS replayed FROM quarantine ORDER BY line',
    );
    expect(rows).toEqual([
      { line: 2, reason: 'unparseable date', replayed: true },
      { line: 3, reason: 'unparseable date', replayed: true },
      { line: 4, reason: 'wrong type', replayed: false },
      { line: 5, reason: 'unparseable date', replayed: false },
    ]);
    expect((await listQuarantine(store, { source: 'pos', includeReplayed: true })).total).toBe(4);

    const again = await replayQuarantine(store, { source: await resolveReplaySource(store, fixed), ids: [1, 2] });
    expect(again).toMatchObject({ selected: 0, accepted: 0 });
    expect(await store.query('SELECT count(*) AS n FROM orders')).toEqual([{ n: 3 }]);
  });

  it('replays JSON lines as the lines they were', async () => {
    const file = write('events.jsonl', ['{"id":"a","at":"01.03.2024 10:00"}', '{"id":"b","at":"02.03.2024 11:30"}', 'not json'].join('\n'));
    const events = (formats: string[]) => ({ name: 'app', table: 'events', columns: { event_id: { from: 'id' }, ts: { from: 'at', formats } } });
    await importFiles(store, { files: [file], source: await resolveSource(write('e1.json', events(['%Y-%m-%d %H:%M'])), [file]) });
    expect((await listQuarantine(store)).byReason).toEqual([
      { reason: 'unparseable date', count: 2 },
      { reason: 'invalid json', count: 1 },
    ]);
    const replay = await replayQuarantine(store, { source: await resolveReplaySource(store, write('e2.json', events(['%d.%m.%Y %H:%M']))), reason: 'unparseable date' });
    expect(replay).toMatchObject({ selected: 2, accepted: 2, stillQuarantined: 0 });
    expect((await listQuarantine(store)).byReason).toEqual([{ reason: 'invalid json', count: 1 }]);
  });
});

describe('replay of a source that reads whole lines', () => {
  it('re-stages the raw CDNOW line: a still-bad date stays, nothing is "not replayable"', async () => {
    const file = write('cdnow.txt', ' 00001 19970101  1   11.77\r\n 00002 19971345  1   12.00\r\n 00003 19970112  2   20.76\r\n');
    const source = await resolveSource('cdnow');
    const report = await importFiles(store, { files: [file], source });
    expect(report.quarantine.map((q) => q.reason)).toEqual(['unparseable date']);
    const replay = await replayQuarantine(store, { source });
    expect(replay).toMatchObject({ selected: 1, notReplayable: 0, accepted: 0, stillQuarantined: 1 });
    const left = await listQuarantine(store, {});
    expect(left.entries.map((r) => r.raw)).toEqual([' 00002 19971345  1   12.00']);
  });
});

describe('a blank line in a line-based file', () => {
  it('is quarantined as a missing field, the rest of the file accepted, and the stored report holds no raw text', async () => {
    const file = write('blank.txt', ' 00001 19970101  1   11.77\r\n\r\n 00003 19970112  2   20.76\r\n');
    const report = await importFiles(store, { files: [file], source: await resolveSource('cdnow') });
    expect(report).toMatchObject({ rowsRead: 3, accepted: 2, quarantined: 1 });
    expect(report.quarantine).toEqual([{ reason: 'missing field', count: 1, example: expect.objectContaining({ line: 2, raw: '' }) }]);
    const [stored] = await store.query<{ report: string }>('SELECT report FROM imports');
    expect(JSON.parse(stored!.report) as { quarantine: { example: Record<string, unknown> }[] }).toMatchObject({ quarantine: [{ example: { line: 2 } }] });
    expect(stored!.report).not.toContain('"raw"');
  });
});
