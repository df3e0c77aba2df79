import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SHARED_DATA, tempDir } from '../../../test/temp.js';
import { openStore, type Store } from '../../store/index.js';
import { ImportError } from '../errors.js';
import type { ImportReport } from '../report.js';
import { resolveSource } from '../resolve-source.js';
import { importFiles } from '../run-import.js';

const RETAIL = join(SHARED_DATA, 'online-retail-sample', '2010-12-01.csv');
const TELCO = join(SHARED_DATA, 'telco-customer-churn', 'Telco-Customer-Churn.csv');
const hasData = existsSync(RETAIL) && existsSync(TELCO);
if (!hasData) console.warn(`mapping tests on real rows skipped: the data sets are missing (${RETAIL}, ${TELCO})`);

/** The first n data lines of a real file, with its header. */
function realLines(file: string, n: number): string[] {
  return readFileSync(file, 'utf8').split(/\r?\n/).slice(0, n + 1);
}

const ORDERS_MAPPING = {
  name: 'retail-invoices',
  table: 'order_items',
  timezone: 'Europe/London',
  columns: {
    order_id: { from: 'InvoiceNo', required: true },
    product_id: { from: 'StockCode' },
    quantity: { from: 'Quantity', type: 'decimal' },
    price: { from: 'UnitPrice', min: 0 },
  },
};

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
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

async function importWith(mapping: object, ...files: string[]): Promise<ImportReport> {
  const source = await resolveSource(write('mapping.json', mapping), files);
  return importFiles(store, { files, source });
}

async function reasons(): Promise<Record<string, string>> {
  const rows = await store.query<{ line: number; reason: string }>('SELECT line, reason FROM quarantine WHERE replayed_at IS NULL ORDER BY line');
  return Object.fromEntries(rows.map((r) => [String(r.line), r.reason]));
}

describe.skipIf(!hasData)('mapping files on real rows', () => {
  it('loads a CSV into orders, quarantines every kind of bad row, and adds nothing on re-import', async () => {
    const [header, ...rows] = realLines(RETAIL, 6);
    const good = rows.slice(0, 5);
    const base = good[0]!.split(',');
    const bad = (i: number, value: string) => base.map((v, j) => (j === i ? value : v)).join(',');
    const csv = write('invoices.csv', [header, ...good, bad(0, ''), bad(3, 'six'), bad(4, '2010-13-45 08:26:00'), bad(5, '-2.55')].join('\n'));
    const mapping = {
      name: 'retail-orders',
      table: 'orders',
      currency: 'GBP',
      timezone: 'Europe/London',
      columns: {
        order_id: { from: 'InvoiceNo', required: true },
        ts: { from: 'InvoiceDate', type: 'timestamp' },
        revenue: { from: 'UnitPrice', min: 0 },
        kind: { from: 'Quantity', type: 'integer' },
        customer_id: { from: 'CustomerID', parser: 'integerId', pseudonymise: 'crm_id' },
        country: { from: 'Country' },
      },
    };
    const first = await importWith(mapping, csv);
    expect(first.rowsRead).toBe(9);
    expect(first.quarantined).toBe(4);
    expect(first.accepted + first.duplicates).toBe(5);
    expect(Object.values(await reasons())).toEqual(['missing id', 'wrong type', 'unparseable date', 'negative price']);
    const orders = await store.query<{ order_id: string; currency: string; country: string; ts: string; customer_id: string }>('SELECT * FROM orders');
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ order_id: '536365', currency: 'GBP', country: 'GB', ts: '2010-12-01T08:26:00.000Z' });
    expect(orders[0]!.customer_id).toMatch(/^c_[0-9a-f]{20}$/);
    const ids = await store.query<{ kind: string; n: number }>('SELECT kind, count(*) AS n FROM identities GROUP BY kind');
    expect(ids).toEqual([{ kind: 'crm_id', n: 1 }]);

    const again = await importWith(mapping, csv);
    expect(again.accepted).toBe(0);
    // The rejected rows seen again are duplicates of the ones already waiting in the quarantine.
    expect(again.quarantined).toBe(0);
    expect(again.duplicates).toBe(9);
    expect(await store.query('SELECT count(*) AS n FROM orders')).toEqual([{ n: 1 }]);
    expect(await store.query('SELECT count(*) AS n FROM quarantine')).toEqual([{ n: 4 }]);
  });

  it('loads a CSV into customers with traits and a pseudonymised CRM id', async () => {
    const csv = write('telco.csv', realLines(TELCO, 20).join('\n'));
    const report = await importWith(
      {
        name: 'telco-crm',
        table: 'customers',
        columns: {
          customer_id: { from: 'customerID', pseudonymise: 'crm_id' },
          'traits.contract': { from: 'Contract', parser: 'category' },
          'traits.tenure_months': { from: 'tenure', type: 'integer' },
          'traits.monthly_charges': { from: 'MonthlyCharges', type: 'decimal', min: 0 },
          'traits.senior': { from: 'SeniorCitizen', type: 'boolean' },
        },
      },
      csv,
    );
    expect(report).toMatchObject({ rowsRead: 20, accepted: 20, quarantined: 0 });
    const rows = await store.query<{ traits: string }>(`SELECT traits FROM customers WHERE source = 'telco-crm' ORDER BY customer_id LIMIT 1`);
    const traits = JSON.parse(rows[0]!.traits) as Record<string, unknown>;
    expect(Object.keys(traits).sort()).toEqual(['contract', 'monthly_charges', 'senior', 'tenure_months']);
    expect(typeof traits['tenure_months']).toBe('number');
    expect(await store.query(`SELECT count(*) AS n FROM identities WHERE kind = 'crm_id'`)).toEqual([{ n: 20 }]);
    const raw = await store.query(`SELECT count(*) AS n FROM customers WHERE customer_id LIKE '%-%'`);
    expect(raw).toEqual([{ n: 0 }]);
  });

  it('reads a TSV', async () => {
    const tsv = write('invoices.tsv', realLines(RETAIL, 10).map((l) => l.split(',').join('\t')).join('\n'));
    const report = await importWith(ORDERS_MAPPING, tsv);
    expect(report).toMatchObject({ rowsRead: 10, accepted: 10, quarantined: 0 });
  });

  it('refuses a file without a mapped column before writing anything, naming what it has', async () => {
    const csv = write('invoices.csv', realLines(RETAIL, 3).join('\n'));
    const mapping = { ...ORDERS_MAPPING, columns: { ...ORDERS_MAPPING.columns, price: { from: 'Unit Price' } } };
    await expect(importWith(mapping, csv)).rejects.toThrow(/no column "Unit Price".*the file has: InvoiceNo, StockCode/);
    expect(await store.query('SELECT count(*) AS n FROM order_items')).toEqual([{ n: 0 }]);
  });
});

describe('mapping files on made-up rows', () => {
  it('reads JSON lines into events, with a line that is not JSON quarantined', async () => {
    const lines = [
      { id: 'e1', at: '2024-03-01T10:00:00Z', event: 'Product Viewed', user: 'u1', props: { sku: 'A1' } },
      { id: 'e2', at: '2024-03-01 11:00:00', event: 'Order Completed', user: 'u1', props: { total: 12.5 } },
    ].map((l) => JSON.stringify(l));
    const file = write('events.jsonl', [...lines, '{"id": "e3", "at": ', lines[0]].join('\n'));
    const report = await importWith(
      {
        name: 'app-events',
        table: 'events',
        timezone: 'Europe/Berlin',
        columns: {
          event_id: { from: 'id' },
          ts: { from: 'at' },
          name: { from: 'event' },
          user_id: { from: 'user', pseudonymise: 'user_id' },
          customer_id: { from: 'user', pseudonymise: 'crm_id' },
          properties: { from: 'props', type: 'json' },
        },
      },
      file,
    );
    expect(report).toMatchObject({ rowsRead: 4, accepted: 2, duplicates: 1, quarantined: 1 });
    expect(Object.values(await reasons())).toEqual(['invalid json']);
    const events = await store.query<{ ts: string; properties: string }>('SELECT ts, properties FROM events ORDER BY event_id');
    expect(events.map((e) => e.ts)).toEqual(['2024-03-01T10:00:00.000Z', '2024-03-01T10:00:00.000Z']);
    expect(JSON.parse(events[1]!.properties)).toEqual({ total: 12.5 });
  });

  it('reads a Parquet file', async () => {
    const file = join(dir, 'items.parquet');
    await store.exec(`COPY (SELECT * FROM (VALUES ('A1', 'Lamp', 'Home  Decor', 19.99), ('B2', 'Mug', 'Kitchen', 4.5), (NULL, 'Ghost', 'x', 1.0)) t(sku, title, cat, price))
      TO '${file}' (FORMAT parquet)`);
    const report = await importWith(
      { name: 'catalogue', table: 'products', columns: { product_id: { from: 'sku' }, name: { from: 'title' }, category: { from: 'cat' }, price: { from: 'price' } } },
      file,
    );
    expect(report).toMatchObject({ rowsRead: 3, accepted: 2, quarantined: 1 });
    expect(await store.query('SELECT product_id, category, price FROM products ORDER BY 1')).toEqual([
      { product_id: 'A1', category: 'home decor', price: 19.99 },
      { product_id: 'B2', category: 'kitchen', price: 4.5 },
    ]);
  });

  it('normalises phones in mixed formats to one E.164 number', async () => {
    const csv = write('crm.csv', ['id,phone', 'k1,030 1234567', 'k2,+49 (30) 123-4567', 'k3,0049301234567', 'k4,12'].join('\n'));
    const report = await importWith(
      { name: 'crm', table: 'customers', defaultRegion: 'DE', columns: { customer_id: { from: 'id', pseudonymise: 'crm_id' }, 'identities.phone': { from: 'phone' } } },
      csv,
    );
    expect(report).toMatchObject({ accepted: 3, quarantined: 1 });
    expect(Object.values(await reasons())).toEqual(['wrong type']);
    const hashes = await store.query<{ h: string; n: number; expected: string }>(
      `SELECT value_hash AS h, count(*) AS n, cairn_hmac('+49301234567') AS expected FROM identities WHERE kind = 'phone' GROUP BY 1`,
    );
    expect(hashes).toHaveLength(1);
    expect(hashes[0]).toMatchObject({ n: 3, h: hashes[0]!.expected });
  });

  it('names the mapping column when an expression does not work on the file', async () => {
    const csv = write('o.csv', 'id,when,qty,price\no1,2024-01-01,2,3.5\n');
    const mapping = { name: 'x', table: 'orders', currency: 'EUR', columns: { order_id: { from: 'id' }, ts: { from: 'when' }, revenue: { expr: '"qty" * "price"' } } };
    await expect(importWith(mapping, csv)).rejects.toThrow(/columns\.revenue\.expr .*cast them/);
    const fixed = { ...mapping, columns: { ...mapping.columns, revenue: { expr: 'try_cast("qty" AS DOUBLE) * try_cast("price" AS DOUBLE)' } } };
    expect(await importWith(fixed, csv)).toMatchObject({ accepted: 1 });
    expect(await store.query('SELECT revenue FROM orders')).toEqual([{ revenue: 7 }]);
  });

  it('refuses a mapping with a typo, naming the key and the one meant', async () => {
    const path = write('typo.json', { name: 'x', tabel: 'orders', columns: { order_id: { form: 'id' } } });
    const error = await resolveSource(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    const message = (error as Error).message;
    expect(message).toContain('tabel: unknown key; did you mean "table"?');
    expect(message).toContain('columns.order_id.form: unknown key; did you mean "from"?');
    expect(message).toContain('table: required');
  });

  it('points at the JSON path of a bad value', async () => {
    const bad = { name: 'x', table: 'orders', currency: 'EUR', columns: { order_id: { from: 'id' }, ts: { from: 't' }, revenue: { from: 'r', type: 'money' } } };
    await expect(resolveSource(write('m.json', bad))).rejects.toThrow(/columns\.revenue\.type: expected one of string, integer, decimal/);
    const unknown = { ...bad, columns: { ...bad.columns, revenue: { from: 'r' }, revenu: { from: 'r' } } };
    await expect(resolveSource(write('m.json', unknown))).rejects.toThrow(/columns\.revenu: orders has no column "revenu"; did you mean "revenue"\?/);
  });

  it('refuses identifying fields in traits and raw e-mails outside the vault', async () => {
    const traits = { name: 'x', table: 'customers', columns: { customer_id: { from: 'id' }, 'traits.first_name': { from: 'First' } } };
    await expect(resolveSource(write('m.json', traits))).rejects.toThrow(/columns\.traits\.first_name: "first_name" identifies a person .* vault/);
    const email = { name: 'x', table: 'customers', columns: { customer_id: { from: 'Email', parser: 'email' } } };
    await expect(resolveSource(write('m.json', email))).rejects.toThrow(/columns\.customer_id\.pseudonymise: raw e-mail addresses are never stored/);
  });
});
