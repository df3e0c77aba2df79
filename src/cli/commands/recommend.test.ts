import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { tempDir } from '../../../test/temp.js';
import { mulberry32 } from '../../models/prng.js';
import { openStore } from '../../store/index.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

/** Two tastes (users u0..u39 like items a*, u40..u79 items b*), MovieLens u.data layout: tab, no header. */
function writeTastes(): { all: string; train: string; test: string } {
  const r = mulberry32(4);
  const lines: string[] = [];
  for (let u = 0; u < 80; u++) {
    const prefix = u < 40 ? 'a' : 'b';
    for (let i = 0; i < 12; i++) if (r() < 0.45) lines.push(`u${u}\t${prefix}${i}\t${1 + Math.floor(r() * 5)}\t${880000000 + Math.floor(r() * 1e6)}`);
  }
  const all = join(tmp.dir, 'all.tsv');
  writeFileSync(all, `${lines.join('\n')}\n`);
  const train = join(tmp.dir, 'train.tsv');
  const test = join(tmp.dir, 'test.tsv');
  writeFileSync(train, `${lines.filter((_, i) => i % 4 !== 0).join('\n')}\n`);
  // One cold-start user and one item never trained on.
  writeFileSync(test, `${[...lines.filter((_, i) => i % 4 === 0), 'stranger\ta1\t5\t881000000', 'u1\tnew-item\t3\t881000000'].join('\n')}\n`);
  return { all, train, test };
}

const files = writeTastes();

describe('cairn recommend evaluate', () => {
  it('prints one row per model with the metrics, and counts cold starts', async () => {
    const r = await runCli('--json', 'recommend', 'evaluate', '--train', files.train, '--test', files.test, '--columns', 'user,item,rating,timestamp', '--sep', 'TAB', '--k', '5');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { k: number; rows: { model: string; ndcg: number; precision: number; trainSeconds: number }[]; test: { coldStartUsers: number; coldStartItemInteractions: number } };
    expect(doc.k).toBe(5);
    expect(doc.rows.map((x) => x.model)).toEqual(['popularity', 'item-knn', 'ease', 'als']);
    expect(doc.test.coldStartUsers).toBe(1);
    expect(doc.test.coldStartItemInteractions).toBe(1);
    const pop = doc.rows[0]!.ndcg;
    for (const row of doc.rows.slice(1, 3)) expect(row.ndcg).toBeGreaterThan(pop);
  });

  it('splits one file at random or by time, and prints a table without --json', async () => {
    const r = await runCli('recommend', 'evaluate', '--file', files.all, '--split', 'random:0.25', '--columns', 'user,item,rating,timestamp', '--models', 'popularity,item-knn');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/NDCG@10/);
    expect(r.stdout).toMatch(/item-knn/);
    const t = await runCli('--json', 'recommend', 'evaluate', '--file', files.all, '--split', 'time:0.2', '--columns', 'user,item,rating,timestamp', '--models', 'popularity');
    expect(t.code, t.stderr).toBe(0);
    expect((JSON.parse(t.stdout) as { input: { split: string } }).input.split).toBe('time, latest 0.2');
  });

  it('reads a CSV with a header, picking columns by name', async () => {
    const csv = join(tmp.dir, 'retail.csv');
    writeFileSync(csv, 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,CustomerID\n1,A,"MUG, RED",6,2010-12-01 08:26:00,17850.0\n2,B,PLATE,-1,2010-12-02 08:26:00,17850.0\n3,A,"MUG, RED",2,2010-12-03 08:26:00,13047.0\n4,B,PLATE,1,2010-12-04 08:26:00,13047.0\n');
    const r = await runCli('--json', 'recommend', 'evaluate', '--file', csv, '--split', 'time:0.34', '--columns', 'CustomerID,StockCode,Quantity,InvoiceDate', '--models', 'popularity');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { input: { nonPositiveRows: number }; train: { interactions: number } };
    expect(doc.input.nonPositiveRows).toBe(1);
    expect(doc.train.interactions).toBe(2);
  });

  it('names the line of a non-numeric rating, and the missing column', async () => {
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(bad, 'user,item,rating\n1,2,5\n1,3,five\n');
    const r = await runCli('recommend', 'evaluate', '--train', bad, '--test', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.csv line 3: rating "five" is not a number/);
    const noItem = join(tmp.dir, 'no-item.csv');
    writeFileSync(noItem, 'user,rating\n1,5\n');
    const m = await runCli('recommend', 'evaluate', '--train', noItem, '--test', noItem);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/no item column in the header \(user, rating\)/);
    const noTime = await runCli('recommend', 'evaluate', '--file', bad, '--split', 'time:0.25');
    expect(noTime.stderr).toMatch(/time split needs a timestamp column/);
  });

  it('says how to call it when the flags do not fit', async () => {
    const r = await runCli('recommend', 'evaluate', '--train', files.train);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--train needs --test/);
    const s = await runCli('recommend', 'evaluate', '--file', files.all, '--split', 'half');
    expect(s.stderr).toMatch(/random:FRACTION, time:FRACTION or chrono:FRACTION/);
  });
});

describe('cairn recommend CUSTOMER', () => {
  const db = join(tmp.dir, 'shop.duckdb');
  it('recommends from the store with reasons, popular items for a new customer, and fails on an unknown one', async () => {
    const store = await openStore({ location: db });
    try {
      const ts = '2024-05-01 10:00:00';
      await store.appendRows('products', ['product_id', 'name', 'category', 'source'], [
        ['p1', 'Red mug', 'Kitchen', 't'],
        ['p2', 'Blue mug', 'Kitchen', 't'],
        ['p3', 'Novel', 'Books', 't'],
      ]);
      await store.appendRows('customers', ['customer_id', 'source'], [['c_new', 't']]);
      const orders: [string, string][] = [['o1', 'c_a'], ['o2', 'c_b'], ['o3', 'c_c'], ['o4', 'c_d']];
      await store.appendRows('orders', ['order_id', 'customer_id', 'ts', 'revenue', 'currency', 'source'], orders.map(([o, c]) => [o, c, ts, 10, 'EUR', 't']));
      const lines: [string, string][] = [['o1', 'p1'], ['o1', 'p2'], ['o2', 'p1'], ['o2', 'p2'], ['o3', 'p1'], ['o4', 'p3']];
      await store.appendRows('order_items', ['line_key', 'order_id', 'product_id', 'quantity', 'price', 'source'], lines.map(([o, p], i) => [`l${i}`, o, p, 1, 5, 't']));
      await store.appendRows('orders', ['order_id', 'customer_id', 'ts', 'revenue', 'currency', 'source'], [['o5', 'c_x', ts, 5, 'EUR', 't']]);
      await store.appendRows('order_items', ['line_key', 'order_id', 'product_id', 'quantity', 'price', 'source'], [['l9', 'o5', 'p3', 1, 5, 't']]);
    } finally {
      await store.close();
    }
    const r = await runCli('--db', db, '--json', 'recommend', 'c_c', '--k', '1');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { items: { productId: string; reason: { text: string } }[]; coldStart: boolean };
    expect(doc.coldStart).toBe(false);
    expect(doc.items).toEqual([expect.objectContaining({ productId: 'p2', reason: expect.objectContaining({ text: 'bought by customers who bought Red mug' }) })]);
    const text = await runCli('--db', db, 'recommend', 'c_new', '--k', '2');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/no purchases or views yet/);
    expect(text.stdout).toMatch(/popular with other customers/);
    const none = await runCli('--db', db, 'recommend', 'c_nobody');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/there is no customer c_nobody/);
    const bad = await runCli('--db', db, 'recommend', 'c_a', '--k', 'many');
    expect(bad.code).toBe(2);
  });
});
