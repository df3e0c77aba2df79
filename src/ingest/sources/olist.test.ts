import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DATA, tempDir } from '../../../test/temp.js';
import { openStore, type Store } from '../../store/index.js';
import type { ImportReport } from '../report.js';
import { importFiles } from '../run-import.js';
import { olist } from './olist.js';
import { olistCategories, olistProducts } from './olist-layouts.js';
import { balanced } from '../../../test/balanced.js';
import { replaceField } from '../../../test/csv-line.js';

const DIR = join(SHARED_DATA, 'olist-brazilian-ecommerce');
const PRODUCTS = join(DIR, 'olist_products_dataset.csv');
const SELLERS = join(DIR, 'olist_sellers_dataset.csv');
const PAYMENTS = join(DIR, 'olist_order_payments_dataset.csv');
const CATEGORIES = join(DIR, 'product_category_name_translation.csv');
const FILES = [PAYMENTS, PRODUCTS, SELLERS, CATEGORIES];
const hasData = FILES.every((f) => existsSync(f));
if (!hasData) console.warn(`olist tests skipped: the data set is missing (${DIR})`);


const counts = `SELECT (SELECT count(*) FROM products) AS products, (SELECT count(*) FROM sellers) AS sellers,
  (SELECT count(*) FROM payments) AS payments, (SELECT sum(value)::DECIMAL(18,2)::VARCHAR FROM payments) AS total,
  (SELECT count(*) FROM product_category_names) AS categories`;

describe.skipIf(!hasData)('olist source on the four real files in one command', () => {
  let store: Store;
  let first: ImportReport;

  beforeAll(async () => {
    store = await openStore({ location: ':memory:' });
    first = await importFiles(store, { files: FILES, source: olist });
  });
  afterAll(() => store.close());

  it('loads 32,951 products, 3,095 sellers and 103,886 payments worth 16,008,872.12', async () => {
    balanced(first);
    // 140,003 records and the four header lines, read but holding no record.
    expect(first).toMatchObject({ rowsRead: 140_003, accepted: 140_003, duplicates: 0, quarantined: 0 });
    expect(await store.query(counts)).toEqual([{ products: 32_951, sellers: 3_095, payments: 103_886, total: '16008872.12', categories: 71 }]);
  });

  it('shows categories in English although the translation file came last', async () => {
    const rows = await store.query(
      `SELECT category, json_extract_string(attributes, '$.category_pt') AS pt, (attributes->>'$.weight_g')::INT AS weight
       FROM products WHERE product_id = '1e9e8ef04dbcff4541ed26657ea517e5'`,
    );
    expect(rows).toEqual([{ category: 'perfumery', pt: 'perfumaria', weight: 225 }]);
    // Two categories have no translation and keep their own name; 610 products have none at all.
    const untranslated = await store.query(
      `SELECT count(*) FILTER (WHERE category IS NULL) AS none, list(DISTINCT category ORDER BY category) FILTER (WHERE category NOT IN (SELECT name_en FROM product_category_names)) AS own
       FROM products`,
    );
    expect(untranslated).toEqual([{ none: 610, own: ['pc_gamer', 'portateis_cozinha_e_preparadores_de_alimentos'] }]);
  });

  it('keeps zip-code prefixes with their leading zeros and keys payments by order', async () => {
    const zeros = await store.query<{ n: number }>(`SELECT count(*) AS n FROM sellers WHERE zip_code_prefix LIKE '0%'`);
    expect(zeros[0]?.n).toBeGreaterThan(0);
    const pay = await store.query(`SELECT payment_type, installments, value::DOUBLE AS value, currency FROM payments WHERE order_id = 'olist:b81ef226f3fe1789b1e8b2acac839d17'`);
    expect(pay).toEqual([{ payment_type: 'credit_card', installments: 8, value: 99.33, currency: 'BRL' }]);
  });

  it('adds nothing when the files are imported again', async () => {
    const before = await store.query(counts);
    const again = await importFiles(store, { files: FILES, source: olist });
    balanced(again);
    expect(again).toMatchObject({ accepted: 0, duplicates: again.rowsRead });
    expect(await store.query(counts)).toEqual(before);
  });
});

describe.skipIf(!hasData)('olist layouts on their own', () => {
  it('translates categories whichever file comes first', async () => {
    const store = await openStore({ location: ':memory:' });
    try {
      balanced(await importFiles(store, { files: [CATEGORIES], source: olistCategories }));
      balanced(await importFiles(store, { files: [PRODUCTS], source: olistProducts }));
      const rows = await store.query(`SELECT category FROM products WHERE product_id = '1e9e8ef04dbcff4541ed26657ea517e5'`);
      expect(rows).toEqual([{ category: 'perfumery' }]);
    } finally {
      await store.close();
    }
  });

  it('refuses a file that is not an Olist file before writing anything', async () => {
    const tmp = tempDir();
    const stranger = join(tmp.dir, 'customers.csv');
    writeFileSync(stranger, 'customerID,gender\n7590-VHVEG,Female\n');
    const store = await openStore({ location: ':memory:' });
    try {
      await expect(importFiles(store, { files: [SELLERS, stranger], source: olist })).rejects.toThrow(/customers.csv is not one of the Olist files/);
      expect(await store.query(`SELECT count(*) AS n FROM sellers`)).toEqual([{ n: 0 }]);
    } finally {
      await store.close();
      tmp.cleanup();
    }
  });
});

describe.skipIf(!hasData)('olist quarantine, one real row damaged per reason and file', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  const head = (file: string): string[] => (hasData ? readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).slice(0, 21) : []);
  const sample = { products: head(PRODUCTS), sellers: head(SELLERS), payments: head(PAYMENTS), categories: head(CATEGORIES) };
  type Kind = keyof typeof sample;
  const row = (kind: Kind, i: number): string => sample[kind][i] ?? '';
  // [file, reason, damaged line]; fields are split on commas (none of these rows quotes a comma).
  const damaged: [kind: Kind, reason: string, bad: string][] = [
    ['products', 'missing id', replaceField(row('products', 1), 0, '')],
    ['products', 'wrong type', replaceField(row('products', 2), 5, 'heavy')],
    ['products', 'out of range', replaceField(row('products', 3), 5, '-225')],
    ['products', 'extra field', `${row('products', 4)},surplus`],
    ['sellers', 'missing id', replaceField(row('sellers', 1), 0, '""')],
    ['sellers', 'wrong type', replaceField(row('sellers', 2), 1, '"1302A"')],
    ['payments', 'missing id', replaceField(row('payments', 1), 0, '')],
    ['payments', 'missing field', replaceField(row('payments', 2), 4, '')],
    ['payments', 'wrong type', replaceField(row('payments', 3), 3, 'eight')],
    ['payments', 'negative price', replaceField(row('payments', 4), 4, '-99.33')],
    ['payments', 'out of range', replaceField(row('payments', 5), 1, '0')],
    ['categories', 'missing id', replaceField(row('categories', 1), 0, '')],
    ['categories', 'missing field', replaceField(row('categories', 2), 1, '')],
  ];

  it.each(damaged)('puts a %s row with %s in quarantine with its raw text and accepts the rest', async (kind, reason, bad) => {
    const lines = sample[kind];
    const file = join(tmp.dir, `${kind}-${reason.replace(/ /g, '-')}-${basename(PRODUCTS)}`);
    const rest = lines.slice(10, 20);
    writeFileSync(file, [lines[0], ...rest.slice(0, 5), bad, ...rest.slice(5), ''].join('\n'));
    const store = await openStore({ location: ':memory:' });
    try {
      const report = await importFiles(store, { files: [file], source: olist });
      balanced(report);
      expect(report.quarantine.map((q) => q.reason)).toEqual([reason]);
      expect(report.accepted).toBe(rest.length);
      const q = await store.query<{ raw: string; file: string; source: string }>(`SELECT raw, file, source FROM quarantine`);
      expect(q).toHaveLength(1);
      expect(q[0]!.file).toBe(file);
      expect(q[0]!.source).toBe(`olist-${kind}`);
      const raw = q[0]!.raw.startsWith('{') ? Object.values(JSON.parse(q[0]!.raw) as Record<string, string | null>).map((v) => v ?? '') : [q[0]!.raw];
      expect(raw.join(',')).toBe(bad.replaceAll('"', ''));
    } finally {
      await store.close();
    }
  });
});
