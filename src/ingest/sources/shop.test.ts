import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallShop } from '../../../test/small-shop.js';
import { tempDir } from '../../../test/temp.js';
import type { GenerateSummary } from '../../generate/index.js';
import { openFields } from '../../privacy/index.js';
import { openStore, type Store } from '../../store/index.js';
import type { ImportReport } from '../report.js';
import { resolveSource } from '../resolve-source.js';
import { importFiles } from '../run-import.js';
import { balanced } from '../../../test/balanced.js';
import { openRaw } from '../quarantine-seal.js';
import { listQuarantine } from '../quarantine.js';

const secret = Buffer.alloc(32, 3);


async function importWith(store: Store, file: string, source: string): Promise<ImportReport> {
  const report = await importFiles(store, { files: [file], source: await resolveSource(source, [file]), secret });
  balanced(report);
  return report;
}

describe('a generated shop through shop-pos, shop-crm and its mapping files', () => {
  let shop: { dir: string; summary: GenerateSummary; cleanup: () => void };
  let store: Store;
  const reports: Record<string, ImportReport> = {};

  beforeAll(async () => {
    shop = await smallShop();
    store = await openStore({ location: ':memory:', secret: secret.toString('hex') });
    reports['products'] = await importWith(store, join(shop.dir, 'products.csv'), join(shop.dir, 'mappings', 'products.json'));
    reports['pos'] = await importWith(store, join(shop.dir, 'pos_orders.csv'), 'shop-pos');
    reports['crm'] = await importWith(store, join(shop.dir, 'crm.csv'), 'shop-crm');
    reports['reviews'] = await importWith(store, join(shop.dir, 'reviews.csv'), join(shop.dir, 'mappings', 'reviews.json'));
  });
  afterAll(async () => {
    await store.close();
    shop.cleanup();
  });

  it('turns receipts into in-store orders with the catalogue product ids', async () => {
    const pos = shop.summary.files['pos_orders.csv'];
    expect(reports['pos']!.accepted).toBe(pos.rows);
    const [orders] = await store.query<{ n: number; returns: number; unknown_products: number }>(`
      SELECT count(*) AS n, count(*) FILTER (WHERE kind = 'return') AS returns,
        (SELECT count(*) FROM order_items WHERE source = 'shop-pos' AND product_id NOT IN (SELECT product_id FROM products)) AS unknown_products
      FROM orders WHERE channel = 'in-store'`);
    expect(orders).toEqual({ n: pos.receipts, returns: pos.returns, unknown_products: 0 });
    // Revenue of the receipts equals the file's own sum of quantity × price.
    const [raw] = await store.query<{ rev: number }>(`SELECT round(sum(quantity * unit_price), 2) AS rev FROM read_csv('${join(shop.dir, 'pos_orders.csv')}')`);
    const [stored] = await store.query<{ rev: number }>(`SELECT round(sum(revenue), 2) AS rev FROM orders WHERE channel = 'in-store'`);
    expect(stored!.rev).toBeCloseTo(raw!.rev, 2);
  });

  it('files every CRM record, hashes its identifiers and locks its personal fields in the vault', async () => {
    expect(reports['crm']!.accepted).toBe(shop.summary.files['crm.csv'].rows);
    const lines = readFileSync(join(shop.dir, 'crm.csv'), 'utf8').trim().split('\n').slice(1);
    const first = lines[0]!.split(',');
    const [customer] = await store.query<{ customer_id: string }>(`SELECT cairn_pseudonym('shop-crm', ?) AS customer_id`, [first[0]!]);
    const vault = await openFields(store, secret, customer!.customer_id);
    expect(vault['first_name']).toBe(first[1]);
    expect(vault['last_name']).toBe(first[2]);
    // No raw e-mail or surname of the CRM is stored in the clear anywhere.
    const emails = lines.map((l) => l.split(',')[3]!.trim().toLowerCase()).filter((e) => e.includes('@'));
    const clear = await allText(store);
    for (const e of emails.slice(0, 200)) expect(clear.includes(e), e).toBe(false);
  });

  it('links reviews to the same customers the events use', async () => {
    expect(reports['reviews']!.accepted).toBe(shop.summary.files['reviews.csv'].rows);
    const [row] = await store.query<{ ok: boolean }>(`
      SELECT bool_and(t.customer_id = cairn_pseudonym('user', r.user_id)) AS ok
      FROM texts t JOIN read_csv('${join(shop.dir, 'reviews.csv')}', all_varchar=true) r ON r.review_id = t.text_id`);
    expect(row!.ok).toBe(true);
  });

  it('adds nothing when the shop is imported again', async () => {
    for (const [file, source] of [['pos_orders.csv', 'shop-pos'], ['crm.csv', 'shop-crm']] as const) {
      const again = await importWith(store, join(shop.dir, file), source);
      expect(again.accepted, file).toBe(0);
      expect(again.duplicates, file).toBe(again.rowsRead);
    }
  });
});

describe('shop-pos and shop-crm quarantine, one real row damaged per reason', () => {
  let shop: { dir: string; summary: GenerateSummary; cleanup: () => void };
  const tmp = tempDir();
  beforeAll(async () => {
    shop = await smallShop(40, 30);
  });
  afterAll(() => {
    shop.cleanup();
    tmp.cleanup();
  });

  const posDamage: [string, (f: string[]) => void][] = [
    ['missing id', (f) => (f[0] = '')],
    ['unparseable date', (f) => (f[4] = '2026-02-30 25:61:00')],
    ['wrong type', (f) => (f[6] = 'two')],
    ['negative price', (f) => (f[7] = '-9.99')],
    ['zero quantity', (f) => (f[6] = '0')],
  ];
  const crmDamage: [string, (f: string[]) => void][] = [
    ['missing id', (f) => (f[0] = '')],
    ['unparseable date', (f) => (f[9] = 'last spring')],
    ['wrong type', (f) => (f[10] = 'maybe')],
  ];

  it.each([...posDamage.map((d) => ['shop-pos', 'pos_orders.csv', ...d] as const), ...crmDamage.map((d) => ['shop-crm', 'crm.csv', ...d] as const)])(
    '%s: a row with %s → %s',
    async (source, file, reason, damage) => {
      const lines = readFileSync(join(shop.dir, file), 'utf8').trim().split('\n');
      // A line with no quoted fields, so that splitting on commas is exact.
      const index = lines.findIndex((l, i) => i > 0 && !l.includes('"'));
      const fields = lines[index]!.split(',');
      damage(fields);
      const sample = [lines[0]!, ...lines.slice(1, 11).filter((_, i) => i + 1 !== index), fields.join(',')];
      const path = join(tmp.dir, `${source}-${reason.replace(/ /g, '-')}.csv`);
      writeFileSync(path, `${sample.join('\n')}\n`);
      const store = await openStore({ location: ':memory:' });
      try {
        const report = await importWith(store, path, source);
        expect(report.quarantine.map((q) => q.reason)).toEqual([reason]);
        expect(report.quarantined).toBe(1);
        const [q] = await store.query<{ raw: string }>('SELECT raw FROM quarantine');
        expect(q!.raw).toMatch(/^enc:v1:/);
        expect(JSON.parse(openRaw(secret, q!.raw))).toMatchObject({ [lines[0]!.split(',')[1]!]: fields[1] });
      } finally {
        await store.close();
      }
    },
  );
});

/** Every text and JSON value in every table, joined: to prove something is absent. */
async function allText(store: Store): Promise<string> {
  const columns = await store.query<{ table_name: string; column_name: string }>(`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_catalog <> 'temp' AND data_type IN ('VARCHAR', 'JSON')`);
  const temp = await store.query<{ n: number }>(`SELECT count(*) AS n FROM duckdb_tables() WHERE temporary AND table_name <> 'cairn_countries'`);
  expect(temp[0]?.n, 'working tables left behind').toBe(0);
  const parts: string[] = [];
  for (const c of columns) {
    const rows = await store.query<{ v: string | null }>(`SELECT string_agg("${c.column_name}"::VARCHAR, '\n') AS v FROM "${c.table_name}"`);
    parts.push(rows[0]?.v ?? '');
  }
  return parts.join('\n').toLowerCase();
}

describe('overlapping exports and split orders', () => {
  it('counts the same POS lines in two overlapping exports once', async () => {
    const shop = await smallShop(300, 60);
    const tmp = tempDir();
    const store = await openStore({ location: ':memory:' });
    try {
      const lines = readFileSync(join(shop.dir, 'pos_orders.csv'), 'utf8').trim().split('\n');
      const n = lines.length - 1;
      expect(n).toBeGreaterThanOrEqual(20);
      // Monday's export holds the first two thirds of the lines; Tuesday's re-exports the middle third and adds the rest.
      const cut = Math.ceil((2 * n) / 3);
      const from = Math.ceil(n / 3);
      const monday = join(tmp.dir, 'monday.csv');
      const tuesday = join(tmp.dir, 'tuesday.csv');
      writeFileSync(monday, `${[lines[0]!, ...lines.slice(1, cut + 1)].join('\n')}\n`);
      writeFileSync(tuesday, `${[lines[0]!, ...lines.slice(from + 1)].join('\n')}\n`);
      const report = await importFiles(store, { files: [monday, tuesday], source: await resolveSource('shop-pos') });
      balanced(report);
      expect(report).toMatchObject({ rowsRead: cut + (n - from), accepted: n, duplicates: cut - from });
      const [raw] = await store.query<{ rev: number }>(`SELECT round(sum(quantity * unit_price), 2) AS rev FROM read_csv('${join(shop.dir, 'pos_orders.csv')}') WHERE receipt_id IN (SELECT receipt_id FROM read_csv('${monday}') UNION SELECT receipt_id FROM read_csv('${tuesday}'))`);
      const [stored] = await store.query<{ rev: number }>(`SELECT round(sum(revenue), 2) AS rev FROM orders`);
      // Receipts cut at the edge of an export hold only the lines exported; the rest are checked line by line.
      const [lineSum] = await store.query<{ rev: number }>(`SELECT round(sum(quantity * price), 2) AS rev FROM order_items`);
      expect(stored!.rev).toBeCloseTo(lineSum!.rev, 2);
      expect(lineSum!.rev).toBeLessThanOrEqual(raw!.rev + 0.001);
    } finally {
      await store.close();
      tmp.cleanup();
      shop.cleanup();
    }
  });

  it('keeps an order split over two imports whole: all its lines, its first time, its customer', async () => {
    const tmp = tempDir();
    const store = await openStore({ location: ':memory:' });
    try {
      const header = 'receipt_id,store_id,loyalty_id,email,purchased_at,sku,quantity,unit_price,currency';
      const first = join(tmp.dir, 'first.csv');
      const second = join(tmp.dir, 'second.csv');
      writeFileSync(first, `${header}\nR1,ST-BER-01,C100001,,2025-11-03 10:00:00,SPO-1185,1,124.99,EUR\n`);
      writeFileSync(second, `${header}\nR1,ST-BER-01,,,2025-11-03 10:05:00,FOO-1055,2,9.99,EUR\n`);
      const source = await resolveSource('shop-pos');
      await importFiles(store, { files: [first], source });
      await importFiles(store, { files: [second], source });
      const orders = await store.query<{ revenue: number; ts: string; customer_id: string | null }>('SELECT revenue, ts, customer_id FROM orders');
      const [customer] = await store.query<{ c: string }>(`SELECT cairn_pseudonym('shop-crm', 'C100001') AS c`);
      expect(orders).toEqual([{ revenue: 144.97, ts: '2025-11-03T09:00:00.000Z', customer_id: customer!.c }]);
    } finally {
      await store.close();
      tmp.cleanup();
    }
  });
});

describe('shop-crm phone numbers', () => {
  it('reads a national number in the country of its row', async () => {
    const tmp = tempDir();
    const store = await openStore({ location: ':memory:' });
    try {
      const file = join(tmp.dir, 'crm.csv');
      writeFileSync(file, [
        'crm_id,first_name,last_name,email,phone,date_of_birth,city,postcode,country,signup_date,marketing_opt_in',
        'C1,Anna,Huber,anna.huber@example.at,0699/7618113,1990-01-02,Wien,1010,AT,2024-01-01,true',
        'C2,Jonas,Weber,jonas.weber@example.de,030 1234567,1985-03-04,Berlin,10115,DE,2024-02-01,false',
      ].join('\n'));
      await importFiles(store, { files: [file], source: await resolveSource('shop-crm'), secret });
      const rows = await store.query<{ ok: boolean }>(`
        SELECT count(*) FILTER (WHERE value_hash IN (cairn_hmac('+436997618113'), cairn_hmac('+49301234567'))) = 2 AS ok
        FROM identities WHERE kind = 'phone'`);
      expect(rows).toEqual([{ ok: true }]);
    } finally {
      await store.close();
      tmp.cleanup();
    }
  });
});

describe('a large JSONL file loaded in pieces', () => {
  it('gives the same store as loading it whole, with quarantine lines of the original file', async () => {
    const shop = await smallShop(60, 30);
    const file = join(shop.dir, 'events.jsonl');
    const whole = await openStore({ location: ':memory:' });
    const pieces = await openStore({ location: ':memory:' });
    try {
      const source = await resolveSource('segment');
      const a = await importFiles(whole, { files: [file], source, secret });
      const b = await importFiles(pieces, { files: [file], source, secret, pieceBytes: 64 * 1024 });
      balanced(b);
      const counts = (r: ImportReport) => ({ read: r.rowsRead, accepted: r.accepted, duplicates: r.duplicates, quarantined: r.quarantined, written: r.written });
      expect(counts(b)).toEqual(counts(a));
      const q = 'SELECT file, line, reason, raw FROM quarantine ORDER BY line';
      const opened = async (s: Store) => (await s.query<{ raw: string }>(q)).map((r) => ({ ...r, raw: openRaw(secret, r.raw) }));
      const [qa, qb] = [await opened(whole), await opened(pieces)];
      expect(qb).toEqual(qa);
      // The line numbers point into the original file.
      const lines = readFileSync(file, 'utf8').split('\n');
      for (const r of qb as { line: number; raw: string }[]) expect(lines[r.line - 1]).toBe(r.raw);
      const e = 'SELECT count(*) AS n, count(DISTINCT event_id) AS ids, sum(hash(event_id, ts, properties::VARCHAR)) AS h FROM events';
      expect(await pieces.query(e)).toEqual(await whole.query(e));
    } finally {
      await whole.close();
      await pieces.close();
      shop.cleanup();
    }
  });
});

describe('rejected records with personal data', () => {
  it('are sealed at rest in the quarantine, readable with the store secret only', async () => {
    const tmp = tempDir();
    const store = await openStore({ location: ':memory:', secret: secret.toString('hex') });
    try {
      const file = join(tmp.dir, 'crm.csv');
      writeFileSync(file, [
        'crm_id,first_name,last_name,email,phone,date_of_birth,city,postcode,country,signup_date,marketing_opt_in',
        'C7,Greta,Lindqvist,greta.lindqvist@example.se,+46701234567,1979-05-06,Berlin,10115,DE,last spring,true',
      ].join('\n'));
      const report = await importFiles(store, { files: [file], source: await resolveSource('shop-crm'), secret });
      expect(report.quarantine[0]?.example.raw).toContain('greta.lindqvist@example.se'); // the person at the terminal sees it
      const clear = await allText(store);
      for (const piece of ['greta.lindqvist', 'Lindqvist', '+46701234567']) expect(clear.includes(piece.toLowerCase()), piece).toBe(false);
      const listed = await listQuarantine(store, {}, secret);
      expect(JSON.parse(listed.entries[0]!.raw)).toMatchObject({ email: 'greta.lindqvist@example.se', last_name: 'Lindqvist' });
      expect((await listQuarantine(store, {})).entries[0]!.raw).toBe('[encrypted: needs the store secret]');
      // The detail quotes the offending value, so it is sealed too, and opened for the terminal.
      expect(report.quarantine[0]?.example.detail).toContain('last spring');
      expect(clear.includes('last spring')).toBe(false);
      expect(listed.entries[0]!.detail).toContain('last spring');
      // Seen again, it is a duplicate of the sealed record, not a second one.
      const again = await importFiles(store, { files: [file], source: await resolveSource('shop-crm'), secret });
      expect(again).toMatchObject({ duplicates: 1, quarantined: 0 });
    } finally {
      await store.close();
      tmp.cleanup();
    }
  });
});
