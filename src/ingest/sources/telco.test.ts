import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DATA, tempDir } from '../../../test/temp.js';
import { openStore, type Store } from '../../store/index.js';
import type { ImportReport } from '../report.js';
import { importFiles } from '../run-import.js';
import { telco } from './telco.js';
import { balanced } from '../../../test/balanced.js';
import { replaceField } from '../../../test/csv-line.js';

const DIR = join(SHARED_DATA, 'telco-customer-churn');
const FILE = join(DIR, 'Telco-Customer-Churn.csv');
const hasData = existsSync(FILE);
if (!hasData) console.warn(`telco tests skipped: the data set is missing (${DIR})`);


describe.skipIf(!hasData)('telco source on the real file', () => {
  let store: Store;
  let first: ImportReport;

  beforeAll(async () => {
    store = await openStore({ location: ':memory:' });
    first = await importFiles(store, { files: [FILE], source: telco });
  });
  afterAll(() => store.close());

  it('makes 7,043 customers, 1,869 of them churned', async () => {
    balanced(first);
    expect(first).toMatchObject({ rowsRead: 7_043, accepted: 7_043, duplicates: 0, quarantined: 0 });
    const rows = await store.query(
      `SELECT count(*) AS customers, count(*) FILTER (WHERE (traits->>'$.churn')::BOOLEAN) AS churned,
         (SELECT count(*) FROM identities WHERE kind = 'crm_id') AS identities FROM customers`,
    );
    expect(rows).toEqual([{ customers: 7_043, churned: 1_869, identities: 7_043 }]);
  });

  it('counts the 11 blank TotalCharges as missing, not rejected', async () => {
    expect(first.missing['TotalCharges']).toBe(11);
    const rows = await store.query(
      `SELECT count(*) AS n, max((traits->>'$.tenure_months')::INT) AS tenure FROM customers WHERE traits->>'$.total_charges' IS NULL`,
    );
    expect(rows).toEqual([{ n: 11, tenure: 0 }]);
  });

  it('types every column into the traits of customer 7590-VHVEG', async () => {
    const rows = await store.query<{ traits: string }>(
      `SELECT c.traits FROM identities i JOIN customers c USING (customer_id) WHERE i.value_hash = cairn_hmac('telco:7590-VHVEG')`,
    );
    expect(JSON.parse(rows[0]!.traits)).toEqual({
      senior_citizen: false,
      tenure_months: 1,
      monthly_charges: 29.85,
      total_charges: 29.85,
      partner: true,
      dependents: false,
      phone_service: false,
      paperless_billing: true,
      churn: false,
      gender: 'female',
      multiple_lines: 'no phone service',
      internet_service: 'dsl',
      online_security: 'no',
      online_backup: 'yes',
      device_protection: 'no',
      tech_support: 'no',
      streaming_tv: 'no',
      streaming_movies: 'no',
      contract: 'month-to-month',
      payment_method: 'electronic check',
    });
  });

  it('adds nothing when the file is imported again', async () => {
    const again = await importFiles(store, { files: [FILE], source: telco });
    balanced(again);
    expect(again).toMatchObject({ accepted: 0, duplicates: 7_043 });
    expect(await store.query(`SELECT count(*) AS n FROM customers`)).toEqual([{ n: 7_043 }]);
  });
});

describe.skipIf(!hasData)('telco quarantine and snapshots, one real row damaged per reason', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  const lines = hasData ? readFileSync(FILE, 'utf8').split('\n') : [];
  const header = lines[0] ?? '';
  const good = lines.slice(1, 31);
  const line = (i: number): string => good[i] ?? '';
  // Columns: 0 customerID, 2 SeniorCitizen, 5 tenure, 18 MonthlyCharges, 19 TotalCharges, 20 Churn.
  const damaged: [reason: string, bad: string][] = [
    ['missing id', replaceField(line(0), 0, '')],
    ['wrong type', replaceField(line(1), 5, 'abc')],
    ['wrong type', replaceField(line(2), 2, '2')],
    ['wrong type', replaceField(line(3), 20, 'Maybe')],
    ['out of range', replaceField(line(4), 5, '-3')],
    ['negative price', replaceField(line(5), 18, '-29.85')],
  ];

  it.each(damaged)('puts a row with %s in quarantine with its raw text and accepts the rest', async (reason, bad) => {
    const file = join(tmp.dir, `${reason.replace(/ /g, '-')}.csv`);
    const rest = good.slice(10, 20);
    writeFileSync(file, [header, ...rest.slice(0, 5), bad, ...rest.slice(5), ''].join('\n'));
    const store = await openStore({ location: ':memory:' });
    try {
      const report = await importFiles(store, { files: [file], source: telco });
      balanced(report);
      expect(report.quarantine.map((q) => q.reason)).toEqual([reason]);
      expect(report.accepted).toBe(rest.length);
      const q = await store.query<{ raw: string; line: number }>(`SELECT raw, line FROM quarantine`);
      expect(q).toHaveLength(1);
      expect(q[0]!.line).toBe(7); // the file line: header, five good rows, then the damaged one
      expect(Object.values(JSON.parse(q[0]!.raw) as Record<string, string>).join(',')).toBe(bad);
    } finally {
      await store.close();
    }
  });

  it('replaces the traits of a customer whose later snapshot has churned', async () => {
    const rows = good.slice(0, 10);
    const before = join(tmp.dir, 'before.csv');
    const after = join(tmp.dir, 'after.csv');
    writeFileSync(before, [header, ...rows, ''].join('\n'));
    writeFileSync(after, [header, replaceField(rows[0]!, 20, 'Yes'), ...rows.slice(1), ''].join('\n'));
    const store = await openStore({ location: ':memory:' });
    try {
      balanced(await importFiles(store, { files: [before], source: telco }));
      const later = await importFiles(store, { files: [after], source: telco });
      balanced(later);
      expect(later).toMatchObject({ accepted: 1, duplicates: 9 });
      const id = rows[0]!.split(',')[0]!;
      const churn = await store.query(
        `SELECT (c.traits->>'$.churn')::BOOLEAN AS churn FROM identities i JOIN customers c USING (customer_id) WHERE i.value_hash = cairn_hmac('telco:' || ?)`,
        [id],
      );
      expect(churn).toEqual([{ churn: true }]);
    } finally {
      await store.close();
    }
  });
});
