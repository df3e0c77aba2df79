import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { openFields, openFieldsOfAll, sealFields, shredCustomer, VaultError } from './vault.js';

describe('pii vault', () => {
  const secret = randomBytes(32);
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ location: ':memory:', secret: secret.toString('hex') });
  });
  afterEach(async () => {
    await store.close();
  });

  it('round-trips values, keeps the newest per field, and stores no plain text', async () => {
    await sealFields(store, secret, [
      { customerId: 'c_1', field: 'email', value: 'ada@example.com', updatedAt: '2024-02-01T00:00:00Z' },
      { customerId: 'c_1', field: 'firstName', value: 'Ada' },
      { customerId: 'c_2', field: 'email', value: 'bob@example.com' },
    ]);
    // An older value does not replace a newer one; a newer one does.
    await sealFields(store, secret, [{ customerId: 'c_1', field: 'email', value: 'old@example.com', updatedAt: '2023-01-01T00:00:00Z' }]);
    expect(await openFields(store, secret, 'c_1')).toEqual({ email: 'ada@example.com', firstName: 'Ada' });
    await sealFields(store, secret, [{ customerId: 'c_1', field: 'email', value: 'new@example.com', updatedAt: '2024-03-01T00:00:00Z' }]);
    expect(await openFields(store, secret, 'c_1')).toEqual({ email: 'new@example.com', firstName: 'Ada' });
    expect(await openFields(store, secret, 'c_2')).toEqual({ email: 'bob@example.com' });
    expect(await openFields(store, secret, 'c_none')).toEqual({});

    const keys = await store.query<{ n: number }>('SELECT count(*) AS n FROM vault_keys');
    expect(keys[0]?.n).toBe(2);
    const dump = await store.query<{ t: string }>(`SELECT string_agg(ciphertext::VARCHAR, '|') AS t FROM pii_vault`);
    expect(dump[0]?.t).not.toMatch(/example|Ada/);
  });

  it('serves reads while a write is under way on the same connection (the server does both)', async () => {
    await sealFields(store, secret, [{ customerId: 'c_1', field: 'email', value: 'ada@example.com' }]);
    const writes = Array.from({ length: 5 }, (_, i) => sealFields(store, secret, [{ customerId: `c_${i + 2}`, field: 'email', value: `p${i}@example.com` }]));
    const reads = Array.from({ length: 5 }, () => openFields(store, secret, 'c_1'));
    const [written, opened] = await Promise.all([Promise.all(writes), Promise.all(reads)]);
    expect(written).toEqual([1, 1, 1, 1, 1]);
    for (const fields of opened) expect(fields).toEqual({ email: 'ada@example.com' });
    expect(await openFields(store, secret, 'c_6')).toEqual({ email: 'p4@example.com' });
  });

  it('cannot open the vault with another secret, nor a value moved to another customer', async () => {
    await sealFields(store, secret, [
      { customerId: 'c_1', field: 'email', value: 'ada@example.com' },
      { customerId: 'c_2', field: 'email', value: 'bob@example.com' },
    ]);
    await expect(openFields(store, randomBytes(32), 'c_1')).rejects.toThrow(VaultError);
    await store.exec(`UPDATE pii_vault SET ciphertext = (SELECT ciphertext FROM pii_vault WHERE customer_id = 'c_2') WHERE customer_id = 'c_1'`);
    await expect(openFields(store, secret, 'c_1')).rejects.toThrow(/does not authenticate/);
  });

  it('shredding destroys the key: a copy of the ciphertext can no longer be read', async () => {
    await sealFields(store, secret, [{ customerId: 'c_1', field: 'email', value: 'ada@example.com' }]);
    const copy = await store.query<{ c: string }>(`SELECT hex(ciphertext) AS c FROM pii_vault WHERE customer_id = 'c_1'`);
    expect(await shredCustomer(store, 'c_1')).toEqual({ keys: 1, fields: 1 });
    expect(await openFields(store, secret, 'c_1')).toEqual({});

    // Put the old ciphertext back (as a restored backup would): it stays unreadable, even after
    // the customer comes back and gets a fresh key.
    await sealFields(store, secret, [{ customerId: 'c_1', field: 'phone', value: '+441234567890' }]);
    await store.execute(`INSERT INTO pii_vault VALUES ('c_1', 'email', from_hex(?), now()::TIMESTAMP)`, [copy[0]?.c ?? '']);
    await expect(openFields(store, secret, 'c_1')).rejects.toThrow(/does not authenticate/);
    await shredCustomer(store, 'c_1');
    await store.execute(`INSERT INTO pii_vault VALUES ('c_1', 'email', from_hex(?), now()::TIMESTAMP)`, [copy[0]?.c ?? '']);
    await expect(openFields(store, secret, 'c_1')).rejects.toThrow(/destroyed/);
  });
  it('opens the named fields of every customer at once, skipping the shredded', async () => {
    await sealFields(store, secret, [
      { customerId: 'c_1', field: 'email', value: 'ada@example.com' },
      { customerId: 'c_1', field: 'firstName', value: 'Ada' },
      { customerId: 'c_2', field: 'email', value: 'bob@example.com' },
      { customerId: 'c_3', field: 'email', value: 'cy@example.com' },
    ]);
    const copy = await store.query<{ c: string }>(`SELECT hex(ciphertext) AS c FROM pii_vault WHERE customer_id = 'c_3'`);
    await shredCustomer(store, 'c_3');
    await store.execute(`INSERT INTO pii_vault VALUES ('c_3', 'email', from_hex(?), now()::TIMESTAMP)`, [copy[0]?.c ?? '']);
    const opened = await openFieldsOfAll(store, secret, ['email', 'phone']);
    expect(opened.rows.map((r) => [r.customerId, r.field, r.value])).toEqual([['c_1', 'email', 'ada@example.com'], ['c_2', 'email', 'bob@example.com']]);
    expect(opened.shredded).toBe(1);
    await expect(openFieldsOfAll(store, Buffer.alloc(32, 9), ['email'])).rejects.toThrow(VaultError);
  });
});
