import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { phoneDigits, prepareNeedles, scanStoreForValues, scanTextForValues } from './scan.js';
import { sealText } from './sealed-text.js';

const secret = Buffer.alloc(32, 5);
const needles = { emails: ['Ada.Lovelace@Example.com '], phones: ['+49 177 41969948', '0351/5843498', '0000000000'] };

describe('privacy scan', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ location: ':memory:', secret: secret.toString('hex') });
  });
  afterEach(async () => {
    await store.close();
  });

  it('normalises needles: e-mails lower-cased (and URL-encoded), phones to their national digits, placeholders out', () => {
    expect(prepareNeedles(needles)).toEqual({ emails: ['ada.lovelace%40example.com', 'ada.lovelace@example.com'], phones: ['17741969948', '3515843498'] });
    expect(['0177 4196-9948', '004917741969948', '+49 (0)177 41969948'].map((p) => phoneDigits(p))).toEqual(['17741969948', '17741969948', '17741969948']);
    expect(phoneDigits('12345')).toBeNull();
  });

  it('finds planted values in any table and column kind, in any case and phone format, but not in the vault ciphertext', async () => {
    expect((await scanStoreForValues(store, needles)).hits).toEqual([]);
    await store.exec(`
      CREATE TABLE planted (id INTEGER, note VARCHAR, doc JSON, bytes BLOB, tags VARCHAR[], mobile BIGINT);
      INSERT INTO planted VALUES
        (1, 'write to ADA.LOVELACE@example.com', '{"url": "https://x.example/?e=ada.lovelace%40example.com"}', 'call 0177 4196-9948'::BLOB, ['a', 'b'], NULL),
        (2, 'nothing here', '{"phone": "0351 584 34 98", "n": 3515843}', NULL, ['ada.lovelace@example.com'], 4917741969948),
        (3, 'nor here: 2026-09-03T13:53:40.958Z 17741969', '{"id": "17741969"}', NULL, NULL, 17741969);`);
    await store.execute(`INSERT INTO pii_vault VALUES ('c_1', 'email', ?::BLOB, now())`, ['ada.lovelace@example.com']);
    await store.execute(`INSERT INTO quarantine (source, raw, reason, received_at) VALUES ('test', ?, 'bad', now()), ('test', ?, 'bad', now())`, [
      sealText(secret, 'quarantine', '{"email": "ada.lovelace@example.com"}'),
      '{"phone": "+49 177 41969948"}',
    ]);
    const scan = await scanStoreForValues(store, needles);
    expect(scan.tables).toEqual(expect.arrayContaining(['planted', 'quarantine', 'pii_vault', 'events']));
    expect(scan.columns).toEqual(expect.arrayContaining(['planted.note', 'planted.doc', 'planted.bytes', 'planted.tags', 'planted.mobile', 'pii_vault.field']));
    expect(scan.columns).not.toContain('pii_vault.ciphertext');
    expect(scan.hits.map((h) => `${h.table}.${h.column} ${h.rows}`).sort()).toEqual([
      'planted.bytes 1', 'planted.doc 2', 'planted.mobile 1', 'planted.note 1', 'planted.tags 1', 'quarantine.raw 1',
    ]);
    expect(scan.hits.find((h) => h.column === 'doc')?.needles).toEqual(['3515843498', 'ada.lovelace%40example.com']);
    // Told to, it scans the ciphertext too (here planted in the clear).
    const all = await scanStoreForValues(store, needles, { except: [] });
    expect(all.hits.some((h) => h.table === 'pii_vault' && h.column === 'ciphertext')).toBe(true);
  });

  it('finds the lines of a log that hold a needle', () => {
    const log = ['{"level":30,"msg":"request","route":"/v1/batch"}', 'error: duplicate key "Ada.Lovelace@example.COM"', 'calling +49-177-4196 9948', 'id 17741969'].join('\n');
    expect(scanTextForValues(log, needles)).toEqual([
      { line: 2, needles: ['ada.lovelace@example.com'] },
      { line: 3, needles: ['17741969948'] },
    ]);
  });
});
