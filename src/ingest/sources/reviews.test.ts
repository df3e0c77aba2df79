import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DATA, tempDir } from '../../../test/temp.js';
import { openStore, type Store } from '../../store/index.js';
import type { ImportReport } from '../report.js';
import { importFiles } from '../run-import.js';
import { reviews } from './reviews.js';
import { balanced } from '../../../test/balanced.js';

const DIR = join(SHARED_DATA, 'sentiment-labelled-sentences');
const FILES = ['amazon_cells_labelled.txt', 'imdb_labelled.txt', 'yelp_labelled.txt'].map((f) => join(DIR, f));
const hasData = FILES.every((f) => existsSync(f));
if (!hasData) console.warn(`reviews tests skipped: the data set is missing (${DIR})`);


describe.skipIf(!hasData)('reviews source on the three real files', () => {
  let store: Store;
  let first: ImportReport;

  beforeAll(async () => {
    store = await openStore({ location: ':memory:' });
    first = await importFiles(store, { files: FILES, source: reviews });
  });
  afterAll(() => store.close());

  it('makes 3,000 texts, half of them positive, 1,000 per site', async () => {
    balanced(first);
    expect(first).toMatchObject({ rowsRead: 3_000, accepted: 3_000, duplicates: 0, quarantined: 0 });
    const rows = await store.query(`SELECT channel, count(*) AS n, count(*) FILTER (WHERE label = 'positive') AS positive FROM texts GROUP BY channel ORDER BY channel`);
    expect(rows).toEqual([
      { channel: 'amazon', n: 1_000, positive: 500 },
      { channel: 'imdb', n: 1_000, positive: 500 },
      { channel: 'yelp', n: 1_000, positive: 500 },
    ]);
  });

  it('keeps imdb sentences with stray quotes and U+0085 whole', async () => {
    const rows = await store.query<{ quotes: number; nel: number }>(
      `SELECT count(*) FILTER (WHERE body LIKE '%"%') AS quotes, count(*) FILTER (WHERE strpos(body, chr(133)) > 0) AS nel FROM texts WHERE channel = 'imdb'`,
    );
    expect(rows[0]?.quotes).toBeGreaterThan(0);
    expect(rows[0]?.nel).toBeGreaterThan(0);
    const first = await store.query(`SELECT body, label FROM texts WHERE body LIKE 'A very, very, very slow-moving%'`);
    expect(first).toEqual([{ body: 'A very, very, very slow-moving, aimless movie about a distressed, drifting young man.', label: 'negative' }]);
  });

  it('adds nothing when the files are imported again', async () => {
    const again = await importFiles(store, { files: FILES, source: reviews });
    balanced(again);
    expect(again).toMatchObject({ accepted: 0, duplicates: 3_000 });
    expect(await store.query(`SELECT count(*) AS n FROM texts`)).toEqual([{ n: 3_000 }]);
  });
});

describe.skipIf(!hasData)('reviews quarantine, one real line damaged per reason', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  const good = hasData ? readFileSync(FILES[2]!, 'utf8').split('\n').slice(0, 20) : [];
  const line = (i: number): string => good[i] ?? '';
  const damaged: [reason: string, bad: string][] = [
    ['wrong type', line(0).replace(/\t\d$/, '\t2')],
    ['missing field', line(1).replace(/\t\d$/, '')],
    ['missing field', line(2).replace(/^.*\t/, '\t')],
  ];

  it.each(damaged)('puts a line with %s in quarantine with its raw text and accepts the rest', async (reason, bad) => {
    const file = join(tmp.dir, 'yelp_labelled.txt');
    const rest = good.slice(10, 20);
    writeFileSync(file, [...rest.slice(0, 5), bad, ...rest.slice(5), ''].join('\n'));
    const store = await openStore({ location: ':memory:' });
    try {
      const report = await importFiles(store, { files: [file], source: reviews });
      balanced(report);
      expect(report.quarantine.map((q) => q.reason)).toEqual([reason]);
      expect(report.accepted).toBe(rest.length);
      expect(await store.query(`SELECT raw, line FROM quarantine`)).toEqual([{ raw: bad, line: 6 }]);
      expect(await store.query(`SELECT DISTINCT channel FROM texts`)).toEqual([{ channel: 'yelp' }]);
    } finally {
      await store.close();
    }
  });
});
