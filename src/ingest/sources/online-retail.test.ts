import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DATA, tempDir } from '../../../test/temp.js';
import { openStore, type Store } from '../../store/index.js';
import { ImportError } from '../errors.js';
import type { ImportReport } from '../report.js';
import { importFiles } from '../run-import.js';
import { onlineRetail } from './online-retail.js';
import { balanced } from '../../../test/balanced.js';
import { replaceField } from '../../../test/csv-line.js';

const SAMPLE = join(SHARED_DATA, 'online-retail-sample');
const hasData = existsSync(SAMPLE);
if (!hasData) console.warn(`online-retail tests skipped: the data set is missing (${SAMPLE})`);


describe.skipIf(!hasData)('online-retail source on the real sample', () => {
  let store: Store;
  let first: ImportReport;
  const files = ['2010-12-01.csv', '2011-03-01.csv', '2011-06-01.csv'].map((f) => join(SAMPLE, f));

  beforeAll(async () => {
    store = await openStore({ location: ':memory:' });
    first = await importFiles(store, { files, source: onlineRetail });
  });
  afterAll(() => store.close());

  it('accounts for every line', async () => {
    balanced(first);
    // The oracle: DuckDB's own reading of the same files, independent of the source's SQL.
    const raw = await store.query<{ n: number; invoices: number; customers: number; distinct_rows: number }>(
      `SELECT count(*) AS n, count(DISTINCT InvoiceNo) AS invoices, count(DISTINCT CustomerID) AS customers,
         (SELECT count(*) FROM (SELECT DISTINCT * FROM read_csv([${files.map((f) => `'${f}'`).join(',')}], all_varchar=true))) AS distinct_rows
       FROM read_csv([${files.map((f) => `'${f}'`).join(',')}], all_varchar=true)`,
    );
    const oracle = raw[0]!;
    expect(first.rowsRead).toBe(oracle.n);
    expect(first.duplicates).toBe(oracle.n - oracle.distinct_rows);
    expect(first.quarantined).toBe(0);
    const counts = await store.query(`SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM customers) AS customers`);
    expect(counts).toEqual([{ orders: oracle.invoices, customers: oracle.customers }]);
  });

  it('turns cancellations into returns of the same customer and guests into anonymous orders', async () => {
    // A cancellation with product lines; its value computed here from the raw file.
    const raw = await store.query<{ inv: string; rev: number }>(
      `SELECT InvoiceNo AS inv, round(sum(Quantity * UnitPrice), 2) AS rev FROM read_csv('${files[0]}')
       WHERE InvoiceNo LIKE 'C%' AND StockCode NOT IN ('D', 'M', 'POST') AND CustomerID IS NOT NULL
       GROUP BY InvoiceNo HAVING count(*) = count(DISTINCT StockCode) ORDER BY InvoiceNo LIMIT 1`,
    );
    const { inv, rev } = raw[0]!;
    const returns = await store.query<{ kind: string; customer_id: string | null; revenue: number }>(
      `SELECT kind, customer_id, round(revenue, 2) AS revenue FROM orders WHERE order_id = 'online-retail:' || ?`,
      [inv],
    );
    expect(rev).toBeLessThan(0);
    expect(returns).toEqual([{ kind: 'return', customer_id: expect.stringMatching(/^c_/), revenue: rev }]);
    const guests = await store.query<{ n: number }>(`SELECT count(*) AS n FROM orders WHERE customer_id IS NULL`);
    expect(guests[0]?.n).toBeGreaterThan(0);
  });

  it('keeps postage and fees out of products and revenue', async () => {
    const post = await store.query(`SELECT count(*) AS n FROM products WHERE product_id IN ('POST', 'M', 'D', 'DOT', 'BANK CHARGES', 'AMAZONFEE')`);
    expect(post).toEqual([{ n: 0 }]);
    const charges = await store.query<{ n: number }>(`SELECT count(*) AS n FROM order_charges WHERE code = 'POST'`);
    expect(charges[0]?.n).toBeGreaterThan(0);
    // Revenue equals the sum of product lines, computed here from the raw file.
    const oracle = await store.query<{ rev: number }>(
      `SELECT round(sum(Quantity * UnitPrice), 2) AS rev FROM (SELECT DISTINCT * FROM read_csv([${files.map((f) => `'${f}'`).join(',')}]))
       WHERE StockCode NOT IN ('POST','DOT','C2','D','M','BANK CHARGES','AMAZONFEE','CRUK','PADS','B','S')`,
    );
    const stored = await store.query<{ rev: number }>(`SELECT round(sum(revenue), 2) AS rev FROM orders`);
    expect(stored[0]?.rev).toBeCloseTo(oracle[0]!.rev, 2);
  });

  it('stores customer ids pseudonymised, findable by the keyed hash of 17850', async () => {
    const rows = await store.query<{ n: number }>(
      `SELECT count(*) AS n FROM identities i JOIN customers c USING (customer_id) WHERE i.kind = 'crm_id' AND i.value_hash = cairn_hmac('online-retail:17850')`,
    );
    expect(rows[0]?.n).toBe(1);
    const leaks = await store.query(`SELECT count(*) AS n FROM customers WHERE customer_id LIKE '%17850%'`);
    expect(leaks).toEqual([{ n: 0 }]);
    const uk = await store.query(`SELECT DISTINCT country FROM orders WHERE order_id = 'online-retail:536365'`);
    expect(uk).toEqual([{ country: 'GB' }]);
  });

  it('converts UK local time to UTC', async () => {
    // 2011-06-01 is in British Summer Time: 08:xx local is 07:xx UTC.
    const rows = await store.query<{ ts: string }>(`SELECT min(ts) AS ts FROM orders WHERE ts >= '2011-06-01' AND ts < '2011-06-02'`);
    const raw = await store.query<{ t: string }>(`SELECT min(InvoiceDate) AS t FROM read_csv('${join(SAMPLE, '2011-06-01.csv')}', all_varchar=true)`);
    const localHour = Number(raw[0]!.t.slice(11, 13));
    expect(new Date(rows[0]!.ts).getUTCHours()).toBe(localHour - 1);
  });

  it('adds nothing when the same files are imported again', async () => {
    const before = await store.query(`SELECT (SELECT count(*) FROM orders) o, (SELECT count(*) FROM order_items) i, (SELECT count(*) FROM customers) c`);
    const again = await importFiles(store, { files, source: onlineRetail });
    balanced(again);
    expect(again.accepted).toBe(0);
    expect(again.duplicates).toBe(again.rowsRead);
    expect(await store.query(`SELECT (SELECT count(*) FROM orders) o, (SELECT count(*) FROM order_items) i, (SELECT count(*) FROM customers) c`)).toEqual(before);
  });
});

describe.skipIf(!hasData)('online-retail quarantine, one real row damaged per reason', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  // Without the data set the suite is skipped; a stand-in line keeps the table below buildable.
  const stand = '545220,21955,DOORMAT UNION JACK,2,2011-03-01 08:30:00,7.95,14620.0,United Kingdom';
  const lines = hasData ? readFileSync(join(SAMPLE, '2011-03-01.csv'), 'utf8').split('\n') : ['header', ...Array<string>(20).fill(stand)];
  const header = lines[0] ?? '';
  const good = lines.slice(1, 21);
  // Each damage takes a real line and breaks one field.
  const damaged: [reason: string, line: string][] = [
    ['unparseable date', good[0]!.replace(/2011-03-01 \d\d:\d\d:\d\d/, '2011-13-45 25:00:00')],
    ['negative price', replaceField(good[1]!, 5, '-2.10')],
    ['missing id', replaceField(good[2]!, 0, '')],
    ['wrong type', replaceField(good[3]!, 3, 'twelve')],
    ['zero quantity', replaceField(good[4]!, 3, '0')],
    ['extra field', `${good[5]!},surplus`],
  ];
  // An unterminated quote runs to the end of the file, so that damage goes on the last line.
  const lastLine: [string, string] = ['broken quoting', good[6]!.replace(/,([A-Z ]+),/, ',"$1,')];

  it.each([...damaged, lastLine])('puts a row with %s in quarantine with its raw text and accepts the rest', async (reason, bad) => {
    const file = join(tmp.dir, `${reason.replace(/ /g, '-')}.csv`);
    const rest = good.slice(10, 20);
    const body = reason === lastLine[0] ? [...rest, bad] : [...rest.slice(0, 5), bad, ...rest.slice(5)];
    writeFileSync(file, [header, ...body, ''].join('\n'));
    const store = await openStore({ location: ':memory:' });
    try {
      const report = await importFiles(store, { files: [file], source: onlineRetail });
      balanced(report);
      expect(report.quarantine.map((q) => q.reason)).toEqual([reason]);
      expect(report.quarantined).toBe(1);
      expect(report.accepted + report.duplicates).toBe(rest.length);
      const q = await store.query<{ raw: string; line: number; file: string }>(`SELECT raw, line, file FROM quarantine`);
      expect(q).toHaveLength(1);
      const invoice = bad.split(',')[0]!;
      if (invoice) expect(q[0]!.raw).toContain(invoice);
      expect(q[0]!.file).toBe(file);
    } finally {
      await store.close();
    }
  });

  it('refuses a file of another export before writing anything, and names the right source', async () => {
    const file = join(tmp.dir, 'telco.csv');
    writeFileSync(file, 'customerID,gender,SeniorCitizen\n7590-VHVEG,Female,0\n');
    const store = await openStore({ location: ':memory:' });
    try {
      await expect(importFiles(store, { files: [file], source: onlineRetail })).rejects.toThrow(/has no columns "InvoiceNo".*the file has: customerID, gender, SeniorCitizen/);
      expect(await store.query('SELECT count(*) AS n FROM imports')).toEqual([{ n: 0 }]);
    } finally {
      await store.close();
    }
  });

  it('refuses a Latin-1 file and a binary file with a message that says what to do', async () => {
    const latin = join(tmp.dir, 'latin1.csv');
    writeFileSync(latin, Buffer.concat([Buffer.from(`${header}\n`), Buffer.from('536365,85123A,CAF\xc9 MUG,6,2011-03-01 08:26:00,2.55,17850.0,France\n', 'latin1')]));
    const binary = join(tmp.dir, 'sheet.csv');
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]));
    const store = await openStore({ location: ':memory:' });
    try {
      await expect(importFiles(store, { files: [latin], source: onlineRetail })).rejects.toThrow(/not UTF-8 .*iconv/);
      await expect(importFiles(store, { files: [binary], source: onlineRetail })).rejects.toBeInstanceOf(ImportError);
    } finally {
      await store.close();
    }
  });
});
