import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DATA, tempDir } from '../../../test/temp.js';
import { openStore, type Store } from '../../store/index.js';
import type { ImportReport } from '../report.js';
import { importFiles } from '../run-import.js';
import { cdnow } from './cdnow.js';
import { balanced } from '../../../test/balanced.js';

const DIR = join(SHARED_DATA, 'cdnow-lifetimes');
const MASTER = join(DIR, 'CDNOW_master.txt');
const SAMPLE = join(DIR, 'CDNOW_sample.txt');
const hasData = existsSync(MASTER) && existsSync(SAMPLE);
if (!hasData) console.warn(`cdnow tests skipped: the data set is missing (${DIR})`);


const counts = `SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM order_items) AS items,
  (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM identities) AS identities, (SELECT count(*) FROM products) AS products`;

describe.skipIf(!hasData)('cdnow source on the full master file', () => {
  let store: Store;
  let first: ImportReport;

  beforeAll(async () => {
    store = await openStore({ location: ':memory:' });
    first = await importFiles(store, { files: [MASTER], source: cdnow });
  });
  afterAll(() => store.close());

  it('makes one order per line and finds 23,570 customers', async () => {
    balanced(first);
    expect(first.rowsRead).toBe(69_659); // 69,659 purchases; the lifetimes header line is skipped
    expect(first.accepted).toBe(69_659);
    expect(first.duplicates).toBe(0);
    expect(first.quarantined).toBe(0);
    expect(await store.query(counts)).toEqual([{ orders: 69_659, items: 69_659, customers: 23_570, identities: 23_570, products: 1 }]);
  });

  it('keeps the dollar total of the raw file', async () => {
    // The oracle reads the file on its own: the last number of each line after the header.
    const oracle = await store.query<{ total: string }>(
      `SELECT sum(regexp_extract(line, '(\\S+)\\s*$', 1)::DECIMAL(18,2))::VARCHAR AS total
       FROM read_csv('${MASTER}', header=true, columns={'line': 'VARCHAR'}, delim='\\x1f', quote='', auto_detect=false)`,
    );
    const stored = await store.query<{ total: string; usd: number }>(
      `SELECT sum(revenue)::DECIMAL(18,2)::VARCHAR AS total, count(*) FILTER (WHERE currency = 'USD') AS usd FROM orders`,
    );
    expect(stored[0]?.total).toBe(oracle[0]?.total);
    expect(stored[0]?.usd).toBe(69_659);
  });

  it('keeps same-day repeat purchases as separate orders', async () => {
    const raw = await store.query<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT line FROM read_csv('${MASTER}', header=true, columns={'line': 'VARCHAR'}, delim='\\x1f', quote='', auto_detect=false))
       GROUP BY line HAVING count(*) > 1 ORDER BY n DESC LIMIT 1`,
    );
    expect(raw[0]?.n).toBeGreaterThan(1); // identical lines exist in the log
    const days = await store.query<{ n: number }>(`SELECT count(*) AS n FROM orders WHERE order_id LIKE '%:2'`);
    expect(days[0]?.n).toBeGreaterThan(1000);
  });

  it('stores customer 1 pseudonymised, with its first and last purchase day', async () => {
    const rows = await store.query(
      `SELECT c.first_seen, c.last_seen FROM identities i JOIN customers c USING (customer_id)
       WHERE i.kind = 'crm_id' AND i.value_hash = cairn_hmac('cdnow:1')`,
    );
    expect(rows).toEqual([{ first_seen: '1997-01-01T00:00:00.000Z', last_seen: '1997-01-01T00:00:00.000Z' }]);
  });

  it('adds nothing when the master file, or the sample drawn from it, is imported again', async () => {
    const before = await store.query(counts);
    const again = await importFiles(store, { files: [MASTER, SAMPLE], source: cdnow });
    balanced(again);
    expect(again.accepted).toBe(0);
    expect(again.duplicates).toBe(again.rowsRead);
    expect(await store.query(counts)).toEqual(before);
  });
});

describe.skipIf(!hasData)('cdnow sample file (master_id sample_id date cds dollars, no header)', () => {
  it('loads the 2,357-customer sample', async () => {
    const store = await openStore({ location: ':memory:' });
    try {
      const report = await importFiles(store, { files: [SAMPLE], source: cdnow });
      balanced(report);
      expect(report).toMatchObject({ rowsRead: 6_919, accepted: 6_919, duplicates: 0, quarantined: 0 });
      expect(await store.query(`SELECT count(*) AS n FROM customers`)).toEqual([{ n: 2_357 }]);
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(!hasData)('cdnow quarantine, one real line damaged per reason', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  const lines = hasData ? readFileSync(MASTER, 'utf8').split('\r\n') : [];
  const header = lines[0] ?? '';
  const good = lines.slice(1, 41);
  const line = (i: number): string => good[i] ?? '';
  // Each damage takes a real fixed-width line (` 00001 19970101  1   11.77`) and breaks one field.
  const damaged: [reason: string, bad: string][] = [
    ['unparseable date', line(0).replace(/ 1997\d{4} /, ' 19971345 ')],
    ['negative price', line(1).replace(/ +[\d.]+$/, '  -11.77')],
    ['wrong type', line(2).replace(/^( \d{5} \d{8}) +\d+/, '$1  x')],
    ['missing id', line(3).replace(/^ \d{5}/, '      ')],
    ['missing field', line(4).replace(/ +[\d.]+$/, '')],
    ['extra field', `${line(5)}  7`],
    ['out of range', line(6).replace(/^( \d{5} \d{8}) +\d+/, '$1 -2')],
    ['zero quantity', line(7).replace(/^( \d{5} \d{8}) +\d+/, '$1  0')],
  ];

  it.each(damaged)('puts a line with %s in quarantine with its raw text and accepts the rest', async (reason, bad) => {
    const file = join(tmp.dir, `${reason.replace(/ /g, '-')}.txt`);
    const rest = good.slice(20, 30);
    writeFileSync(file, [header, ...rest.slice(0, 5), bad, ...rest.slice(5), ''].join('\r\n'));
    const store = await openStore({ location: ':memory:' });
    try {
      const report = await importFiles(store, { files: [file], source: cdnow });
      balanced(report);
      expect(report.quarantine.map((q) => q.reason)).toEqual([reason]);
      expect(report.accepted).toBe(rest.length);
      const q = await store.query(`SELECT raw, line, file FROM quarantine`);
      expect(q).toEqual([{ raw: bad, line: 7, file }]);
    } finally {
      await store.close();
    }
  });
});
