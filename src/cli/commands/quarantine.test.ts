import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { tempDir } from '../../../test/temp.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function write(name: string, content: string): string {
  const path = join(tmp.dir, name);
  writeFileSync(path, content);
  return path;
}

const mapping = (format: string) =>
  JSON.stringify({ name: 'till', table: 'orders', currency: 'EUR', columns: { order_id: { from: 'id' }, ts: { from: 'at', formats: [format] }, revenue: { from: 'total' } } });

describe('cairn quarantine', () => {
  it('lists what a mapping rejected and replays it with the fixed mapping', async () => {
    const db = join(tmp.dir, 'q.duckdb');
    const csv = write('till.csv', 'id,at,total\nt1,31.01.2024 10:00,9.50\nt2,01.02.2024 12:00,4.00\n');
    expect((await runCli('--db', db, 'import', csv, '--source', write('typo.json', '{"name":"till","tabel":"orders"}'))).code).toBe(2);
    const imported = await runCli('--db', db, 'import', csv, '--source', write('wrong.json', mapping('%Y-%m-%d %H:%M')), '--json');
    expect(JSON.parse(imported.stdout)).toMatchObject({ accepted: 0, quarantined: 2 });

    const listed = await runCli('--db', db, 'quarantine', 'list', '--source', 'till', '--json');
    expect(JSON.parse(listed.stdout)).toMatchObject({ total: 2, byReason: [{ reason: 'unparseable date', count: 2 }] });
    const text = await runCli('--db', db, 'quarantine', 'list');
    expect(text.stdout).toMatch(/till\.csv:2\s+unparseable date/);

    const replayed = await runCli('--db', db, 'quarantine', 'replay', '--source', write('fixed.json', mapping('%d.%m.%Y %H:%M')), '--json');
    expect(replayed.code).toBe(0);
    expect(JSON.parse(replayed.stdout)).toMatchObject({ selected: 2, accepted: 2, stillQuarantined: 0 });
    expect((await runCli('--db', db, 'quarantine', 'list')).stdout).toMatch(/empty/);
    expect((await runCli('--db', db, 'quarantine', 'list', '--limit', 'x')).code).toBe(2);
  });
});
